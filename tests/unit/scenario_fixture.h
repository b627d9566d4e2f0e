// Test helper for the engine suites: builds a scenario from an inline JSON string, loads it the
// way the CLI does (system time zones), replays it and exposes what happened by names.
//
//   flowcast::testing::Run r(R"({ "settings": {...}, "workflows": [...], ... })");
//   BOOST_TEST(r.sent("alice", "m") == (Strings{"2026-03-02T10:00:00Z"}));
//
// Shorthands (so that each test shows only what it is about):
//   - "format" defaults to "flowcast/1";
//   - "templates" defaults to the set below when the test gives none:
//       m   email marketing       subject "Hi {{contact.first_name}}"
//       m2  email marketing       subject "Second"
//       t   email transactional   subject "Receipt"
//       s   sms marketing         (no subject)
//       ts  sms transactional
//       p   push marketing
// Everything else is the test's own JSON. A file that does not load fails the test with every
// diagnostic.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/report/expectations.h"
#include "core/report/report.h"
#include "core/time/instant.h"
#include "server/lib/file_zone_source.h"

namespace flowcast::testing {

using Strings = std::vector<std::string>;

// Zones are resolved from the system tzdata, as the native CLI does. Shared (and never freed) so
// that every loaded scenario's ZoneCache can keep pointing at it.
inline const FileZoneSource& zone_source() {
  static const FileZoneSource* const source = new FileZoneSource();
  return *source;
}

inline std::string default_templates_json() {
  return R"({
    "m":  {"channel": "email", "kind": "marketing", "subject": "Hi {{contact.first_name}}",
           "body": "Hello"},
    "m2": {"channel": "email", "kind": "marketing", "subject": "Second", "body": "b"},
    "t":  {"channel": "email", "kind": "transactional", "subject": "Receipt", "body": "r"},
    "s":  {"channel": "sms", "body": "sms"},
    "ts": {"channel": "sms", "kind": "transactional", "body": "code"},
    "p":  {"channel": "push", "body": "push"}
  })";
}

// The test's JSON with the shorthands filled in, as scenario file text.
inline std::string complete_scenario_text(std::string_view json) {
  Json doc = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  BOOST_REQUIRE_MESSAGE(!doc.is_discarded() && doc.is_object(),
                        "the test's scenario is not a JSON object:\n" << json);
  if (!doc.contains("format")) doc["format"] = "flowcast/1";
  if (!doc.contains("templates")) doc["templates"] = Json::parse(default_templates_json());
  return doc.dump(2);
}

inline std::string format_diagnostics(const LoadResult& r) {
  std::string out;
  for (const LoadDiagnostic& d : r.diagnostics) out += format_diagnostic("scenario", d) + "\n";
  return out;
}

// The diagnostics of a file that must not load (empty when it loads).
inline std::vector<LoadDiagnostic> load_errors(std::string_view json) {
  LoadResult r = load_scenario(complete_scenario_text(json), &zone_source());
  std::vector<LoadDiagnostic> errors;
  for (const LoadDiagnostic& d : r.diagnostics) {
    if (d.severity == LoadDiagnostic::Severity::error) errors.push_back(d);
  }
  return errors;
}

// ---- what happened, by names --------------------------------------------------------------

inline std::string opt_instant(const std::optional<time::Instant>& t) {
  return t ? time::format_instant(*t) : std::string("null");
}

struct Msg {
  std::string at, contact, workflow, step, tmpl, channel, status, reason;
  std::string deferred_from;             // "" when not deferred
  std::optional<std::string> subject;    // email only
};

struct Enr {
  std::string contact, workflow;
  std::string key;          // compact JSON ("null" when none)
  std::string enrolled_at;
  std::string ended_at;     // "null" while running at the end
  std::string reason;
  std::string next_at;      // horizon only; "null" when nothing is pending, "" otherwise
};

struct Act {
  std::string at, contact, workflow, step, type, title, url, body;
};

struct Warn {
  std::string at, contact, workflow, step /* "null" when none */, where, message;
};

inline std::ostream& operator<<(std::ostream& os, const Msg& m) {
  return os << "{" << m.at << " " << m.contact << " " << m.workflow << "/" << m.step << " "
            << m.tmpl << " " << m.channel << " " << m.status << " " << m.reason
            << (m.deferred_from.empty() ? "" : " deferred_from " + m.deferred_from)
            << (m.subject ? " subject '" + *m.subject + "'" : "") << "}";
}

inline std::ostream& operator<<(std::ostream& os, const Enr& e) {
  return os << "{" << e.contact << " " << e.workflow << " key " << e.key << " " << e.enrolled_at
            << " -> " << e.ended_at << " " << e.reason
            << (e.next_at.empty() ? "" : " next_at " + e.next_at) << "}";
}

class Run {
 public:
  explicit Run(std::string_view json, bool trace = false) {
    text_ = complete_scenario_text(json);
    LoadResult loaded = load_scenario(text_, &zone_source());
    BOOST_REQUIRE_MESSAGE(loaded.ok(), "the scenario does not load:\n"
                                           << format_diagnostics(loaded) << "\n" << text_);
    scenario_.emplace(std::move(*loaded.scenario));
    ReplayOptions options;
    options.trace = trace;
    result_ = replay(*scenario_, options);
  }

  const Scenario& scenario() const { return *scenario_; }
  const ReplayResult& result() const { return result_; }
  const EngineOutput& output() const { return result_.output; }
  const std::string& text() const { return text_; }

  std::string report() const { return report_json(*scenario_, result_); }
  std::vector<ExpectationFailure> failures() const {
    return check_expectations(*scenario_, result_);
  }

  // Every message, in report order; or those of one contact (and template).
  std::vector<Msg> messages(std::string_view contact = {}, std::string_view tmpl = {}) const {
    std::vector<Msg> out;
    for (const MessageRecord& r : result_.output.messages) {
      Msg m;
      m.at = time::format_instant(r.at);
      m.contact = result_.contact_ids[r.contact];
      m.workflow = wf(r.workflow).id;
      m.step = wf(r.workflow).steps[r.step].id;
      m.tmpl = scenario_->templates[r.template_index].id;
      m.channel = channel_name(r.channel);
      m.status = message_status_name(r.status);
      m.reason = r.reason;
      m.deferred_from = r.deferred_from ? time::format_instant(*r.deferred_from) : "";
      m.subject = r.subject;
      if (!contact.empty() && m.contact != contact) continue;
      if (!tmpl.empty() && m.tmpl != tmpl) continue;
      out.push_back(std::move(m));
    }
    return out;
  }

  // The instants of the `sent` messages of a contact (and template).
  Strings sent(std::string_view contact, std::string_view tmpl = {}) const {
    Strings out;
    for (const Msg& m : messages(contact, tmpl)) {
      if (m.status == "sent") out.push_back(m.at);
    }
    return out;
  }

  // The one message of a contact and template (fails the test unless there is exactly one).
  Msg only_message(std::string_view contact, std::string_view tmpl) const {
    std::vector<Msg> ms = messages(contact, tmpl);
    BOOST_REQUIRE_MESSAGE(ms.size() == 1, "expected exactly one message of " << tmpl << " to "
                                              << contact << ", got " << ms.size());
    return ms[0];
  }

  std::vector<Enr> enrollments(std::string_view contact = {}, std::string_view workflow = {}) const {
    std::vector<Enr> out;
    for (const EnrollmentRecord& r : result_.output.enrollments) {
      Enr e;
      e.contact = result_.contact_ids[r.contact];
      e.workflow = wf(r.workflow).id;
      e.key = r.key.dump();
      e.enrolled_at = time::format_instant(r.enrolled_at);
      e.ended_at = opt_instant(r.ended_at);
      e.reason = end_reason_name(r.reason);
      e.next_at = r.reason == EndReason::horizon ? opt_instant(r.next_at) : "";
      if (!contact.empty() && e.contact != contact) continue;
      if (!workflow.empty() && e.workflow != workflow) continue;
      out.push_back(std::move(e));
    }
    return out;
  }

  Enr only_enrollment(std::string_view contact, std::string_view workflow) const {
    std::vector<Enr> es = enrollments(contact, workflow);
    BOOST_REQUIRE_MESSAGE(es.size() == 1, "expected exactly one enrollment of " << contact
                                              << " in " << workflow << ", got " << es.size());
    return es[0];
  }

  // "reason@ended_at" of each enrollment of a contact in a workflow, in creation order.
  Strings endings(std::string_view contact, std::string_view workflow) const {
    Strings out;
    for (const Enr& e : enrollments(contact, workflow)) out.push_back(e.reason + "@" + e.ended_at);
    return out;
  }

  std::vector<Act> actions(std::string_view contact = {}) const {
    std::vector<Act> out;
    for (const ActionRecord& r : result_.output.actions) {
      Act a;
      a.at = time::format_instant(r.at);
      a.contact = result_.contact_ids[r.contact];
      a.workflow = wf(r.workflow).id;
      a.step = wf(r.workflow).steps[r.step].id;
      a.type = r.type == ActionType::task ? "task" : "webhook";
      a.title = r.title;
      a.url = r.url;
      a.body = r.body;
      if (!contact.empty() && a.contact != contact) continue;
      out.push_back(std::move(a));
    }
    return out;
  }

  std::vector<Warn> warnings() const {
    std::vector<Warn> out;
    for (const WarningRecord& r : result_.output.warnings) {
      Warn w;
      w.at = time::format_instant(r.at);
      w.contact = result_.contact_ids[r.contact];
      w.workflow = wf(r.workflow).id;
      w.step = r.step ? wf(r.workflow).steps[*r.step].id : "null";
      w.where = r.where;
      w.message = r.message;
      out.push_back(std::move(w));
    }
    return out;
  }

  const WorkflowStats& stats(std::string_view workflow) const {
    std::int32_t w = scenario_->find_workflow(workflow);
    BOOST_REQUIRE_MESSAGE(w >= 0, "no workflow " << workflow);
    return result_.output.stats[static_cast<std::size_t>(w)];
  }

  // Arrivals at one step (stats.<workflow>.steps.<step>).
  std::int64_t arrivals(std::string_view workflow, std::string_view step) const {
    std::int32_t w = scenario_->find_workflow(workflow);
    BOOST_REQUIRE_MESSAGE(w >= 0, "no workflow " << workflow);
    const Workflow& f = scenario_->workflows[static_cast<std::size_t>(w)];
    for (std::size_t i = 0; i < f.steps.size(); ++i) {
      if (f.steps[i].id == step) return result_.output.stats[static_cast<std::size_t>(w)].steps[i];
    }
    BOOST_FAIL("no step " << step << " in " << workflow);
    return -1;
  }

  bool has_contact(std::string_view id) const {
    for (const std::string& c : result_.contact_ids) {
      if (c == id) return true;
    }
    return false;
  }

 private:
  const Workflow& wf(std::uint32_t w) const { return scenario_->workflows[w]; }

  std::string text_;
  std::optional<Scenario> scenario_;
  ReplayResult result_;
};

}  // namespace flowcast::testing
