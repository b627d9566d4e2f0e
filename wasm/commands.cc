#include "wasm/commands.h"

#include <algorithm>
#include <utility>

#include "core/engine/replay.h"
#include "core/report/diff.h"
#include "core/report/explain.h"
#include "core/report/expectations.h"
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
  ReplayResult r = flowcast::replay(*sc);
  auto failures = check_expectations(*sc, r);
  if (failures.empty()) {
    o.out = name + ": ok (" + std::to_string(sc->expect.size()) + " expectations)\n";
    return o;
  }
  o.code = 1;
  o.out = name + ": FAILED " + std::to_string(failures.size()) + " of " +
          std::to_string(sc->expect.size()) + " expectations\n";
  for (const auto& f : failures) {
    o.out += "  " + name + ": /expect/" + std::to_string(f.index) + ": expected " +
             f.expectation + "\n    actual: " + f.actual + "\n";
  }
  return o;
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
  if (template_id && sc->find_template(*template_id) < 0) {
    o.err += name + ": /templates: no template '" + *template_id + "'\n";
    o.code = 2;
    return o;
  }
  ReplayOptions opts;
  opts.trace = true;
  ReplayResult r = flowcast::replay(*sc, opts);
  auto story = explain_contact(*sc, r, contact, template_id);
  if (!story) {
    o.err += name + ": no contact '" + contact + "' (not listed and no events)\n";
    o.code = 2;
    return o;
  }
  o.out = std::move(*story);
  return o;
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
  after->contacts = before->contacts;
  after->events = before->events;
  for (const Contact& c : after->contacts) {
    if (!c.timezone.empty() && !after->zones->find(c.timezone)) {
      o.err += after_name + ": /settings/timezone: unknown time zone '" + c.timezone + "'\n";
      o.code = 2;
      return o;
    }
  }
  ReplayResult rb = flowcast::replay(*before);
  ReplayResult ra = flowcast::replay(*after);
  ReportDiff d = diff_replays(*before, rb, *after, ra);
  o.out = diff_text(d);
  bool same = d.identical_messages() && report_json(*before, rb) == report_json(*after, ra);
  if (d.identical_messages() && !same) {
    o.out += "messages are the same, but enrollments, actions or stats differ\n";
  }
  o.code = same ? 0 : 1;
  return o;
}

}  // namespace flowcast::wasm
