// Engine: time, settings and the replay window (spec exact rules 1-8 and 23). Every expected
// instant below is worked out by hand from the spec; 2026-03-02 is a Monday.
#include <boost/test/unit_test.hpp>

#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

BOOST_AUTO_TEST_SUITE(engine_time)

// ---- rule 1: the replay window --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(events_before_start_change_the_contact_but_no_workflow_reacts) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "on_a", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "on_b", "trigger": {"event": "B", "if": "count(\"A\") == 1"},
       "steps": [{"id": "x", "type": "send", "template": "m"}]}
    ],
    "contacts": [{"id": "alice", "email": "a@example.com"}],
    "events": [
      {"at": "2026-03-01T12:00:00Z", "contact": "alice", "type": "A"},
      {"at": "2026-03-01T13:00:00Z", "contact": "alice", "type": "identify", "properties": {"first_name": "Zed"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "alice", "type": "B"}
    ]
  })json");
  BOOST_TEST(r.enrollments("alice", "on_a").empty());
  // The aggregate sees the A before start, and the identify before start renamed her.
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-02T10:00:00Z"}));
  BOOST_TEST(*r.only_message("alice", "m").subject == "Hi Zed");
}

BOOST_AUTO_TEST_CASE(events_at_or_after_end_are_ignored) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-09T23:59:59Z", "contact": "just_in", "type": "A"},
      {"at": "2026-03-10T00:00:00Z", "contact": "at_end", "type": "A"},
      {"at": "2026-03-11T00:00:00Z", "contact": "after_end", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("just_in") == (Strings{"2026-03-09T23:59:59Z"}));
  BOOST_TEST(r.enrollments("at_end").empty());
  BOOST_TEST(r.enrollments("after_end").empty());
  // A contact named only by an ignored event never comes to exist.
  BOOST_TEST(!r.has_contact("at_end"));
  BOOST_TEST(!r.has_contact("after_end"));
}

BOOST_AUTO_TEST_CASE(a_step_due_exactly_at_end_does_not_happen_and_is_reported_horizon) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
      "steps": [{"id": "d", "type": "delay", "duration": "1h"}, {"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-09T23:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.messages().empty());
  auto e = r.only_enrollment("c", "w");
  BOOST_TEST(e.reason == "horizon");
  BOOST_TEST(e.ended_at == "null");
  BOOST_TEST(e.next_at == "2026-03-10T00:00:00Z");
  BOOST_TEST(r.arrivals("w", "x") == 0);
}

BOOST_AUTO_TEST_CASE(no_start_and_no_events_gives_an_empty_report) {
  Run r(R"json({
    "workflows": [{"id": "w", "trigger": {"condition": "true", "include_existing": true},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.result().empty);
  BOOST_TEST(r.messages().empty());
  BOOST_TEST(r.enrollments().empty());
  BOOST_TEST(r.actions().empty());
  BOOST_TEST(r.warnings().empty());
  flowcast::Json report = flowcast::Json::parse(r.report());
  BOOST_TEST(report["format"] == "flowcast.report/1");
  BOOST_TEST(report["messages"].empty());
  BOOST_TEST(report["enrollments"].empty());
  BOOST_TEST(report["stats"]["w"]["enrolled"] == 0);
  BOOST_TEST(report["stats"]["w"]["steps"]["x"] == 0);
}

BOOST_AUTO_TEST_CASE(default_start_is_the_earliest_event_and_default_end_is_30_days_later) {
  // Events are listed out of order: the earliest is the second one.
  Run r(R"json({
    "workflows": [
      {"id": "long", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "30d"}, {"id": "x", "type": "send", "template": "p"}]},
      {"id": "short", "trigger": {"event": "A"},
       "steps": [{"id": "d", "type": "delay", "duration": "719h"}, {"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"at": "2026-03-05T00:00:00Z", "contact": "late", "type": "B"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(flowcast::time::format_instant(r.result().start) == "2026-03-02T10:00:00Z");
  BOOST_TEST(flowcast::time::format_instant(r.result().end) == "2026-04-01T10:00:00Z");
  // 719h = 29d 23h: due one hour before the end.
  BOOST_TEST(r.sent("c") == (Strings{"2026-04-01T09:00:00Z"}));
  auto e = r.only_enrollment("c", "long");
  BOOST_TEST(e.reason == "horizon");
  BOOST_TEST(e.next_at == "2026-04-01T10:00:00Z");
}

// ---- rule 2: duplicate event ids ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(duplicate_event_id_the_earlier_in_time_wins_even_if_listed_later) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "on_a", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "on_b", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "on_c", "trigger": {"event": "C", "if": "count(\"B\") == 0 and count(\"A\") == 1"},
       "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"id": "e1", "at": "2026-03-02T12:00:00Z", "contact": "c", "type": "B"},
      {"id": "e1", "at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T13:00:00Z", "contact": "c", "type": "C"}
    ]
  })json");
  BOOST_TEST(r.enrollments("c", "on_a").size() == 1u);
  // The later duplicate is ignored entirely: no trigger, and it is not in the history.
  BOOST_TEST(r.enrollments("c", "on_b").empty());
  BOOST_TEST(r.enrollments("c", "on_c").size() == 1u);
}

BOOST_AUTO_TEST_CASE(duplicate_event_id_at_the_same_instant_file_order_wins) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "on_a", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "on_b", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}
    ],
    "events": [
      {"id": "e1", "at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"id": "e1", "at": "2026-03-02T10:00:00Z", "contact": "c", "type": "B"}
    ]
  })json");
  BOOST_TEST(r.enrollments("c", "on_a").size() == 1u);
  BOOST_TEST(r.enrollments("c", "on_b").empty());
}

BOOST_AUTO_TEST_CASE(duplicate_event_ids_are_global_across_contacts) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"id": "same", "at": "2026-03-02T10:00:00Z", "contact": "first", "type": "A"},
      {"id": "same", "at": "2026-03-02T11:00:00Z", "contact": "second", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("first") == (Strings{"2026-03-02T10:00:00Z"}));
  BOOST_TEST(!r.has_contact("second"));
}

BOOST_AUTO_TEST_CASE(an_event_before_start_claims_its_id) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"id": "e1", "at": "2026-03-01T10:00:00Z", "contact": "c", "type": "A"},
      {"id": "e1", "at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.enrollments().empty());
}

// ---- rule 3: schedules ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(daily_schedule_keeps_its_local_time_across_the_new_york_dst_change) {
  // New York springs forward on Sun 2026-03-08: 09:00 EST = 14:00Z before, 09:00 EDT = 13:00Z
  // from that day on.
  Run r(R"json({
    "settings": {"start": "2026-03-06T00:00:00Z", "end": "2026-03-11T00:00:00Z",
                 "timezone": "America/New_York"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"}},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-06T14:00:00Z", "2026-03-07T14:00:00Z",
                                         "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z",
                                         "2026-03-10T13:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(schedule_with_a_non_day_period_adds_exact_seconds_across_dst) {
  // Paris springs forward on Sun 2026-03-29 (01:00Z). Every 12h from 09:00 CET (08:00Z):
  // exact seconds, so after the change the ticks fall at 10:00 and 22:00 CEST.
  Run r(R"json({
    "settings": {"start": "2026-03-28T00:00:00Z", "end": "2026-03-31T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "12h", "at": "09:00"}},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-28T08:00:00Z", "2026-03-28T20:00:00Z",
                                         "2026-03-29T08:00:00Z", "2026-03-29T20:00:00Z",
                                         "2026-03-30T08:00:00Z", "2026-03-30T20:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(weekly_schedule_is_a_whole_number_of_days_and_keeps_local_time) {
  // Every 1w at 10:00 Paris from Fri 2026-03-27: 09:00Z (CET), then 08:00Z (CEST) a week later.
  Run r(R"json({
    "settings": {"start": "2026-03-27T00:00:00Z", "end": "2026-04-11T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1w", "at": "10:00"}},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-27T09:00:00Z", "2026-04-03T08:00:00Z",
                                         "2026-04-10T08:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(schedule_without_at_first_ticks_at_start) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T06:30:00Z", "end": "2026-03-05T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [
      {"id": "daily", "trigger": {"schedule": {"every": "1d"}}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "often", "trigger": {"schedule": {"every": "90m"}}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "s"}]}
    ],
    "contacts": [{"id": "alice", "phone": "+33600000000"}]
  })json");
  BOOST_TEST(r.sent("alice", "p") == (Strings{"2026-03-02T06:30:00Z", "2026-03-03T06:30:00Z",
                                              "2026-03-04T06:30:00Z"}));
  Strings often = r.sent("alice", "s");
  // From 06:30Z on 03-02 up to (not including) 03-05T00:00Z: 65.5h / 1.5h -> 44 ticks.
  BOOST_TEST(often.size() == 44u);
  BOOST_TEST(often.front() == "2026-03-02T06:30:00Z");
  BOOST_TEST(often[1] == "2026-03-02T08:00:00Z");
  BOOST_TEST(often.back() == "2026-03-04T23:00:00Z");
}

BOOST_AUTO_TEST_CASE(schedule_first_tick_is_the_first_at_at_or_after_start) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T10:00:00Z", "end": "2026-03-04T00:00:00Z"},
    "workflows": [
      {"id": "same", "trigger": {"schedule": {"every": "1d", "at": "10:00"}}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "p"}]},
      {"id": "earlier", "trigger": {"schedule": {"every": "1d", "at": "09:59"}}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "s"}]}
    ],
    "contacts": [{"id": "alice", "phone": "+1555"}]
  })json");
  BOOST_TEST(r.sent("alice", "p") == (Strings{"2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z"}));
  BOOST_TEST(r.sent("alice", "s") == (Strings{"2026-03-03T09:59:00Z"}));
}

BOOST_AUTO_TEST_CASE(schedule_tick_runs_after_the_events_of_its_instant) {
  // The first tick is at start, and so is bob's identify: the tick sees it. At 10:00 on 03-03
  // carol's identify comes before that tick as well.
  Run r(R"json({
    "settings": {"start": "2026-03-02T10:00:00Z", "end": "2026-03-04T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d"}, "if": "contact.vip == true"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "bob"}, {"id": "carol"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "bob", "type": "identify", "properties": {"vip": true}},
      {"at": "2026-03-03T10:00:00Z", "contact": "carol", "type": "identify", "properties": {"vip": true}}
    ]
  })json");
  BOOST_TEST(r.sent("bob") == (Strings{"2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.sent("carol") == (Strings{"2026-03-03T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(schedule_reenroll_never_enrolls_each_contact_once) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-06T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"}},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-02T09:00:00Z"}));
}

// ---- rule 8 with schedules ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(schedule_sees_only_contacts_that_exist_in_file_then_appearance_order) {
  // bob is listed first among the events but carol appears earlier in time.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-05T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"}},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}],
    "events": [
      {"at": "2026-03-02T12:00:00Z", "contact": "bob", "type": "visit"},
      {"at": "2026-03-02T11:00:00Z", "contact": "carol", "type": "visit"}
    ]
  })json");
  BOOST_TEST(r.sent("alice").size() == 3u);
  BOOST_TEST(r.sent("carol") == (Strings{"2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"}));
  BOOST_TEST(r.sent("bob") == (Strings{"2026-03-03T09:00:00Z", "2026-03-04T09:00:00Z"}));
  Strings order;
  for (const auto& m : r.messages()) order.push_back(m.at.substr(0, 10) + " " + m.contact);
  BOOST_TEST(order == (Strings{"2026-03-02 alice", "2026-03-03 alice", "2026-03-03 carol",
                               "2026-03-03 bob", "2026-03-04 alice", "2026-03-04 carol",
                               "2026-03-04 bob"}));
}

BOOST_AUTO_TEST_CASE(a_contact_seen_only_before_start_exists_for_the_first_tick) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "09:00"}, "if": "count(\"Visit\") == 1"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-02-20T10:00:00Z", "contact": "early", "type": "Visit"}]
  })json");
  BOOST_TEST(r.sent("early") == (Strings{"2026-03-02T09:00:00Z"}));
}

// ---- rule 4: DST gaps and repeated times ----------------------------------------------------

BOOST_AUTO_TEST_CASE(delay_until_in_a_dst_gap_means_the_end_of_the_gap) {
  // 02:30 does not exist in Paris on 2026-03-29: it means 03:00 CEST = 01:00Z.
  Run r(R"json({
    "settings": {"start": "2026-03-28T00:00:00Z", "end": "2026-04-01T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "02:30"},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-28T20:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-29T01:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(delay_until_a_repeated_local_time_means_its_first_occurrence) {
  // Paris falls back on 2026-10-25 at 01:00Z: 02:30 happens at 00:30Z (CEST), then 01:30Z (CET).
  Run r(R"json({
    "settings": {"start": "2026-10-24T00:00:00Z", "end": "2026-10-28T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "02:30"},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-10-24T20:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.sent("c") == (Strings{"2026-10-25T00:30:00Z"}));
}

BOOST_AUTO_TEST_CASE(quiet_hours_ending_in_a_dst_gap_end_at_the_end_of_the_gap) {
  // Quiet 22:00-02:30 Paris; at 23:00 CET on 03-28 the send waits for 02:30 on 03-29, which
  // does not exist: 03:00 CEST = 01:00Z.
  Run r(R"json({
    "settings": {"start": "2026-03-28T00:00:00Z", "end": "2026-04-01T00:00:00Z",
                 "timezone": "Europe/Paris", "quiet_hours": {"start": "22:00", "end": "02:30"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-28T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto m = r.only_message("c", "p");
  BOOST_TEST(m.status == "sent");
  BOOST_TEST(m.at == "2026-03-29T01:00:00Z");
  BOOST_TEST(m.deferred_from == "2026-03-28T22:00:00Z");
}

BOOST_AUTO_TEST_CASE(quiet_hours_ending_at_a_repeated_local_time_end_at_its_first_occurrence) {
  // Quiet 21:00-02:30 Paris. At 00:00 CEST on 10-25 (22:00Z on 10-24) the send waits for
  // 02:30, which happens twice that night: the first time, 00:30Z.
  Run r(R"json({
    "settings": {"start": "2026-10-24T00:00:00Z", "end": "2026-10-28T00:00:00Z",
                 "timezone": "Europe/Paris", "quiet_hours": {"start": "21:00", "end": "02:30"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-10-24T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto m = r.only_message("c", "p");
  BOOST_TEST(m.at == "2026-10-25T00:30:00Z");
  BOOST_TEST(m.deferred_from == "2026-10-24T22:00:00Z");
}

BOOST_AUTO_TEST_CASE(schedule_at_in_a_dst_gap_ticks_at_the_end_of_the_gap) {
  // 02:30 Paris: 01:30Z (CET) on 03-28, the gap's end 03:00 CEST = 01:00Z on 03-29, and
  // 00:30Z (CEST) on 03-30.
  Run r(R"json({
    "settings": {"start": "2026-03-28T00:00:00Z", "end": "2026-03-31T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"schedule": {"every": "1d", "at": "02:30"}},
                   "reenroll": "always", "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "alice"}]
  })json");
  BOOST_TEST(r.sent("alice") == (Strings{"2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z",
                                         "2026-03-30T00:30:00Z"}));
}

// ---- rule 5 and delay_until -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(delay_until_goes_on_at_once_only_at_exactly_hh_mm_00) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "09:00"},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "exact", "type": "A"},
      {"at": "2026-03-02T09:00:30Z", "contact": "late", "type": "A"},
      {"at": "2026-03-02T08:59:59Z", "contact": "early", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("exact") == (Strings{"2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.sent("late") == (Strings{"2026-03-03T09:00:00Z"}));
  BOOST_TEST(r.sent("early") == (Strings{"2026-03-02T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(delay_until_loop_back_at_the_same_instant_waits_for_the_next_occurrence) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-05T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "09:00"},
                             {"id": "x", "type": "send", "template": "p", "next": "u"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z",
                                     "2026-03-04T09:00:00Z"}));
  auto e = r.only_enrollment("c", "w");
  BOOST_TEST(e.reason == "horizon");
  BOOST_TEST(e.next_at == "2026-03-05T09:00:00Z");
  BOOST_TEST(r.arrivals("w", "u") == 4);
  BOOST_TEST(r.arrivals("w", "x") == 3);
}

BOOST_AUTO_TEST_CASE(each_delay_until_of_a_loop_remembers_its_own_passage_at_this_instant) {
  // A loop through two delay_until steps: at 09:00 on 03-02 both go on at once; when the loop
  // comes back to `first` at that same instant, it waits for 09:00 the next day (rule 5), so
  // each task runs once per day.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-04T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "first", "type": "delay_until", "time": "09:00"},
                             {"id": "a", "type": "task", "title": "a"},
                             {"id": "second", "type": "delay_until", "time": "09:00"},
                             {"id": "b", "type": "task", "title": "b", "next": "first"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"}]
  })json");
  Strings got;
  for (const auto& a : r.actions("c")) got.push_back(a.title + "@" + a.at);
  BOOST_TEST(got == (Strings{"a@2026-03-02T09:00:00Z", "b@2026-03-02T09:00:00Z",
                             "a@2026-03-03T09:00:00Z", "b@2026-03-03T09:00:00Z"}));
  BOOST_TEST(r.only_enrollment("c", "w").next_at == "2026-03-04T09:00:00Z");
}

BOOST_AUTO_TEST_CASE(delay_until_with_days_waits_for_an_allowed_day) {
  // 2026-03-02 is a Monday.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-20T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "09:00", "days": ["wed"]},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "monday", "type": "A"},
      {"at": "2026-03-04T08:00:00Z", "contact": "wed_before", "type": "A"},
      {"at": "2026-03-04T09:00:00Z", "contact": "wed_exact", "type": "A"},
      {"at": "2026-03-04T09:00:01Z", "contact": "wed_after", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "tue_exact", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("monday") == (Strings{"2026-03-04T09:00:00Z"}));
  BOOST_TEST(r.sent("wed_before") == (Strings{"2026-03-04T09:00:00Z"}));
  BOOST_TEST(r.sent("wed_exact") == (Strings{"2026-03-04T09:00:00Z"}));
  BOOST_TEST(r.sent("wed_after") == (Strings{"2026-03-11T09:00:00Z"}));
  BOOST_TEST(r.sent("tue_exact") == (Strings{"2026-03-04T09:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(delay_until_uses_the_contacts_zone_else_the_settings_zone) {
  // 09:00 in New York on 2026-03-02 (EST) is 14:00Z; 09:00 in Paris (CET) is 08:00Z.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "u", "type": "delay_until", "time": "09:00"},
                             {"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "ny", "timezone": "America/New_York"}, {"id": "paris"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "ny", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "paris", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("ny") == (Strings{"2026-03-02T14:00:00Z"}));
  BOOST_TEST(r.sent("paris") == (Strings{"2026-03-03T08:00:00Z"}));
}

// ---- rule 6: half-open windows --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(count_window_is_half_open_an_event_exactly_window_ago_is_out) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "B", "if": "count(\"A\", 1h) == 1"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "out", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "out", "type": "B"},
      {"at": "2026-03-02T09:00:00Z", "contact": "in", "type": "A"},
      {"at": "2026-03-02T09:59:59Z", "contact": "in", "type": "B"}
    ]
  })json");
  BOOST_TEST(r.enrollments("out").empty());
  BOOST_TEST(r.sent("in") == (Strings{"2026-03-02T09:59:59Z"}));
}

BOOST_AUTO_TEST_CASE(sum_window_includes_the_current_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Order", "if": "sum(\"Order\", \"total\", 1d) >= 100"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Order", "properties": {"total": 60}},
      {"at": "2026-03-03T09:00:00Z", "contact": "c", "type": "Order", "properties": {"total": 50}},
      {"at": "2026-03-03T10:00:00Z", "contact": "c", "type": "Order", "properties": {"total": 50}}
    ]
  })json");
  // 03-03T09:00: (03-02T09:00, 03-03T09:00] holds only 50; at 10:00 it holds 50 + 50.
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(frequency_cap_window_is_half_open) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "frequency_cap": {"max": 1, "window": "1h"}},
    "workflows": [
      {"id": "w1", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "w2", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "m2"}]}
    ],
    "contacts": [{"id": "out", "email": "o@example.com"}, {"id": "in", "email": "i@example.com"}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "out", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "out", "type": "B"},
      {"at": "2026-03-02T09:00:00Z", "contact": "in", "type": "A"},
      {"at": "2026-03-02T09:59:59Z", "contact": "in", "type": "B"}
    ]
  })json");
  BOOST_TEST(r.only_message("out", "m2").status == "sent");
  auto capped = r.only_message("in", "m2");
  BOOST_TEST(capped.status == "skipped");
  BOOST_TEST(capped.reason == "frequency_cap");
  BOOST_TEST(capped.at == "2026-03-02T09:59:59Z");
}

// ---- rule 7 ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(quiet_hours_with_start_equal_to_end_are_empty) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "09:00", "end": "09:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T03:00:00Z", "contact": "d", "type": "A"}
    ]
  })json");
  auto m = r.only_message("c", "p");
  BOOST_TEST(m.at == "2026-03-02T09:00:00Z");
  BOOST_TEST(m.deferred_from == "");
  BOOST_TEST(r.sent("d") == (Strings{"2026-03-02T03:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(durations_must_be_positive_except_reenroll_which_may_be_0s) {
  const char* zero_delay = R"json({
    "settings": {"start": "2026-03-02T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "d", "type": "delay", "duration": "0s"}]}]
  })json";
  BOOST_TEST(!flowcast::testing::load_errors(zero_delay).empty());
  const char* zero_reenroll = R"json({
    "settings": {"start": "2026-03-02T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "reenroll": "0s",
                   "steps": [{"id": "d", "type": "delay", "duration": "1s"}]}]
  })json";
  BOOST_TEST(flowcast::testing::load_errors(zero_reenroll).empty());
}

BOOST_AUTO_TEST_SUITE_END()
