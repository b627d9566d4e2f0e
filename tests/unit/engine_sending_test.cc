// Engine: the send step (spec "Sending", exact rules 6, 9-12 and 16) and contact events that
// change addresses and subscriptions.
#include <boost/test/unit_test.hpp>

#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

BOOST_AUTO_TEST_SUITE(engine_sending)

// ---- the order of the checks ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(no_address_comes_before_unsubscribed) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "x", "type": "send", "template": "m"},
                             {"id": "y", "type": "send", "template": "s"}]}],
    "contacts": [
      {"id": "none", "subscriptions": {"email": false, "sms": false}},
      {"id": "empty", "email": "", "phone": ""},
      {"id": "unsub", "email": "u@example.com", "phone": "+1555", "subscriptions": {"email": false, "sms": false}}
    ],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "none", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "empty", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "unsub", "type": "A"}
    ]
  })json");
  for (const char* c : {"none", "empty"}) {
    for (const char* t : {"m", "s"}) {
      auto m = r.only_message(c, t);
      BOOST_TEST(m.status == "skipped");
      BOOST_TEST(m.reason == "no_address", c << "/" << t);
    }
  }
  BOOST_TEST(r.only_message("unsub", "m").reason == "unsubscribed");
  BOOST_TEST(r.only_message("unsub", "s").reason == "unsubscribed");
}

BOOST_AUTO_TEST_CASE(unsubscribed_comes_before_quiet_hours) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}],
    "contacts": [{"id": "c", "email": "c@example.com", "subscriptions": {"email": false}}],
    "events": [{"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto m = r.only_message("c", "m");
  BOOST_TEST(m.status == "skipped");
  BOOST_TEST(m.reason == "unsubscribed");
  BOOST_TEST(m.at == "2026-03-02T22:00:00Z");
  BOOST_TEST(m.deferred_from == "");
}

BOOST_AUTO_TEST_CASE(no_address_comes_before_quiet_hours) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}],
    "events": [{"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto m = r.only_message("c", "m");
  BOOST_TEST(m.reason == "no_address");
  BOOST_TEST(m.at == "2026-03-02T22:00:00Z");
}

BOOST_AUTO_TEST_CASE(quiet_hours_come_before_the_frequency_cap_which_is_checked_when_the_send_runs_again) {
  // Sent at 10:00; the 22:00 send waits for 08:00, when the 24h cap still counts the 10:00 one.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"},
                 "frequency_cap": {"max": 1, "window": "24h"}},
    "workflows": [
      {"id": "w1", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "w2", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "m2"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "B"}
    ]
  })json");
  auto m = r.only_message("c", "m2");
  BOOST_TEST(m.status == "skipped");
  BOOST_TEST(m.reason == "frequency_cap");
  BOOST_TEST(m.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(m.deferred_from == "2026-03-02T22:00:00Z");
}

BOOST_AUTO_TEST_CASE(deferred_send_runs_again_from_the_first_check) {
  // During the night the contact unsubscribes: at 08:00 the deferred send is skipped as
  // unsubscribed, and still records deferred_from.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-03T01:00:00Z", "contact": "c", "type": "unsubscribe", "properties": {"channel": "email"}}
    ]
  })json");
  auto m = r.only_message("c", "m");
  BOOST_TEST(m.status == "skipped");
  BOOST_TEST(m.reason == "unsubscribed");
  BOOST_TEST(m.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(m.deferred_from == "2026-03-02T22:00:00Z");
}

BOOST_AUTO_TEST_CASE(skipped_message_does_not_stop_the_enrollment) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "x", "type": "send", "template": "s"},
                             {"id": "y", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.only_message("c", "s").reason == "no_address");
  BOOST_TEST(r.sent("c", "p") == (Strings{"2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.only_enrollment("c", "w").reason == "completed");
}

// ---- quiet hours ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(quiet_hours_spanning_midnight_defer_to_their_end) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T20:59:59Z", "contact": "before", "type": "A"},
      {"at": "2026-03-02T21:00:00Z", "contact": "at_start", "type": "A"},
      {"at": "2026-03-03T03:00:00Z", "contact": "after_midnight", "type": "A"},
      {"at": "2026-03-03T07:59:59Z", "contact": "last_second", "type": "A"}
    ]
  })json");
  auto before = r.only_message("before", "p");
  BOOST_TEST(before.at == "2026-03-02T20:59:59Z");
  BOOST_TEST(before.deferred_from == "");
  auto at_start = r.only_message("at_start", "p");
  BOOST_TEST(at_start.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(at_start.deferred_from == "2026-03-02T21:00:00Z");
  auto after = r.only_message("after_midnight", "p");
  BOOST_TEST(after.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(after.deferred_from == "2026-03-03T03:00:00Z");
  BOOST_TEST(r.only_message("last_second", "p").at == "2026-03-03T08:00:00Z");
}

BOOST_AUTO_TEST_CASE(quiet_hours_end_is_outside) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-03T08:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto m = r.only_message("c", "p");
  BOOST_TEST(m.status == "sent");
  BOOST_TEST(m.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(m.deferred_from == "");
}

BOOST_AUTO_TEST_CASE(quiet_hours_within_one_day) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "12:00", "end": "14:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [
      {"at": "2026-03-02T11:59:00Z", "contact": "before", "type": "A"},
      {"at": "2026-03-02T13:00:00Z", "contact": "inside", "type": "A"},
      {"at": "2026-03-02T14:00:00Z", "contact": "at_end", "type": "A"},
      {"at": "2026-03-02T23:00:00Z", "contact": "night", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("before") == (Strings{"2026-03-02T11:59:00Z"}));
  BOOST_TEST(r.sent("inside") == (Strings{"2026-03-02T14:00:00Z"}));
  BOOST_TEST(r.sent("at_end") == (Strings{"2026-03-02T14:00:00Z"}));
  BOOST_TEST(r.only_message("at_end", "p").deferred_from == "");
  BOOST_TEST(r.sent("night") == (Strings{"2026-03-02T23:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(quiet_hours_use_the_contacts_local_time) {
  // 02:00Z on 03-02 is 21:00 EST on 03-01 in New York: quiet until 08:00 EST = 13:00Z. The same
  // instant is 03:00 in Paris, quiet until 08:00 CET = 07:00Z.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "timezone": "Europe/Paris", "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "ny", "timezone": "America/New_York"}, {"id": "paris"}],
    "events": [
      {"at": "2026-03-02T02:00:00Z", "contact": "ny", "type": "A"},
      {"at": "2026-03-02T02:00:00Z", "contact": "paris", "type": "A"},
      {"at": "2026-03-02T01:59:00Z", "contact": "ny_free", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.sent("ny") == (Strings{"2026-03-02T13:00:00Z"}));
  BOOST_TEST(r.sent("paris") == (Strings{"2026-03-02T07:00:00Z"}));
  // ny_free has no zone of its own: Paris, 02:59 local, quiet until 07:00Z.
  BOOST_TEST(r.sent("ny_free") == (Strings{"2026-03-02T07:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(a_deferred_enrollment_still_running_at_end_has_the_quiet_end_as_next_at) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.messages().empty());
  auto e = r.only_enrollment("c", "w");
  BOOST_TEST(e.reason == "horizon");
  BOOST_TEST(e.next_at == "2026-03-03T08:00:00Z");
}

// ---- frequency cap --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(frequency_cap_counts_marketing_sent_on_the_same_channel_from_every_workflow) {
  // Cap 2 per day on each channel. sms at 09:00 does not count for email.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "frequency_cap": {"max": 2, "window": "1d"}},
    "workflows": [
      {"id": "w_sms", "trigger": {"event": "S"}, "steps": [{"id": "x", "type": "send", "template": "s"}]},
      {"id": "w1", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "w2", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "m2"}]},
      {"id": "w3", "trigger": {"event": "C"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com", "phone": "+1555"}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "S"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "B"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "C"},
      {"at": "2026-03-03T10:00:01Z", "contact": "c", "type": "D"}
    ]
  })json");
  BOOST_TEST(r.sent("c", "s") == (Strings{"2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.sent("c", "m") == (Strings{"2026-03-02T10:00:00Z"}));
  BOOST_TEST(r.sent("c", "m2") == (Strings{"2026-03-02T11:00:00Z"}));
  std::vector<flowcast::testing::Msg> w3 = r.messages("c");
  BOOST_TEST(w3.back().workflow == "w3");
  BOOST_TEST(w3.back().status == "skipped");
  BOOST_TEST(w3.back().reason == "frequency_cap");
}

BOOST_AUTO_TEST_CASE(two_sends_deferred_to_the_same_morning_share_the_cap_in_scheduling_order) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"},
                 "frequency_cap": {"max": 1, "window": "1d"}},
    "workflows": [
      {"id": "late", "trigger": {"event": "B"}, "steps": [{"id": "x", "type": "send", "template": "m2"}]},
      {"id": "early", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-02T23:00:00Z", "contact": "c", "type": "B"}
    ]
  })json");
  auto first = r.only_message("c", "m");
  BOOST_TEST(first.status == "sent");
  BOOST_TEST(first.at == "2026-03-03T08:00:00Z");
  auto second = r.only_message("c", "m2");
  BOOST_TEST(second.status == "skipped");
  BOOST_TEST(second.reason == "frequency_cap");
  BOOST_TEST(second.at == "2026-03-03T08:00:00Z");
  BOOST_TEST(second.deferred_from == "2026-03-02T23:00:00Z");
}

BOOST_AUTO_TEST_CASE(frequency_cap_ignores_transactional_and_skipped_messages) {
  // Cap 1 per day. The transactional receipt and the skipped (unsubscribed) message at 09:00 do
  // not count; the 11:00 marketing send does, so the 12:00 one is capped.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "frequency_cap": {"max": 1, "window": "1d"}},
    "workflows": [
      {"id": "receipt", "trigger": {"event": "Order"}, "steps": [{"id": "x", "type": "send", "template": "t"}]},
      {"id": "promo", "trigger": {"event": "Promo"}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "m"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com", "subscriptions": {"email": false}}],
    "events": [
      {"at": "2026-03-02T08:00:00Z", "contact": "c", "type": "Order"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c", "type": "Promo"},
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "subscribe", "properties": {"channel": "email"}},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "Promo"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "Promo"},
      {"at": "2026-03-02T13:00:00Z", "contact": "c", "type": "Promo"}
    ]
  })json");
  BOOST_TEST(r.sent("c", "t") == (Strings{"2026-03-02T08:00:00Z"}));
  Strings got;
  for (const auto& m : r.messages("c", "m")) got.push_back(m.at.substr(11, 5) + " " + m.status + " " + m.reason);
  BOOST_TEST(got == (Strings{"09:00 skipped unsubscribed", "11:00 sent ", "12:00 skipped frequency_cap",
                             "13:00 skipped frequency_cap"}));
}

BOOST_AUTO_TEST_CASE(transactional_skips_unsubscribed_quiet_hours_and_cap_but_not_no_address) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"},
                 "frequency_cap": {"max": 1, "window": "1d"}},
    "workflows": [
      {"id": "promo", "trigger": {"event": "Promo"}, "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "receipt", "trigger": {"event": "Order"}, "reenroll": "always",
       "steps": [{"id": "x", "type": "send", "template": "t"}, {"id": "y", "type": "send", "template": "ts"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "Promo"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "unsubscribe"},
      {"at": "2026-03-02T23:00:00Z", "contact": "c", "type": "Order"}
    ]
  })json");
  BOOST_TEST(r.sent("c", "m") == (Strings{"2026-03-02T10:00:00Z"}));
  auto receipt = r.only_message("c", "t");
  BOOST_TEST(receipt.status == "sent");
  BOOST_TEST(receipt.at == "2026-03-02T23:00:00Z");
  BOOST_TEST(receipt.deferred_from == "");
  BOOST_TEST(r.only_message("c", "ts").reason == "no_address");
}

// ---- addresses and subscriptions ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(push_has_no_address_so_it_is_never_no_address) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "unsub", "subscriptions": {"push": false}}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "bare", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "unsub", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.only_message("bare", "p").status == "sent");
  BOOST_TEST(r.only_message("unsub", "p").reason == "unsubscribed");
}

BOOST_AUTO_TEST_CASE(unsubscribe_and_subscribe_act_per_channel_or_on_all_channels) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "go"}, "reenroll": "always",
                   "steps": [{"id": "e", "type": "send", "template": "m"},
                             {"id": "s", "type": "send", "template": "s"},
                             {"id": "p", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "c", "email": "c@example.com", "phone": "+1555"}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "unsubscribe", "properties": {"channel": "sms"}},
      {"at": "2026-03-02T10:01:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "unsubscribe"},
      {"at": "2026-03-02T11:01:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "subscribe", "properties": {"channel": "email"}},
      {"at": "2026-03-02T12:01:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T13:00:00Z", "contact": "c", "type": "subscribe"},
      {"at": "2026-03-02T13:01:00Z", "contact": "c", "type": "go"}
    ]
  })json");
  Strings got;
  for (const auto& m : r.messages("c")) {
    got.push_back(m.at.substr(11, 2) + " " + m.channel + " " + (m.status == "sent" ? "sent" : m.reason));
  }
  BOOST_TEST(got == (Strings{
      "10 email sent", "10 sms unsubscribed", "10 push sent",
      "11 email unsubscribed", "11 sms unsubscribed", "11 push unsubscribed",
      "12 email sent", "12 sms unsubscribed", "12 push unsubscribed",
      "13 email sent", "13 sms sent", "13 push sent"}));
}

BOOST_AUTO_TEST_CASE(identify_sets_and_removes_addresses) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "go"}, "reenroll": "always",
                   "steps": [{"id": "e", "type": "send", "template": "m"},
                             {"id": "s", "type": "send", "template": "s"}]}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "identify",
       "properties": {"email": "c@example.com", "phone": "+1555"}},
      {"at": "2026-03-02T11:01:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T12:00:00Z", "contact": "c", "type": "identify", "properties": {"email": null, "phone": ""}},
      {"at": "2026-03-02T12:01:00Z", "contact": "c", "type": "go"}
    ]
  })json");
  Strings got;
  for (const auto& m : r.messages("c")) {
    got.push_back(m.at.substr(11, 2) + " " + m.channel + " " + (m.status == "sent" ? "sent" : m.reason));
  }
  BOOST_TEST(got == (Strings{"10 email no_address", "10 sms no_address", "11 email sent",
                             "11 sms sent", "12 email no_address", "12 sms no_address"}));
}

BOOST_AUTO_TEST_CASE(identify_merges_shallowly_and_null_deletes_a_key) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"n": {"channel": "email",
                        "subject": "{{contact.first_name}}|{{contact.last_name}}|{{contact.address.city}}|{{contact.address.zip}}|{{contact.email}}|{{contact.id}}"}},
    "workflows": [{"id": "w", "trigger": {"event": "go"}, "reenroll": "always",
                   "steps": [{"id": "x", "type": "send", "template": "n"}]}],
    "contacts": [{"id": "c", "email": "c@example.com",
                  "properties": {"first_name": "Ann", "last_name": "Lee", "address": {"city": "Paris", "zip": "75001"}}}],
    "events": [
      {"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "go"},
      {"at": "2026-03-02T11:00:00Z", "contact": "c", "type": "identify",
       "properties": {"first_name": null, "address": {"city": "Lyon"}}},
      {"at": "2026-03-02T11:01:00Z", "contact": "c", "type": "go"}
    ]
  })json");
  std::vector<flowcast::testing::Msg> ms = r.messages("c");
  BOOST_REQUIRE(ms.size() == 2u);
  BOOST_TEST(*ms[0].subject == "Ann|Lee|Paris|75001|c@example.com|c");
  BOOST_TEST(*ms[1].subject == "|Lee|Lyon||c@example.com|c");
}

// ---- rendering ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(subject_renders_contact_event_and_workflow_with_html_escaping) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"n": {"channel": "email",
      "subject": "{{contact.first_name}} {{{contact.first_name}}} {{event.cart_value}} {{event.type}} {{event.at}} {{workflow.id}} {{workflow.name}} {{event.items}}"}},
    "workflows": [{"id": "cart", "name": "Cart & co", "trigger": {"event": "Checkout"},
                   "steps": [{"id": "x", "type": "send", "template": "n"}]}],
    "contacts": [{"id": "c", "email": "c@example.com", "properties": {"first_name": "O'Neil"}}],
    "events": [{"at": "2026-03-02T10:00:00+01:00", "contact": "c", "type": "Checkout",
                "properties": {"cart_value": 59.9, "items": [1, "a"]}}]
  })json");
  BOOST_TEST(*r.only_message("c", "n").subject ==
             "O&apos;Neil O'Neil 59.9 Checkout 2026-03-02T09:00:00Z cart Cart &amp; co [1,&quot;a&quot;]");
}

BOOST_AUTO_TEST_CASE(subject_is_only_for_email_and_empty_when_the_template_has_none) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "templates": {"bare": {"channel": "email"}, "s": {"channel": "sms"}, "p": {"channel": "push"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "a", "type": "send", "template": "bare"},
                             {"id": "b", "type": "send", "template": "s"},
                             {"id": "c", "type": "send", "template": "p"}]}],
    "contacts": [{"id": "c", "email": "c@example.com", "phone": "+1555"}],
    "events": [{"at": "2026-03-02T10:00:00Z", "contact": "c", "type": "A"}]
  })json");
  auto email = r.only_message("c", "bare");
  BOOST_TEST(email.status == "sent");
  BOOST_REQUIRE(email.subject.has_value());
  BOOST_TEST(*email.subject == "");
  BOOST_TEST(!r.only_message("c", "s").subject.has_value());
  BOOST_TEST(!r.only_message("c", "p").subject.has_value());
  // Skipped email messages carry a subject too.
  flowcast::Json report = flowcast::Json::parse(r.report());
  BOOST_TEST(report["messages"][0]["subject"] == "");
  BOOST_TEST(!report["messages"][1].contains("subject"));
  BOOST_TEST(!report["messages"][2].contains("subject"));
}

BOOST_AUTO_TEST_CASE(event_is_empty_for_enrollments_without_a_trigger_event) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z"},
    "templates": {"n": {"channel": "email",
                        "subject": "{{#event.type}}has {{event.type}}{{/event.type}}{{^event.type}}no event{{/event.type}}"}},
    "workflows": [
      {"id": "sched", "trigger": {"schedule": {"every": "1d", "at": "09:00"}},
       "steps": [{"id": "x", "type": "send", "template": "n"}]},
      {"id": "existing", "trigger": {"condition": "contact.vip == true", "include_existing": true},
       "steps": [{"id": "x", "type": "send", "template": "n"}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com", "properties": {"vip": true}}]
  })json");
  std::vector<flowcast::testing::Msg> ms = r.messages("c");
  BOOST_REQUIRE(ms.size() == 2u);
  BOOST_TEST(ms[0].workflow == "existing");
  BOOST_TEST(ms[0].at == "2026-03-02T00:00:00Z");
  BOOST_TEST(*ms[0].subject == "no event");
  BOOST_TEST(ms[1].workflow == "sched");
  BOOST_TEST(*ms[1].subject == "no event");
}

BOOST_AUTO_TEST_CASE(subject_renders_the_contact_as_it_is_when_the_send_runs) {
  // The deferred send renders at 08:00, after the night's identify.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "x", "type": "send", "template": "m"}]}],
    "contacts": [{"id": "c", "email": "c@example.com", "properties": {"first_name": "Ann"}}],
    "events": [
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"},
      {"at": "2026-03-03T01:00:00Z", "contact": "c", "type": "identify", "properties": {"first_name": "Annie"}}
    ]
  })json");
  BOOST_TEST(*r.only_message("c", "m").subject == "Hi Annie");
}

// ---- rule 16 with quiet hours ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(goal_is_checked_before_a_deferred_send_runs_again) {
  // The deferred send would run at 08:00; a `set` in another workflow at 02:00 met the goal
  // without any event of the contact, so the enrollment ends with goal at 08:00 and sends nothing.
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [
      {"id": "promo", "trigger": {"event": "A"}, "goal": "contact.plan == \"pro\"",
       "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "upgrade", "trigger": {"event": "B"},
       "steps": [{"id": "d", "type": "delay", "duration": "4h"},
                 {"id": "set", "type": "set", "properties": {"plan": "pro"}}]}
    ],
    "contacts": [{"id": "c", "email": "c@example.com"}],
    "events": [
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "B"},
      {"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.messages("c", "m").empty());
  BOOST_TEST(r.endings("c", "promo") == (Strings{"goal@2026-03-03T08:00:00Z"}));
  BOOST_TEST(r.endings("c", "upgrade") == (Strings{"completed@2026-03-03T02:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(deferred_send_counts_one_arrival_at_its_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "quiet_hours": {"start": "21:00", "end": "08:00"}},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "x", "type": "send", "template": "p"}, {"id": "y", "type": "send", "template": "p"}]}],
    "events": [{"at": "2026-03-02T22:00:00Z", "contact": "c", "type": "A"}]
  })json");
  BOOST_TEST(r.sent("c") == (Strings{"2026-03-03T08:00:00Z", "2026-03-03T08:00:00Z"}));
  BOOST_TEST(r.arrivals("w", "x") == 1);
  BOOST_TEST(r.arrivals("w", "y") == 1);
  BOOST_TEST(r.messages("c")[1].deferred_from == "");
}

BOOST_AUTO_TEST_SUITE_END()
