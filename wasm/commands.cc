#include "wasm/commands.h"

#include <algorithm>
#include <utility>

#include "core/engine/replay.h"
#include "core/report/commands.h"
#include "core/report/report.h"
#include "core/report/report_text.h"
#include "wasm/zone_archive.h"

namespace flowcast::wasm {

std::optional<Scenario> load_text(const std::string& text, const std::string& name,
                                  std::string* err) {
  LoadResult r = load_scenario(text, &zone_source());
  for (const LoadDiagnostic& d : r.diagnostics) {
    *err += format_diagnostic(name, d);
    *err += '\n';
  }
  if (!r.ok()) return std::nullopt;
  return std::move(*r.scenario);
}

namespace {

// The command's result after the load diagnostics already in `o.err`.
Outcome with_diagnostics(Outcome o, CommandResult r) {
  o.code = r.code;
  o.out = std::move(r.out);
  o.err += r.err;
  return o;
}

}  // namespace

Outcome replay(const std::string& text, const std::string& name, const std::string& format) {
  Outcome o;
  if (format != "json" && format != "table" && format != "csv") {
    o.code = 2;
    o.err = "flowcast replay: unknown format '" + format + "' (expected json, table or csv)\n";
    return o;
  }
  auto sc = load_text(text, name, &o.err);
  if (!sc) {
    o.code = 2;
    return o;
  }
  ReplayResult r = flowcast::replay(*sc);
  if (format == "json") o.out = report_json(*sc, r);
  else if (format == "csv") o.out = report_csv(*sc, r);
  else o.out = report_table(*sc, r);
  return o;
}

Outcome validate(const std::string& text, const std::string& name) {
  Outcome o;
  if (!load_text(text, name, &o.err)) o.code = 2;
  return o;
}

Outcome check(const std::string& text, const std::string& name) {
  Outcome o;
  auto sc = load_text(text, name, &o.err);
  if (!sc) {
    o.code = 2;
    return o;
  }
  return with_diagnostics(std::move(o), check_command(name, *sc));
}

Outcome explain(const std::string& text, const std::string& name, const std::string& contact,
                const std::optional<std::string>& template_id) {
  Outcome o;
  if (contact.empty()) {
    o.code = 2;
    o.err = "flowcast explain: --contact is required\n";
    return o;
  }
  auto sc = load_text(text, name, &o.err);
  if (!sc) {
    o.code = 2;
    return o;
  }
  return with_diagnostics(std::move(o), explain_command(name, *sc, contact, template_id));
}

Outcome diff(const std::string& before_text, const std::string& before_name,
             const std::string& after_text, const std::string& after_name) {
  Outcome o;
  // Both are loaded (and both sets of diagnostics printed) before giving up, as natively.
  auto before = load_text(before_text, before_name, &o.err);
  auto after = load_text(after_text, after_name, &o.err);
  if (!before || !after) {
    o.code = 2;
    return o;
  }
  return with_diagnostics(std::move(o), diff_command(*before, *after, after_name));
}

}  // namespace flowcast::wasm
