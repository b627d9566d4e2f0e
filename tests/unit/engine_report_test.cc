// The report (spec "Report", exact rules 32-35): key order, byte stability, stats, warnings and
// expectations.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

namespace {

Strings keys_of(const nlohmann::ordered_json& j) {
  Strings out;
  for (auto it = j.begin(); it != j.end(); ++it) out.push_back(it.key());
  return out;
}

// A scenario that produces one of each kind of record.
constexpr const char* kEverything = R"json({
  "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-04T00:00:00Z",
               "quiet_hours": {"start": "21:00", "end": "08:00"}},
  "workflows": [
    {"id": "zz", "trigger": {"event": "A"},
     "steps": [{"id": "zeta", "type": "send", "template": "m"},
               {"id": "alpha", "type": "send", "template": "s"},
               {"id": "mid", "type": "send", "template": "p"},
               {"id": "job", "type": "task", "title": "Call {{contact.first_name}}"},
               {"id": "hook", "type": "webhook", "url": "https://example.com/h", "body": "{{contact.id}}"}]},
    {"id": "aa", "trigger": {"event": "B", "if": "event.n > 1"},
     "steps": [{"id": "wait", "type": "wait_for", "event": "Never"}]}
  ],
  "contacts": [{"id": "k", "email": "k@example.com", "properties": {"first_name": "Kim"},
                "subscriptions": {"push": false}}],
  "events": [
    {"at": "2026-03-02T22:00:00Z", "contact": "k", "type": "A"},
    {"at": "2026-03-02T23:00:00Z", "contact": "k", "type": "B", "properties": {"n": "text"}},
    {"at": "2026-03-02T23:30:00Z", "contact": "k", "type": "B", "properties": {"n": 2}}
  ]
})json";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_report)

// ---- rule 33: key order ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(report_keys_are_in_the_order_of_the_spec) {
  Run r(kEverything);
  // zz: the email is deferred to 08:00 then sent; sms has no address (skipped, no subject); push
  // is unsubscribed. aa: waits forever.
  auto report = nlohmann::ordered_json::parse(r.report());
  BOOST_TEST(keys_of(report) == (Strings{"format", "messages", "actions", "enrollments", "stats", "warnings"}));
  BOOST_TEST(report["format"] == "flowcast.report/1");

  const auto& msgs = report["messages"];
  BOOST_REQUIRE(msgs.size() == 3u);
  BOOST_TEST(keys_of(msgs[0]) == (Strings{"at", "contact", "workflow", "step", "template", "channel", "status",
                                          "deferred_from", "subject"}));
  BOOST_TEST(msgs[0]["status"] == "sent");
  BOOST_TEST(msgs[0]["at"] == "2026-03-03T08:00:00Z");
  BOOST_TEST(msgs[0]["deferred_from"] == "2026-03-02T22:00:00Z");
  BOOST_TEST(msgs[0]["subject"] == "Hi Kim");
  BOOST_TEST(keys_of(msgs[1]) == (Strings{"at", "contact", "workflow", "step", "template", "channel", "status",
                                          "reason"}));
  BOOST_TEST(msgs[1]["reason"] == "no_address");
  BOOST_TEST(msgs[2]["reason"] == "unsubscribed");

  const auto& acts = report["actions"];
  BOOST_REQUIRE(acts.size() == 2u);
  BOOST_TEST(keys_of(acts[0]) == (Strings{"at", "contact", "workflow", "step", "type", "title"}));
  BOOST_TEST(keys_of(acts[1]) == (Strings{"at", "contact", "workflow", "step", "type", "url", "body"}));

  const auto& enrs = report["enrollments"];
  BOOST_REQUIRE(enrs.size() == 2u);
  BOOST_TEST(keys_of(enrs[0]) == (Strings{"contact", "workflow", "key", "enrolled_at", "ended_at", "reason"}));
  BOOST_TEST(enrs[0]["key"].is_null());
  BOOST_TEST(enrs[0]["reason"] == "completed");
  BOOST_TEST(enrs[0]["ended_at"] == "2026-03-03T08:00:00Z");
  BOOST_TEST(keys_of(enrs[1]) ==
             (Strings{"contact", "workflow", "key", "enrolled_at", "ended_at", "reason", "next_at"}));
  BOOST_TEST(enrs[1]["ended_at"].is_null());
  BOOST_TEST(enrs[1]["next_at"].is_null());

  // Stats in workflow order, steps in step order (neither alphabetical).
  BOOST_TEST(keys_of(report["stats"]) == (Strings{"zz", "aa"}));
  BOOST_TEST(keys_of(report["stats"]["zz"]) ==
             (Strings{"enrolled", "completed", "goal", "exited", "sent", "skipped", "steps"}));
  BOOST_TEST(keys_of(report["stats"]["zz"]["steps"]) == (Strings{"zeta", "alpha", "mid", "job", "hook"}));

  const auto& warns = report["warnings"];
  BOOST_REQUIRE(warns.size() == 1u);
  BOOST_TEST(keys_of(warns[0]) == (Strings{"at", "contact", "workflow", "step", "where", "message"}));
  BOOST_TEST(warns[0]["step"].is_null());
  BOOST_TEST(warns[0]["where"] == "/workflows/1/trigger/if");
}

BOOST_AUTO_TEST_CASE(report_writes_instants_in_utc_with_z) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T01:00:00+01:00", "end": "2026-03-10T00:00:00+05:00"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-02T12:30:00-05:00", "contact": "k", "type": "A"}]
  })json");
  auto report = nlohmann::ordered_json::parse(r.report());
  BOOST_TEST(report["messages"][0]["at"] == "2026-03-02T17:30:00Z");
  BOOST_TEST(report["enrollments"][0]["enrolled_at"] == "2026-03-02T17:30:00Z");
}

// ---- byte stability -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(replaying_twice_gives_identical_bytes) {
  Run first(kEverything);
  Run second(kEverything);
  Run traced(kEverything, /*trace=*/true);
  const std::string bytes = first.report();
  BOOST_TEST(bytes == second.report());
  BOOST_TEST(bytes == first.report());
  BOOST_TEST(bytes == traced.report());
  BOOST_TEST(bytes.back() == '\n');
}

BOOST_AUTO_TEST_CASE(report_escapes_strings_as_json) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"q": {"channel": "email", "subject": "{{{contact.title}}}"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "q"}]}],
    "contacts": [{"id": "k \"quoted\"", "email": "k@example.com", "properties": {"title": "a\"b\\c\n\u00e9"}}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k \"quoted\"", "type": "A"}]
  })json");
  auto report = nlohmann::json::parse(r.report());
  BOOST_TEST(report["messages"][0]["contact"] == "k \"quoted\"");
  BOOST_TEST(report["messages"][0]["subject"] == "a\"b\\c\n\u00e9");
}

// ---- rule 34: stats -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(stats_count_enrollments_by_ending_messages_and_step_arrivals) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "w", "trigger": {"event": "A"}, "exit_on": [{"event": "X"}], "goal": "count(\"G\") > 0",
       "steps": [{"id": "s1", "type": "send", "template": "m"},
                 {"id": "br", "type": "branch", "if": "event.v == 1", "then": "ex"},
                 {"id": "s2", "type": "send", "template": "s"},
                 {"id": "d", "type": "delay", "duration": "1h"},
                 {"id": "fin", "type": "task", "title": "done", "next": null},
                 {"id": "ex", "type": "exit"}]},
      {"id": "u", "trigger": {"event": "U"}, "unenroll_from": ["w"], "steps": [{"id": "t", "type": "task", "title": "u"}]},
      {"id": "idle", "trigger": {"event": "Nope"}, "steps": [{"id": "a", "type": "delay", "duration": "1h"}, {"id": "b", "type": "exit"}]}
    ],
    "contacts": [
      {"id": "c1", "email": "1@example.com"}, {"id": "c2", "email": "2@example.com"},
      {"id": "c3", "email": "3@example.com"}, {"id": "c4", "email": "4@example.com"},
      {"id": "c5", "email": "5@example.com"}, {"id": "c6", "email": "6@example.com"}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c1", "type": "A", "properties": {"v": 0}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c2", "type": "A", "properties": {"v": 1}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c3", "type": "A", "properties": {"v": 0}},
      {"at": "2026-03-02T09:30:00Z", "contact": "c3", "type": "X"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c4", "type": "A", "properties": {"v": 0}},
      {"at": "2026-03-02T09:30:00Z", "contact": "c4", "type": "G"},
      {"at": "2026-03-09T23:30:00Z", "contact": "c5", "type": "A", "properties": {"v": 0}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c6", "type": "A", "properties": {"v": 0}},
      {"at": "2026-03-02T09:30:00Z", "contact": "c6", "type": "U"}
    ]
  })json");
  const auto& w = r.stats("w");
  BOOST_TEST(w.enrolled == 6);
  BOOST_TEST(w.completed == 1);  // c1
  BOOST_TEST(w.goal == 1);       // c4
  BOOST_TEST(w.exited == 3);     // c2 exit_step, c3 exit_event, c6 unenrolled (c5: horizon)
  BOOST_TEST(w.sent == 6);
  BOOST_TEST(w.skipped == 5);    // no phone for s2
  BOOST_TEST(r.arrivals("w", "s1") == 6);
  BOOST_TEST(r.arrivals("w", "br") == 6);
  BOOST_TEST(r.arrivals("w", "s2") == 5);
  BOOST_TEST(r.arrivals("w", "d") == 5);
  BOOST_TEST(r.arrivals("w", "fin") == 1);
  BOOST_TEST(r.arrivals("w", "ex") == 1);
  BOOST_TEST(r.endings("c5", "w") == (Strings{"horizon@null"}));
  const auto& u = r.stats("u");
  BOOST_TEST(u.enrolled == 1);
  BOOST_TEST(u.completed == 1);
  BOOST_TEST(u.sent == 0);
  const auto& idle = r.stats("idle");
  BOOST_TEST(idle.enrolled == 0);
  BOOST_TEST(idle.steps.size() == 2u);
  auto report = nlohmann::json::parse(r.report());
  BOOST_TEST(report["stats"]["idle"] == nlohmann::json::parse(
      R"json({"enrolled": 0, "completed": 0, "goal": 0, "exited": 0, "sent": 0, "skipped": 0, "steps": {"a": 0, "b": 0}})json"));
  BOOST_TEST(report["stats"]["w"]["exited"] == 3);
}

// ---- rules 24, 32: warnings -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(warnings_are_one_per_workflow_where_contact_and_message_with_their_fields) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "w", "trigger": {"event": "A", "if": "event.n > 5"}, "steps": [{"id": "t", "type": "task", "title": "w"}]},
      {"id": "v", "trigger": {"event": "B"}, "reenroll": "always",
       "steps": [{"id": "br", "type": "branch", "if": "contact.age * 2 > 10", "then": "yes"},
                 {"id": "no", "type": "task", "title": "no", "next": null},
                 {"id": "yes", "type": "task", "title": "yes"}]}
    ],
    "contacts": [{"id": "c", "properties": {"age": "ten"}}, {"id": "d"}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A", "properties": {"n": "x"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A", "properties": {"n": "x"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "d", "type": "A", "properties": {"n": "x"}},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "B"},
      {"at": "2026-03-02T13:00:00Z", "contact": "c", "type": "B"},
      {"at": "2026-03-02T14:00:00Z", "contact": "d", "type": "B"}
    ]
  })json");
  // A mismatch makes the expression false: nobody enrolled in w, and v always went to "no".
  BOOST_TEST(r.enrollments("", "w").empty());
  Strings titles;
  for (const auto& a : r.actions()) titles.push_back(a.contact + ":" + a.title);
  // d has no age: null * 2 is null, and null > 10 is false without a warning.
  BOOST_TEST(titles == (Strings{"c:no", "c:no", "d:no"}));
  Strings got;
  for (const auto& w : r.warnings()) {
    BOOST_TEST(!w.message.empty());
    got.push_back(w.at + " " + w.contact + " " + w.workflow + " " + w.step + " " + w.where);
  }
  BOOST_TEST(got == (Strings{"2026-03-02T09:00:00Z c w null /workflows/0/trigger/if",
                             "2026-03-02T11:00:00Z d w null /workflows/0/trigger/if",
                             "2026-03-02T12:00:00Z c v br /workflows/1/steps/0/if"}));
}

BOOST_AUTO_TEST_CASE(a_non_boolean_condition_is_false_with_a_warning_but_null_is_false_silently) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A", "if": "event.flag"}, "steps": [{"id": "t", "type": "task", "title": "in"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "text", "type": "A", "properties": {"flag": "yes"}},
      {"at": "2026-03-02T09:00:00Z", "contact": "one", "type": "A", "properties": {"flag": 1}},
      {"at": "2026-03-02T09:00:00Z", "contact": "missing", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "null", "type": "A", "properties": {"flag": null}},
      {"at": "2026-03-02T09:00:00Z", "contact": "true", "type": "A", "properties": {"flag": true}}
    ]
  })json");
  Strings enrolled;
  for (const auto& e : r.enrollments()) enrolled.push_back(e.contact);
  BOOST_TEST(enrolled == (Strings{"true"}));
  Strings warned;
  for (const auto& w : r.warnings()) warned.push_back(w.contact);
  BOOST_TEST(warned == (Strings{"text", "one"}));
}

// ---- rule 35: expectations ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(expectations_count_sent_messages_and_match_enrollment_reasons) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "frequency_cap": {"max": 1, "window": "1d"}},
    "workflows": [
      {"id": "w", "trigger": {"event": "A"}, "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "w2", "trigger": {"event": "A"}, "steps": [{"id": "wf", "type": "wait_for", "event": "Never"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "A"}
    ],
    "expect": [
      {"contact": "c", "template": "m", "at": "2026-03-02T10:00:00Z"},
      {"contact": "c", "template": "m", "at": "2026-03-02T11:00:00Z"},
      {"contact": "c", "template": "m", "count": 1},
      {"contact": "c", "template": "m", "count": 2},
      {"contact": "c", "template": "m", "status": "skipped", "reason": "frequency_cap"},
      {"contact": "c", "template": "m", "status": "skipped", "reason": "unsubscribed"},
      {"contact": "c", "workflow": "w", "reason": "completed"},
      {"contact": "c", "workflow": "w2", "reason": "horizon"},
      {"contact": "c", "workflow": "w", "reason": "goal"},
      {"contact": "ghost", "template": "m", "count": 0},
      {"contact": "ghost", "workflow": "w", "reason": "completed"},
      {"contact": "c", "template": "m2", "count": 0},
      {"contact": "c", "template": "m2"}
    ]
  })json");
  std::vector<flowcast::ExpectationFailure> failures = r.failures();
  std::vector<std::size_t> failed;
  for (const auto& f : failures) {
    failed.push_back(f.index);
    BOOST_TEST(!f.actual.empty());
    BOOST_TEST(nlohmann::json::parse(f.expectation) ==
               nlohmann::json::parse(r.text())["expect"][f.index]);
  }
  BOOST_TEST(failed == (std::vector<std::size_t>{1, 3, 5, 8, 10, 12}));
  // What the contact actually got is spelled out.
  BOOST_TEST(failures[0].actual.find("skipped") != std::string::npos);
  BOOST_TEST(failures[4].actual.find("ghost") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_deferred_send_meets_an_at_expectation_at_its_sending_time_only) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [{"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}],
    "expect": [
      {"contact": "c", "template": "m", "at": "2026-03-03T08:00:00Z"},
      {"contact": "c", "template": "m", "at": "2026-03-02T22:00:00Z"},
      {"contact": "c", "template": "m", "count": 1}
    ]
  })json");
  std::vector<std::size_t> failed;
  for (const auto& f : r.failures()) failed.push_back(f.index);
  BOOST_TEST(failed == (std::vector<std::size_t>{1}));
}

BOOST_AUTO_TEST_CASE(every_conformance_example_passes) {
  const std::filesystem::path dir =
      std::filesystem::path(FLOWCAST_SOURCE_DIR) / ".." / "shared" / "spec" / "conformance";
  if (!std::filesystem::is_directory(dir)) {
    BOOST_TEST_MESSAGE("no conformance folder at " << dir << "; skipped");
    return;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    BOOST_TEST_CONTEXT(entry.path().filename().string()) {
      Run r(read_text(entry.path()));
      BOOST_TEST(!r.scenario().expect.empty());
      for (const auto& f : r.failures()) {
        BOOST_ERROR("expectation " << f.index << " " << f.expectation << " failed: " << f.actual);
      }
    }
  }
  BOOST_TEST(files > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
