// Engine: triggers, keys, reenroll, exit_on, goal and unenroll_from (spec "Workflows" and exact
// rules 8, 14-20 and 31).
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

namespace {

Strings enrolled_at(const Run& r, std::string_view contact, std::string_view workflow) {
  Strings out;
  for (const auto& e : r.enrollments(contact, workflow)) out.push_back(e.enrolled_at);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_enrollment)

// ---- event triggers -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(event_trigger_fires_only_when_its_if_holds_for_the_incoming_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Checkout", "if": "event.cart_value > 20"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "small", "type": "Checkout", "properties": {"cart_value": 10}},
      {"at": "2026-03-02T10:00:00Z", "contact": "big", "type": "Checkout", "properties": {"cart_value": 30}},
      {"at": "2026-03-02T10:00:00Z", "contact": "other", "type": "Visit", "properties": {"cart_value": 30}}
    ]
  })json");
  BOOST_TEST(r.enrollments("small").empty());
  BOOST_TEST(r.enrollments("other").empty());
  BOOST_TEST(enrolled_at(r, "big", "w") == (Strings{"2026-03-02T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(disabled_workflow_never_enrolls) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "off", "enabled": false, "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "off_sched", "enabled": false, "trigger": {"schedule": {"every": "1d"}},
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "off_cond", "enabled": false, "trigger": {"condition": "true", "include_existing": true},
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "contacts": [{"id": "c"}],
    "events": [{"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.enrollments().empty());
  BOOST_TEST(r.messages().empty());
}

BOOST_AUTO_TEST_CASE(workflows_react_in_file_order_and_each_new_enrollment_runs_until_it_waits) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "second_in_name", "trigger": {"event": "A"},
       "steps": [{"id": "x", "type": "send", "template": "p"}, {"id": "y", "type": "send", "template": "p"}]},
      {"id": "first_in_name", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [{"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}]
  })json");
  Strings order;
  for (const auto& m : r.messages()) order.push_back(m.workflow + "/" + m.step);
  BOOST_TEST(order == (Strings{"second_in_name/x", "second_in_name/y", "first_in_name/x"}));
  Strings enr;
  for (const auto& e : r.enrollments()) enr.push_back(e.workflow);
  BOOST_TEST(enr == (Strings{"second_in_name", "first_in_name"}));
}

// ---- one active enrollment and reenroll -----------------------------------------------------

BOOST_AUTO_TEST_CASE(a_trigger_while_an_enrollment_is_active_does_nothing) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "reenroll": "always",
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  // At 03-03T09:00 the event comes before the due delay: the first enrollment is still active.
  BOOST_TEST(enrolled_at(r, "c", "w") == (Strings{"2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(reenroll_never_is_the_default) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-05T09:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") == (Strings{"2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(reenroll_always_enrolls_again_once_the_last_enrollment_ended) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "reenroll": "always",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-05T09:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") ==
             (Strings{"2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z", "2026-03-05T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(reenroll_duration_counts_from_the_last_start_and_is_inclusive) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "reenroll": "1h",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T09:59:59Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:30:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") ==
             (Strings{"2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02T11:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(reenroll_0s_allows_a_new_enrollment_at_the_same_instant_but_not_while_active) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "instant", "trigger": {"event": "A"}, "reenroll": "0s",
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "waiting", "trigger": {"event": "A"}, "reenroll": "0s",
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T09:30:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "instant").size() == 4u);
  // The 10:00 event comes before the delay due at 10:00: still active, nothing happens.
  BOOST_TEST(enrolled_at(r, "c", "waiting") == (Strings{"2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(reenroll_is_checked_per_key) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Order"}, "key": "event.order_id",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": "o1"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": "o2"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": "o1"}}
    ]
  })json");
  Strings keys;
  for (const auto& e : r.enrollments("c", "w")) keys.push_back(e.key + "@" + e.enrolled_at);
  BOOST_TEST(keys == (Strings{"\"o1\"@2026-03-02T09:00:00Z", "\"o2\"@2026-03-02T10:00:00Z"}));
}

// ---- keys -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(key_gives_each_order_its_own_enrollment_at_most_one_active_per_key) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Order"}, "key": "event.order_id",
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": 1}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": 2}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": 1}},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Order"}
    ]
  })json");
  Strings keys;
  for (const auto& e : r.enrollments("c", "w")) keys.push_back(e.key + " " + e.reason);
  // The event without order_id has the key null: an enrollment of its own.
  BOOST_TEST(keys == (Strings{"1 completed", "2 completed", "null completed"}));
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z", "2026-03-03T12:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(key_sees_the_incoming_event_as_trigger) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Order", "if": "trigger.total > 5"},
                   "key": "trigger.order_id", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": "a", "total": 9}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Order", "properties": {"order_id": "b", "total": 1}}
    ]
  })json");
  Strings keys;
  for (const auto& e : r.enrollments("c", "w")) keys.push_back(e.key);
  BOOST_TEST(keys == (Strings{"\"a\""}));
}

BOOST_AUTO_TEST_CASE(key_mismatch_makes_the_key_null_with_a_warning) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Order"}, "key": "event.n * 2",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"n": "x"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "d", "type": "Order", "properties": {"n": 4}}
    ]
  })json");
  BOOST_TEST(r.only_enrollment("c", "w").key == "null");
  BOOST_TEST(r.only_enrollment("d", "w").key == "8");
  auto ws = r.warnings();
  BOOST_REQUIRE(ws.size() == 1u);
  BOOST_TEST(ws[0].contact == "c");
  BOOST_TEST(ws[0].workflow == "w");
  BOOST_TEST(ws[0].step == "null");
  BOOST_TEST(ws[0].where == "/workflows/0/key");
  BOOST_TEST(ws[0].at == "2026-03-02T09:00:00Z");
  BOOST_TEST(!ws[0].message.empty());
}

// ---- exit_on --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(exit_on_event_ends_the_active_enrollment_with_exit_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "cart", "trigger": {"event": "Checkout"}, "exit_on": [{"event": "Order"}],
                   "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Checkout"},
      {"at": "2026-03-02T09:30:00Z", "contact": "c", "type": "Order"}
    ]
  })json");
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.endings("c", "cart") == (Strings{"exit_event@2026-03-02T09:30:00Z"}));
  BOOST_TEST(r.stats("cart").exited == 1);
}

BOOST_AUTO_TEST_CASE(exit_on_with_a_key_ends_only_the_enrollment_with_the_events_key) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Checkout"}, "key": "event.cart",
                   "exit_on": [{"event": "Order"}],
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Checkout", "properties": {"cart": "a"}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Checkout", "properties": {"cart": "b"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Order", "properties": {"cart": "b"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Order", "properties": {"cart": "z"}}
    ]
  })json");
  BOOST_TEST(r.endings("c", "w") == (Strings{"completed@2026-03-03T09:00:00Z", "exit_event@2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(exit_on_if_sees_the_incoming_event_and_the_trigger) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Checkout"},
                   "exit_on": [{"event": "Order", "if": "event.cart == trigger.cart"}],
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Checkout", "properties": {"cart": "a"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Order", "properties": {"cart": "other"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Order", "properties": {"cart": "a"}}
    ]
  })json");
  BOOST_TEST(r.endings("c", "w") == (Strings{"exit_event@2026-03-02T11:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(an_event_that_exits_can_enroll_again_in_the_same_workflow) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Checkout"}, "reenroll": "always",
                   "exit_on": [{"event": "Checkout"}],
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Checkout"},
      {"at": "2026-03-02T15:00:00Z", "contact": "c", "type": "Checkout"}
    ]
  })json");
  BOOST_TEST(r.endings("c", "w") == (Strings{"exit_event@2026-03-02T15:00:00Z", "completed@2026-03-03T15:00:00Z"}));
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T15:00:00Z"}));
}

// ---- goal -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(goal_met_by_an_event_ends_the_enrollment_as_a_conversion) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Signup"}, "goal": "count(\"Purchase\") > 0",
                   "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Signup"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Purchase"}
    ]
  })json");
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.endings("c", "w") == (Strings{"goal@2026-03-02T12:00:00Z"}));
  BOOST_TEST(r.stats("w").goal == 1);
}

BOOST_AUTO_TEST_CASE(goal_already_met_ends_the_enrollment_before_its_first_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "c", "properties": {"plan": "pro"}}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.endings("c", "w") == (Strings{"goal@2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.arrivals("w", "x") == 0);
}

BOOST_AUTO_TEST_CASE(goal_is_checked_right_before_each_step_at_the_same_instant) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
                   "steps": [{"id": "up", "type": "set", "properties": {"plan": "pro"}},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.endings("c", "w") == (Strings{"goal@2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.arrivals("w", "up") == 1);
  BOOST_TEST(r.arrivals("w", "x") == 0);
}

BOOST_AUTO_TEST_CASE(goal_is_not_checked_after_the_last_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
                   "steps": [{"id": "x", "type": "send", "template": "p"},
                             {"id": "up", "type": "set", "properties": {"plan": "pro"}}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.endings("c", "w") == (Strings{"completed@2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(goal_is_checked_when_a_delay_ends) {
  // The set in another workflow meets the goal with no event; the goal ends the enrollment when
  // its delay is over, before the send.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "w", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
       "steps": [{"id": "d", "type": "delay", "duration": "2h"}, {"id": "x", "type": "send", "template": "p"}]},
      {"id": "up", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "s", "type": "set", "properties": {"plan": "pro"}}]}
    ],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.endings("c", "w") == (Strings{"goal@2026-03-02T11:00:00Z"}));
}

// ---- unenroll_from --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unenroll_from_ends_the_targets_after_the_new_enrollment_exists_and_before_its_first_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "vip", "trigger": {"event": "Upgrade"}, "unenroll_from": ["nurture"],
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "nurture", "trigger": {"event": "Signup"},
       "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "s"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Signup"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Upgrade"}
    ]
  })json", /*trace=*/true);
  BOOST_TEST(r.endings("c", "nurture") == (Strings{"unenrolled@2026-03-02T12:00:00Z"}));
  BOOST_TEST(r.stats("nurture").exited == 1);
  BOOST_TEST(r.sent("c", "p") == (Strings{"2026-03-02T12:00:00Z"}));
  BOOST_TEST(r.messages("c", "s").empty());
  // Enrollments are listed in creation order: nurture (09:00) then vip (12:00).
  Strings order;
  for (const auto& e : r.enrollments("c")) order.push_back(e.workflow);
  BOOST_TEST(order == (Strings{"nurture", "vip"}));
  // The story: vip enrolled, then nurture ended, then vip's first step.
  using K = flowcast::TraceEntry::Kind;
  std::vector<std::string> story;
  for (const auto& t : r.output().trace) {
    if (t.at != *flowcast::time::parse_instant("2026-03-02T12:00:00Z") || !t.workflow) continue;
    if (t.kind == K::enrolled || t.kind == K::ended || t.kind == K::step) {
      story.push_back(r.scenario().workflows[*t.workflow].id + ":" +
                      (t.kind == K::enrolled ? "enrolled" : t.kind == K::ended ? "ended" : "step"));
    }
  }
  BOOST_TEST(story == (Strings{"vip:enrolled", "nurture:ended", "vip:step", "vip:ended"}));
}

BOOST_AUTO_TEST_CASE(unenroll_from_does_nothing_when_the_new_enrollment_does_not_happen) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "vip", "trigger": {"event": "Upgrade"}, "unenroll_from": ["nurture"],
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "nurture", "trigger": {"event": "Signup"},
       "steps": [{"id": "d", "type": "delay", "duration": "1d"}, {"id": "x", "type": "send", "template": "s"}]}
    ],
    "events": [
      {"at": "2026-03-02T08:00:00Z", "contact": "c", "type": "Upgrade"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Signup"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Upgrade"}
    ]
  })json");
  // vip's reenroll is "never": the second Upgrade enrolls nobody and unenrolls nobody.
  BOOST_TEST(r.enrollments("c", "vip").size() == 1u);
  BOOST_TEST(r.endings("c", "nurture") == (Strings{"completed@2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(unenroll_from_ends_every_active_enrollment_of_the_target) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "orders", "trigger": {"event": "Order"}, "key": "event.id",
       "steps": [{"id": "d", "type": "delay", "duration": "1d"}]},
      {"id": "churn", "trigger": {"event": "Cancel"}, "unenroll_from": ["orders"],
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"id": 1}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"id": 2}},
      {"at": "2026-03-02T09:00:00Z", "contact": "d", "type": "Order", "properties": {"id": 3}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Cancel"}
    ]
  })json");
  BOOST_TEST(r.endings("c", "orders") ==
             (Strings{"unenrolled@2026-03-02T10:00:00Z", "unenrolled@2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.endings("d", "orders") == (Strings{"completed@2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(unenroll_from_its_own_workflow_ends_the_other_keys_but_never_the_new_enrollment) {
  // A new cart supersedes the reminders of the previous one.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "cart", "trigger": {"event": "Checkout"}, "key": "event.cart", "unenroll_from": ["cart"],
                   "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "t", "type": "task", "title": "{{event.cart}}"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Checkout", "properties": {"cart": "a"}},
      {"at": "2026-03-02T09:30:00Z", "contact": "k", "type": "Checkout", "properties": {"cart": "b"}}
    ]
  })json");
  BOOST_TEST(r.endings("k", "cart") == (Strings{"unenrolled@2026-03-02T09:30:00Z", "completed@2026-03-02T10:30:00Z"}));
  BOOST_REQUIRE(r.actions("k").size() == 1u);
  BOOST_TEST(r.actions("k")[0].title == "b");
}

// ---- condition triggers ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(condition_trigger_fires_only_when_it_goes_from_false_to_true) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"condition": "contact.plan == \"pro\""}, "reenroll": "always",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "c", "properties": {"plan": "free"}}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "pro"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "identify", "properties": {"age": 30}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Visit"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "free"}},
      {"at": "2026-03-02T13:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "pro"}}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") == (Strings{"2026-03-02T09:00:00Z", "2026-03-02T13:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(condition_trigger_going_true_again_obeys_reenroll_never) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"condition": "contact.plan == \"pro\""},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "pro"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "free"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "identify", "properties": {"plan": "pro"}}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") == (Strings{"2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(schedule_with_a_reenroll_duration_enrolls_at_most_that_often) {
  // Daily ticks, reenroll 2d: 03-02, (03-03 too soon), 03-04 (exactly 2d), (03-05), 03-06.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-07T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"}}, "reenroll": "2d",
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "c"}]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "w") ==
             (Strings{"2026-03-02T09:00:00Z", "2026-03-04T09:00:00Z", "2026-03-06T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(condition_true_at_start_is_the_starting_point_unless_include_existing) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "new_only", "trigger": {"condition": "contact.plan == \"pro\""},
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "existing", "trigger": {"condition": "contact.plan == \"pro\"", "include_existing": true},
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "contacts": [{"id": "pro", "properties": {"plan": "pro"}}, {"id": "free", "properties": {"plan": "free"}}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "pro", "type": "Visit"},
      {"at": "2026-03-02T09:00:00Z", "contact": "free", "type": "identify", "properties": {"plan": "pro"}}
    ]
  })json");
  BOOST_TEST(r.enrollments("pro", "new_only").empty());
  BOOST_TEST(enrolled_at(r, "pro", "existing") == (Strings{"2026-03-02T00:00:00Z"}));
  BOOST_TEST(enrolled_at(r, "free", "new_only") == (Strings{"2026-03-02T09:00:00Z"}));
  BOOST_TEST(enrolled_at(r, "free", "existing") == (Strings{"2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(include_existing_sees_events_before_start) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"condition": "count(\"Order\") >= 2", "include_existing": true},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-02-20T09:00:00Z", "contact": "loyal", "type": "Order"},
      {"at": "2026-02-25T09:00:00Z", "contact": "loyal", "type": "Order"},
      {"at": "2026-02-25T09:00:00Z", "contact": "once", "type": "Order"},
      {"at": "2026-03-03T09:00:00Z", "contact": "once", "type": "Order"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "loyal", "w") == (Strings{"2026-03-02T00:00:00Z"}));
  BOOST_TEST(enrolled_at(r, "once", "w") == (Strings{"2026-03-03T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(condition_starting_point_of_an_event_only_contact_is_the_empty_contact) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "visited", "trigger": {"condition": "count(\"Visit\") >= 1"},
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "no_plan", "trigger": {"condition": "contact.plan == null"},
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "new", "type": "Visit"},
      {"at": "2026-03-02T10:00:00Z", "contact": "new", "type": "identify", "properties": {"plan": "pro"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "new", "type": "identify", "properties": {"plan": null}}
    ]
  })json");
  // The empty contact has no Visit: the first event makes `visited` go false -> true.
  BOOST_TEST(enrolled_at(r, "new", "visited") == (Strings{"2026-03-02T09:00:00Z"}));
  // The empty contact has no plan: `no_plan` starts true, goes false at 10:00, true at 11:00.
  BOOST_TEST(enrolled_at(r, "new", "no_plan") == (Strings{"2026-03-02T11:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(condition_is_not_re_evaluated_after_set_only_after_the_contacts_next_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "up", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "s", "type": "set", "properties": {"plan": "pro"}}]},
      {"id": "pro", "trigger": {"condition": "contact.plan == \"pro\""},
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T15:00:00Z", "contact": "c", "type": "Visit"}
    ]
  })json");
  BOOST_TEST(enrolled_at(r, "c", "pro") == (Strings{"2026-03-02T15:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(condition_enrollments_trigger_event_is_the_event_after_which_it_became_true) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"n": {"channel": "email", "subject": "{{event.type}} {{event.source}}"}},
    "workflows": [{"id": "w", "trigger": {"condition": "count(\"Visit\") >= 2 and trigger.source != \"ad\""},
                   "steps": [{"id": "x", "type": "send", "template": "n"}]}],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Visit", "properties": {"source": "ad"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Visit", "properties": {"source": "ad"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Visit", "properties": {"source": "mail"}}
    ]
  })json");
  auto m = r.only_message("c", "n");
  BOOST_TEST(m.at == "2026-03-02T11:00:00Z");
  BOOST_TEST(*m.subject == "Visit mail");
}

// ---- schedule if ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(schedule_enrolls_every_contact_for_whom_if_holds_at_the_tick) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-04T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"},
                                          "if": "contact.vip == true and now >= time(\"2026-03-02T09:00:00Z\")"},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "a", "properties": {"vip": true}}, {"id": "b"}, {"id": "c", "properties": {"vip": false}}],
    "events": [{"at": "2026-03-02T12:00:00Z", "contact": "b", "type": "identify", "properties": {"vip": true}}]
  })json");
  BOOST_TEST(r.sent("a") == (Strings{"2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"}));
  BOOST_TEST(r.sent("b") == (Strings{"2026-03-03T09:00:00Z"}));
  BOOST_TEST(r.sent("c").empty());
}

// ---- rules 24-30: expressions as the engine evaluates them -------------------------------------

BOOST_AUTO_TEST_CASE(trigger_expressions_follow_the_exact_expression_rules) {
  // One workflow per expression, all triggered by the same event; which ones enroll and which
  // ones warn is worked out from rules 24-30.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "not_null_is_true",     "trigger": {"event": "A", "if": "not contact.missing"}, "steps": []},
      {"id": "null_and_is_false",    "trigger": {"event": "A", "if": "contact.missing and true"}, "steps": []},
      {"id": "string_or_warns",      "trigger": {"event": "A", "if": "contact.first or false"}, "steps": []},
      {"id": "null_plus_is_null",    "trigger": {"event": "A", "if": "contact.missing + 1 == null"}, "steps": []},
      {"id": "plus_joins_strings",   "trigger": {"event": "A", "if": "contact.first + \" \" + contact.last == \"Ann Lee\""}, "steps": []},
      {"id": "divide_by_zero_warns", "trigger": {"event": "A", "if": "contact.age / 0 > 1"}, "steps": []},
      {"id": "in_list",              "trigger": {"event": "A", "if": "contact.country in [\"FR\", \"BE\"]"}, "steps": []},
      {"id": "in_substring",         "trigger": {"event": "A", "if": "\"nn\" in contact.first and contact.first contains \"An\""}, "steps": []},
      {"id": "in_null_is_false",     "trigger": {"event": "A", "if": "\"x\" in contact.missing"}, "steps": []},
      {"id": "one_equals_one_point_zero", "trigger": {"event": "A", "if": "1 == 1.0 and contact.age == 30.0"}, "steps": []},
      {"id": "bool_is_not_number",   "trigger": {"event": "A", "if": "true == 1"}, "steps": []},
      {"id": "order_mismatch_warns", "trigger": {"event": "A", "if": "contact.age > \"5\""}, "steps": []},
      {"id": "null_order_is_false",  "trigger": {"event": "A", "if": "contact.missing < 5"}, "steps": []},
      {"id": "sum_ignores_text",     "trigger": {"event": "A", "if": "sum(\"Order\", \"total\") == 15 and count(\"Order\") == 3"}, "steps": []},
      {"id": "exists",               "trigger": {"event": "A", "if": "exists(contact.first) and not exists(contact.missing)"}, "steps": []},
      {"id": "bad_time_warns",       "trigger": {"event": "A", "if": "time(contact.first) == null"}, "steps": []},
      {"id": "lower_ascii_only",     "trigger": {"event": "A", "if": "lower(\"\u00c0B\") == \"\u00c0b\""}, "steps": []},
      {"id": "len_code_points",      "trigger": {"event": "A", "if": "len(\"h\u00e9llo\") == 5 and len([1, 2]) == 2"}, "steps": []},
      {"id": "last_and_first",       "trigger": {"event": "A", "if": "last(\"Order\") == time(\"2026-03-02T08:00:00Z\") and first(\"Order\") == time(\"2026-03-02T07:00:00Z\") and last(\"Nope\") == null"}, "steps": []},
      {"id": "since_and_durations",  "trigger": {"event": "A", "if": "since(last(\"Order\")) == 1h and now - 2h == first(\"Order\")"}, "steps": []},
      {"id": "string_escapes",       "trigger": {"event": "A", "if": "'it\\'s' == \"it's\" and \"a\\tb\" != \"a b\""}, "steps": []}
    ],
    "contacts": [{"id": "c", "properties": {"first": "Ann", "last": "Lee", "age": 30, "country": "FR"}}],
    "events": [
      {"at": "2026-03-02T07:00:00Z", "contact": "c", "type": "Order", "properties": {"total": 10}},
      {"at": "2026-03-02T07:30:00Z", "contact": "c", "type": "Order", "properties": {"total": "x"}},
      {"at": "2026-03-02T08:00:00Z", "contact": "c", "type": "Order", "properties": {"total": 5}},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  Strings enrolled;
  for (const auto& e : r.enrollments("c")) enrolled.push_back(e.workflow);
  BOOST_TEST(enrolled == (Strings{"not_null_is_true", "null_plus_is_null", "plus_joins_strings", "in_list",
                                  "in_substring", "one_equals_one_point_zero", "sum_ignores_text", "exists",
                                  "lower_ascii_only", "len_code_points", "last_and_first",
                                  "since_and_durations", "string_escapes"}));
  Strings warned;
  for (const auto& w : r.warnings()) warned.push_back(w.workflow);
  BOOST_TEST(warned == (Strings{"string_or_warns", "divide_by_zero_warns", "order_mismatch_warns",
                                "bad_time_warns"}));
}

// ---- rule 17 --------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(enrollments_react_in_workflow_order_then_creation_order_each_to_its_next_wait) {
  // `late` (workflow 0) enrolls twice after `early` (workflow 1) enrolled; all three wait for Go.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"n": {"channel": "push", "body": "b"}},
    "workflows": [
      {"id": "late", "trigger": {"event": "B"}, "key": "event.k",
       "steps": [{"id": "w", "type": "wait_for", "event": "Go"},
                 {"id": "x", "type": "send", "template": "n"},
                 {"id": "y", "type": "send", "template": "n"}]},
      {"id": "early", "trigger": {"event": "A"},
       "steps": [{"id": "w", "type": "wait_for", "event": "Go"}, {"id": "x", "type": "send", "template": "n"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "B", "properties": {"k": 2}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "B", "properties": {"k": 1}},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Go"}
    ]
  })json");
  Strings order;
  for (const auto& m : r.messages("c")) {
    order.push_back(m.workflow + "/" + m.step);
    BOOST_TEST(m.at == "2026-03-02T12:00:00Z");
  }
  BOOST_TEST(order == (Strings{"late/x", "late/y", "late/x", "late/y", "early/x"}));
  Strings keys;
  for (const auto& e : r.enrollments("c", "late")) keys.push_back(e.key + " " + e.ended_at);
  BOOST_TEST(keys == (Strings{"2 2026-03-02T12:00:00Z", "1 2026-03-02T12:00:00Z"}));
}

BOOST_AUTO_TEST_SUITE_END()
