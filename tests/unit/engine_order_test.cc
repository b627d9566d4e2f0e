// Engine: the order of processing (spec "Order of processing", exact rules 3, 17 and 19): events
// before due items at one instant, due items in the order they were scheduled, and the five
// stages of one event.
#include <boost/test/unit_test.hpp>

#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

namespace {

Strings actions_by(const Run& r, bool with_contact = false) {
  Strings out;
  for (const auto& a : r.actions()) {
    out.push_back((with_contact ? a.contact + ":" : std::string()) + a.title + "@" + a.at.substr(11, 5));
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_order)

// ---- events before due items ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_event_at_the_instant_a_delay_ends_is_processed_first) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "cart", "trigger": {"event": "A"}, "exit_on": [{"event": "X"}],
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "t", "type": "task", "title": "cart"}]},
      {"id": "hello", "trigger": {"event": "B"},
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "t", "type": "task", "title": "{{contact.first_name}}"}]}
    ],
    "contacts": [{"id": "k", "properties": {"first_name": "Old"}}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "B"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "X"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "identify", "properties": {"first_name": "New"}}
    ]
  })json");
  BOOST_TEST(r.endings("k", "cart") == (Strings{"exit_event@2026-03-02T10:00:00Z"}));
  BOOST_TEST(actions_by(r) == (Strings{"New@10:00"}));
}

BOOST_AUTO_TEST_CASE(events_at_one_instant_are_taken_in_file_order) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "t", "type": "task", "title": "{{contact.first_name}}"}]}],
    "contacts": [{"id": "c", "properties": {"first_name": "Old"}}, {"id": "d", "properties": {"first_name": "Old"}}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "d", "type": "identify", "properties": {"first_name": "New"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "identify", "properties": {"first_name": "New"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "d", "type": "A"}
    ]
  })json");
  BOOST_TEST(actions_by(r, true) == (Strings{"c:Old@10:00", "d:New@10:00"}));
}

BOOST_AUTO_TEST_CASE(include_existing_at_start_comes_before_the_events_at_start) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"condition": "contact.vip == true", "include_existing": true},
                   "steps": [{"id": "t", "type": "task", "title": "vip={{contact.vip}}"}]}],
    "contacts": [{"id": "k", "properties": {"vip": true}}],
    "events": [{"at": "2026-03-02T00:00:00Z", "contact": "k", "type": "identify", "properties": {"vip": false}}]
  })json");
  BOOST_TEST(actions_by(r) == (Strings{"vip=true@00:00"}));
}

BOOST_AUTO_TEST_CASE(events_at_start_are_reacted_to) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "t", "type": "task", "title": "a"}]}],
    "events": [{"at": "2026-03-02T00:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(actions_by(r) == (Strings{"a@00:00"}));
}

// ---- due items in scheduling order ----------------------------------------------------------

BOOST_AUTO_TEST_CASE(due_items_at_one_instant_run_in_the_order_they_were_scheduled) {
  // All four are due at 11:00; they were scheduled at 08:00 (w1 for y), 09:00 (w1 for x), then
  // at 10:00 w0 for y and w0 for x: neither workflow order nor contact order decides.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "w0", "trigger": {"event": "B"},
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "t", "type": "task", "title": "w0"}]},
      {"id": "w1", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay_until", "time": "11:00"}, {"id": "t", "type": "task", "title": "w1"}]}
    ],
    "contacts": [{"id": "x"}, {"id": "y"}],
    "events": [
      {"at": "2026-03-02T08:00:00Z", "contact": "y", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "x", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "y", "type": "B"},
      {"at": "2026-03-02T10:00:00Z", "contact": "x", "type": "B"}
    ]
  })json");
  BOOST_TEST(actions_by(r, true) == (Strings{"y:w1@11:00", "x:w1@11:00", "y:w0@11:00", "x:w0@11:00"}));
}

BOOST_AUTO_TEST_CASE(schedule_ticks_tie_with_other_due_items_by_scheduling_order) {
  // Tick 0 (10:00 on 03-02) is scheduled at start, before the delay set at 09:00: the tick runs
  // first. Tick 1 (10:00 on 03-03) is scheduled only when tick 0 runs, after the 25h delay that
  // was set at 09:00 on 03-02: the delay runs first.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-04T00:00:00Z"},
    "workflows": [
      {"id": "sched", "trigger": {"schedule": {"every": "1d", "at": "10:00"}}, "reenroll": "always",
       "steps": [{"id": "t", "type": "task", "title": "tick"}]},
      {"id": "short", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "t", "type": "task", "title": "1h"}]},
      {"id": "long", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "25h"}, {"id": "t", "type": "task", "title": "25h"}]}
    ],
    "contacts": [{"id": "k"}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  Strings got;
  for (const auto& a : r.actions()) got.push_back(a.title + "@" + a.at.substr(5, 11));
  BOOST_TEST(got == (Strings{"tick@03-02T10:00", "1h@03-02T10:00", "25h@03-03T10:00", "tick@03-03T10:00"}));
}

BOOST_AUTO_TEST_CASE(a_quiet_hours_deferral_and_a_delay_due_at_the_same_end_keep_scheduling_order) {
  // d1 is deferred at 22:00 until 08:00; d2's 9h delay set at 23:00 ends at 08:00 too.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [
      {"id": "delayed", "trigger": {"event": "B"},
       "steps": [{"id": "d", "type": "delay", "duration": "9h"}, {"id": "t", "type": "task", "title": "delay"}]},
      {"id": "deferred", "trigger": {"event": "A"},
       "steps": [{"id": "x", "type": "send", "template": "p"}, {"id": "t", "type": "task", "title": "after send"}]}
    ],
    "events": [
      {"at": "2026-03-02T22:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T23:00:00Z", "contact": "k", "type": "B"}
    ]
  })json");
  BOOST_TEST(r.sent("k") == (Strings{"2026-03-03T08:00:00Z"}));
  BOOST_TEST(actions_by(r) == (Strings{"after send@08:00", "delay@08:00"}));
}

// ---- the five stages of one event -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(contact_state_changes_before_exit_on_sees_the_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "exit_on": [{"event": "identify", "if": "contact.plan == \"pro\" and count(\"identify\") == 1"}],
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "identify", "properties": {"plan": "pro"}}
    ]
  })json");
  BOOST_TEST(r.endings("k", "w") == (Strings{"exit_event@2026-03-02T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(exit_on_comes_before_goal) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "exit_on": [{"event": "Purchase"}],
                   "goal": "count(\"Purchase\") > 0", "steps": [{"id": "d", "type": "delay", "duration": "1d"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Purchase"}
    ]
  })json");
  BOOST_TEST(r.endings("k", "w") == (Strings{"exit_event@2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.stats("w").goal == 0);
  BOOST_TEST(r.stats("w").exited == 1);
}

BOOST_AUTO_TEST_CASE(goal_comes_before_waiting_steps_resume) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "goal": "count(\"Purchase\") > 0",
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Purchase"}, {"id": "t", "type": "task", "title": "resumed"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Purchase"}
    ]
  })json");
  BOOST_TEST(r.actions().empty());
  BOOST_TEST(r.endings("k", "w") == (Strings{"goal@2026-03-02T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(waiting_steps_resume_before_triggers_fire) {
  // `fresh` comes first in workflow order, yet the resumed wait_for of `waiting` moves first.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "fresh", "trigger": {"event": "Purchase"}, "steps": [{"id": "t", "type": "task", "title": "new"}]},
      {"id": "waiting", "trigger": {"event": "A"},
       "steps": [{"id": "wf", "type": "wait_for", "event": "Purchase"}, {"id": "t", "type": "task", "title": "resumed"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Purchase"}
    ]
  })json");
  BOOST_TEST(actions_by(r) == (Strings{"resumed@10:00", "new@10:00"}));
}

BOOST_AUTO_TEST_CASE(goals_of_every_active_enrollment_are_checked_on_each_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "a", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
       "steps": [{"id": "d", "type": "delay", "duration": "1d"}]},
      {"id": "b", "trigger": {"event": "A"}, "goal": "count(\"Visit\") >= 2",
       "steps": [{"id": "d", "type": "delay", "duration": "1d"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Visit"},
      {"at": "2026-03-02T11:00:00Z", "contact": "k", "type": "identify", "properties": {"plan": "pro"}},
      {"at": "2026-03-02T12:00:00Z", "contact": "k", "type": "Visit"}
    ]
  })json");
  BOOST_TEST(r.endings("k", "a") == (Strings{"goal@2026-03-02T11:00:00Z"}));
  BOOST_TEST(r.endings("k", "b") == (Strings{"goal@2026-03-02T12:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(an_event_only_affects_its_own_contacts_enrollments) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "exit_on": [{"event": "X"}],
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Go", "timeout": "1d"},
                             {"id": "t", "type": "task", "title": "{{contact.id}}"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "j", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "j", "type": "Go"},
      {"at": "2026-03-02T11:00:00Z", "contact": "j", "type": "X"}
    ]
  })json");
  BOOST_TEST(actions_by(r, true) == (Strings{"j:j@10:00", "k:k@09:00"}));
  BOOST_TEST(r.endings("k", "w") == (Strings{"completed@2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_SUITE_END()
