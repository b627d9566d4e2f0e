#include "core/report/commands.h"

#include <utility>

#include "core/engine/replay.h"
#include "core/report/diff.h"
#include "core/report/explain.h"
#include "core/report/expectations.h"
#include "core/report/report.h"

namespace flowcast {

CommandResult check_command(const std::string& name, const Scenario& sc) {
  CommandResult o;
  ReplayResult r = replay(sc);
  auto failures = check_expectations(sc, r);
  const std::string total = std::to_string(sc.expect.size());
  if (failures.empty()) {
    o.out = name + ": ok (" + total + " expectations)\n";
    return o;
  }
  o.code = 1;
  o.out = name + ": FAILED " + std::to_string(failures.size()) + " of " + total + " expectations\n";
  for (const auto& f : failures) {
    o.out += "  " + name + ": /expect/" + std::to_string(f.index) + ": expected " +
             f.expectation + "\n    actual: " + f.actual + "\n";
  }
  return o;
}

CommandResult explain_command(const std::string& name, const Scenario& sc,
                              const std::string& contact,
                              const std::optional<std::string>& template_id) {
  CommandResult o;
  if (template_id && sc.find_template(*template_id) < 0) {
    o.err = name + ": /templates: no template '" + *template_id + "'\n";
    o.code = 2;
    return o;
  }
  ReplayOptions opts;
  opts.trace = true;
  ReplayResult r = replay(sc, opts);
  auto story = explain_contact(sc, r, contact, template_id);
  if (!story) {
    o.err = name + ": no contact '" + contact + "' (not listed and no events)\n";
    o.code = 2;
    return o;
  }
  o.out = std::move(*story);
  return o;
}

CommandResult diff_command(const Scenario& before, Scenario& after, const std::string& after_name) {
  CommandResult o;
  after.contacts = before.contacts;
  after.events = before.events;
  for (const Contact& c : after.contacts) {
    if (!c.timezone.empty() && !after.zones->find(c.timezone)) {
      o.err = after_name + ": /settings/timezone: unknown time zone '" + c.timezone + "'\n";
      o.code = 2;
      return o;
    }
  }
  ReplayResult rb = replay(before);
  ReplayResult ra = replay(after);
  ReportDiff d = diff_replays(before, rb, after, ra);
  o.out = diff_text(d);
  // Messages decide what is listed; any other change in the report (enrollments, actions,
  // stats, warnings) still makes the two versions differ.
  const bool same = d.identical_messages() && report_json(before, rb) == report_json(after, ra);
  if (d.identical_messages() && !same) {
    o.out += "messages are the same, but enrollments, actions or stats differ\n";
  }
  o.code = same ? 0 : 1;
  return o;
}

}  // namespace flowcast
