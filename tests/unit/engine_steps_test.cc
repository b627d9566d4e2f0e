// Engine: step types (spec "Steps", exact rules 13, 18, 21-23), split determinism included.
#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdint>
#include <set>
#include <string>

#include "core/util/sha256.h"
#include "tests/unit/scenario_fixture.h"

using flowcast::testing::Run;
using flowcast::testing::Strings;

namespace {

// The step ids of the contact's actions, in order: the path the enrollment took.
Strings path_of(const Run& r, std::string_view contact) {
  Strings out;
  for (const auto& a : r.actions(contact)) out.push_back(a.step);
  return out;
}

std::string hex(const std::array<std::uint8_t, 32>& d) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (std::uint8_t b : d) {
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

// Rule 22, computed here from the raw digest: h = first 8 bytes big-endian; the path is the first
// whose cumulative weight exceeds h mod total.
std::size_t expected_path(const std::string& text, const std::vector<std::uint64_t>& weights) {
  const std::array<std::uint8_t, 32> d = flowcast::util::sha256(text);
  std::uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | d[static_cast<std::size_t>(i)];
  std::uint64_t total = 0;
  for (std::uint64_t w : weights) total += w;
  const std::uint64_t r = h % total;
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    cumulative += weights[i];
    if (cumulative > r) return i;
  }
  return weights.size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_steps)

// ---- delay, next, completed -----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(steps_that_do_not_wait_run_at_the_same_instant_and_delay_waits_exactly) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "a", "type": "task", "title": "a"},
                             {"id": "b", "type": "task", "title": "b"},
                             {"id": "d", "type": "delay", "duration": "90m"},
                             {"id": "c", "type": "task", "title": "c"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  Strings got;
  for (const auto& a : r.actions("k")) got.push_back(a.step + "@" + a.at);
  BOOST_TEST(got == (Strings{"a@2026-03-02T09:00:00Z", "b@2026-03-02T09:00:00Z", "c@2026-03-02T10:30:00Z"}));
  BOOST_TEST(r.endings("k", "w") == (Strings{"completed@2026-03-02T10:30:00Z"}));
}

BOOST_AUTO_TEST_CASE(next_jumps_and_null_next_ends_the_enrollment_completed) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "a", "type": "task", "title": "a", "next": "c"},
                             {"id": "b", "type": "task", "title": "b"},
                             {"id": "c", "type": "task", "title": "c", "next": null},
                             {"id": "d", "type": "task", "title": "d"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(path_of(r, "k") == (Strings{"a", "c"}));
  BOOST_TEST(r.only_enrollment("k", "w").reason == "completed");
  BOOST_TEST(r.arrivals("w", "b") == 0);
  BOOST_TEST(r.arrivals("w", "d") == 0);
}

BOOST_AUTO_TEST_CASE(workflow_without_steps_completes_at_once) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": []}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(r.endings("k", "w") == (Strings{"completed@2026-03-02T09:00:00Z"}));
}

// ---- exit -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(exit_step_ends_the_enrollment_with_exit_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "a", "type": "task", "title": "a"},
                             {"id": "out", "type": "exit"},
                             {"id": "b", "type": "task", "title": "b"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(path_of(r, "k") == (Strings{"a"}));
  BOOST_TEST(r.endings("k", "w") == (Strings{"exit_step@2026-03-02T09:00:00Z"}));
  BOOST_TEST(r.stats("w").exited == 1);
  BOOST_TEST(r.stats("w").completed == 0);
  BOOST_TEST(r.arrivals("w", "out") == 1);
}

// ---- branch ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(branch_goes_to_then_or_else_and_a_missing_else_goes_to_the_following_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "b", "type": "branch", "if": "event.v > 20", "then": "big"},
                             {"id": "small", "type": "task", "title": "small", "next": null},
                             {"id": "big", "type": "task", "title": "big"},
                             {"id": "b2", "type": "branch", "if": "event.v > 100", "then": "huge", "else": null},
                             {"id": "huge", "type": "task", "title": "huge"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "lo", "type": "A", "properties": {"v": 10}},
      {"at": "2026-03-02T09:00:00Z", "contact": "mid", "type": "A", "properties": {"v": 30}},
      {"at": "2026-03-02T09:00:00Z", "contact": "hi", "type": "A", "properties": {"v": 300}}
    ]
  })json");
  BOOST_TEST(path_of(r, "lo") == (Strings{"small"}));
  BOOST_TEST(path_of(r, "mid") == (Strings{"big"}));
  BOOST_TEST(path_of(r, "hi") == (Strings{"big", "huge"}));
  for (const char* c : {"lo", "mid", "hi"}) BOOST_TEST(r.only_enrollment(c, "w").reason == "completed");
}

BOOST_AUTO_TEST_CASE(branch_sees_the_trigger_as_event_and_the_contact_as_it_is_now) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "d", "type": "delay", "duration": "1h"},
                             {"id": "b", "type": "branch",
                              "if": "event.type == \"A\" and trigger.src == \"x\" and contact.plan == \"pro\" and count(\"B\") == 1",
                              "then": "yes", "else": "no"},
                             {"id": "yes", "type": "task", "title": "yes", "next": null},
                             {"id": "no", "type": "task", "title": "no"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A", "properties": {"src": "x"}},
      {"at": "2026-03-02T09:30:00Z", "contact": "k", "type": "B"},
      {"at": "2026-03-02T09:45:00Z", "contact": "k", "type": "identify", "properties": {"plan": "pro"}},
      {"at": "2026-03-02T09:00:00Z", "contact": "j", "type": "A", "properties": {"src": "x"}}
    ]
  })json");
  BOOST_TEST(path_of(r, "k") == (Strings{"yes"}));
  BOOST_TEST(path_of(r, "j") == (Strings{"no"}));
}

// ---- wait_for -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(wait_for_goes_to_on_event_or_on_timeout) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Paid", "timeout": "1d",
                              "on_event": "thanks", "on_timeout": "remind"},
                             {"id": "remind", "type": "task", "title": "remind", "next": null},
                             {"id": "thanks", "type": "task", "title": "thanks"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "payer", "type": "A"},
      {"at": "2026-03-02T15:00:00Z", "contact": "payer", "type": "Paid"},
      {"at": "2026-03-02T09:00:00Z", "contact": "late", "type": "A"},
      {"at": "2026-03-03T09:00:01Z", "contact": "late", "type": "Paid"}
    ]
  })json");
  BOOST_TEST(path_of(r, "payer") == (Strings{"thanks"}));
  BOOST_TEST(r.actions("payer")[0].at == "2026-03-02T15:00:00Z");
  BOOST_TEST(path_of(r, "late") == (Strings{"remind"}));
  BOOST_TEST(r.actions("late")[0].at == "2026-03-03T09:00:00Z");
}

BOOST_AUTO_TEST_CASE(wait_for_event_exactly_at_the_timeout_counts_as_arrived) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Paid", "timeout": "1h",
                              "on_event": "thanks", "on_timeout": "remind"},
                             {"id": "remind", "type": "task", "title": "remind", "next": null},
                             {"id": "thanks", "type": "task", "title": "thanks"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Paid"}
    ]
  })json");
  BOOST_TEST(path_of(r, "k") == (Strings{"thanks"}));
  BOOST_TEST(r.endings("k", "w") == (Strings{"completed@2026-03-02T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(wait_for_defaults_on_event_and_on_timeout_to_the_following_step) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Paid", "timeout": "1h"},
                             {"id": "after", "type": "task", "title": "after"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "arrives", "type": "A"},
      {"at": "2026-03-02T09:10:00Z", "contact": "arrives", "type": "Paid"},
      {"at": "2026-03-02T09:00:00Z", "contact": "times_out", "type": "A"}
    ]
  })json");
  BOOST_TEST(r.actions("arrives")[0].at == "2026-03-02T09:10:00Z");
  BOOST_TEST(r.actions("times_out")[0].at == "2026-03-02T10:00:00Z");
}

BOOST_AUTO_TEST_CASE(wait_for_without_timeout_waits_until_the_horizon_with_next_at_null) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Paid"},
                             {"id": "after", "type": "task", "title": "after"}]}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(r.actions().empty());
  auto e = r.only_enrollment("k", "w");
  BOOST_TEST(e.reason == "horizon");
  BOOST_TEST(e.ended_at == "null");
  BOOST_TEST(e.next_at == "null");
  flowcast::Json report = flowcast::Json::parse(r.report());
  BOOST_TEST(report["enrollments"][0].contains("next_at"));
  BOOST_TEST(report["enrollments"][0]["next_at"].is_null());
}

BOOST_AUTO_TEST_CASE(wait_for_does_not_match_the_key_itself_but_if_can_use_the_trigger) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "any", "trigger": {"event": "Order"}, "key": "event.id",
       "steps": [{"id": "wf", "type": "wait_for", "event": "Shipped"}, {"id": "t", "type": "task", "title": "{{event.id}}"}]},
      {"id": "own", "trigger": {"event": "Order"}, "key": "event.id",
       "steps": [{"id": "wf", "type": "wait_for", "event": "Shipped", "if": "event.id == trigger.id"},
                 {"id": "t", "type": "task", "title": "{{event.id}}"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Order", "properties": {"id": "o1"}},
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Order", "properties": {"id": "o2"}},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Shipped", "properties": {"id": "o2"}}
    ]
  })json");
  Strings got;
  for (const auto& a : r.actions("k")) got.push_back(a.workflow + ":" + a.title);
  BOOST_TEST(got == (Strings{"any:o1", "any:o2", "own:o2"}));
  BOOST_TEST(r.endings("k", "own") == (Strings{"horizon@null", "completed@2026-03-02T10:00:00Z"}));
}

BOOST_AUTO_TEST_CASE(wait_for_is_not_satisfied_by_the_event_that_enrolled) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "Visit"},
                   "steps": [{"id": "wf", "type": "wait_for", "event": "Visit"}, {"id": "t", "type": "task", "title": "again"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Visit"},
      {"at": "2026-03-02T11:00:00Z", "contact": "k", "type": "Visit"}
    ]
  })json");
  BOOST_REQUIRE(r.actions("k").size() == 1u);
  BOOST_TEST(r.actions("k")[0].at == "2026-03-02T11:00:00Z");
}

// ---- rule 23: horizon -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(horizon_next_at_is_the_pending_due_instant) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-03T00:00:00Z"},
    "workflows": [
      {"id": "delay", "trigger": {"event": "A"}, "steps": [{"id": "d", "type": "delay", "duration": "1w"}]},
      {"id": "timeout", "trigger": {"event": "A"},
       "steps": [{"id": "wf", "type": "wait_for", "event": "B", "timeout": "3d"}]},
      {"id": "until", "trigger": {"event": "A"},
       "steps": [{"id": "u", "type": "delay_until", "time": "08:15", "days": ["fri"]}]}
    ],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_TEST(r.only_enrollment("k", "delay").next_at == "2026-03-09T09:00:00Z");
  BOOST_TEST(r.only_enrollment("k", "timeout").next_at == "2026-03-05T09:00:00Z");
  BOOST_TEST(r.only_enrollment("k", "until").next_at == "2026-03-06T08:15:00Z");
  for (const auto& e : r.enrollments("k")) {
    BOOST_TEST(e.reason == "horizon");
    BOOST_TEST(e.ended_at == "null");
  }
}

// ---- set ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(set_merges_literal_values_shallowly_and_null_deletes) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "s", "type": "set",
                              "properties": {"stage": "lead", "first_name": null, "address": {"city": "Lyon"}, "score": 5}},
                             {"id": "t", "type": "task",
                              "title": "{{contact.stage}}|{{contact.first_name}}|{{contact.address.city}}|{{contact.address.zip}}|{{contact.score}}|{{contact.keep}}"}]}],
    "contacts": [{"id": "k", "properties": {"first_name": "Ann", "keep": "yes", "address": {"city": "Paris", "zip": "75001"}}}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"}]
  })json");
  BOOST_REQUIRE(r.actions("k").size() == 1u);
  BOOST_TEST(r.actions("k")[0].title == "lead||Lyon||5|yes");
}

BOOST_AUTO_TEST_CASE(set_is_visible_to_other_workflows_later) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [
      {"id": "tagger", "trigger": {"event": "A"}, "steps": [{"id": "s", "type": "set", "properties": {"tag": "hot"}}]},
      {"id": "reader", "trigger": {"event": "B", "if": "contact.tag == \"hot\""},
       "steps": [{"id": "t", "type": "task", "title": "{{contact.tag}}"}]}
    ],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "A"},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "B"}
    ]
  })json");
  BOOST_REQUIRE(r.actions("k").size() == 1u);
  BOOST_TEST(r.actions("k")[0].title == "hot");
}

// ---- task and webhook -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(task_and_webhook_record_actions_with_mustache) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "orders", "name": "Orders", "trigger": {"event": "Order"},
                   "steps": [{"id": "prep", "type": "task", "title": "Prepare {{event.order_id}} for {{contact.first_name}} ({{workflow.name}})"},
                             {"id": "hook", "type": "webhook", "url": "https://hooks.example.com/{{contact.id}}",
                              "body": "{\"id\": \"{{contact.id}}\", \"total\": {{event.total}}, \"note\": \"{{contact.note}}\"}"}]}],
    "contacts": [{"id": "k", "properties": {"first_name": "Ann", "note": "<b>&"}}],
    "events": [{"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Order", "properties": {"order_id": "A-1", "total": 12.5}}]
  })json");
  auto acts = r.actions("k");
  BOOST_REQUIRE(acts.size() == 2u);
  BOOST_TEST(acts[0].at == "2026-03-02T09:00:00Z");
  BOOST_TEST(acts[0].workflow == "orders");
  BOOST_TEST(acts[0].step == "prep");
  BOOST_TEST(acts[0].type == "task");
  BOOST_TEST(acts[0].title == "Prepare A-1 for Ann (Orders)");
  BOOST_TEST(acts[1].type == "webhook");
  BOOST_TEST(acts[1].step == "hook");
  BOOST_TEST(acts[1].url == "https://hooks.example.com/{{contact.id}}");
  BOOST_TEST(acts[1].body == "{\"id\": \"k\", \"total\": 12.5, \"note\": \"&lt;b&gt;&amp;\"}");
  // Rule 13: the report's action keys.
  flowcast::Json report = flowcast::Json::parse(r.report());
  BOOST_TEST(report["actions"][0] == flowcast::Json::parse(R"json({"at": "2026-03-02T09:00:00Z", "contact": "k",
      "workflow": "orders", "step": "prep", "type": "task", "title": "Prepare A-1 for Ann (Orders)"})json"));
  BOOST_TEST(report["actions"][1]["url"] == "https://hooks.example.com/{{contact.id}}");
  BOOST_TEST(!report["actions"][1].contains("title"));
  BOOST_TEST(!report["actions"][0].contains("url"));
}

// ---- split (rule 22) ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(test_side_sha256_matches_the_fips_vectors) {
  BOOST_TEST(hex(flowcast::util::sha256("abc")) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(hex(flowcast::util::sha256("")) ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(hex(flowcast::util::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BOOST_AUTO_TEST_CASE(split_picks_the_path_from_sha256_of_seed_workflow_contact_key_n) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z", "seed": 7},
    "workflows": [{"id": "ab", "trigger": {"event": "A"}, "reenroll": "always",
                   "steps": [{"id": "sp", "type": "split",
                              "paths": [{"weight": 50, "next": "a"}, {"weight": 30, "next": "b"}, {"weight": 20, "next": "c"}]},
                             {"id": "a", "type": "task", "title": "a", "next": null},
                             {"id": "b", "type": "task", "title": "b", "next": null},
                             {"id": "c", "type": "task", "title": "c", "next": null}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c0", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c1", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c2", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c3", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c4", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c5", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c6", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c7", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c8", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c9", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c0", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c1", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c2", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c3", "type": "A"},
      {"at": "2026-03-03T09:00:00Z", "contact": "c4", "type": "A"}
    ]
  })json");
  const std::vector<std::uint64_t> weights{50, 30, 20};
  const Strings names{"a", "b", "c"};
  std::set<std::string> seen;
  for (int i = 0; i < 10; ++i) {
    const std::string contact = "c" + std::to_string(i);
    Strings want{names[expected_path("7|ab|" + contact + "|null|1", weights)]};
    if (i < 5) want.push_back(names[expected_path("7|ab|" + contact + "|null|2", weights)]);
    for (const auto& s : want) seen.insert(s);
    BOOST_TEST(path_of(r, contact) == want, contact);
  }
  // The sample exercises more than one path (otherwise the test would prove little).
  BOOST_TEST(seen.size() >= 2u);
}

BOOST_AUTO_TEST_CASE(split_hash_uses_the_key_as_compact_json_and_the_count_per_key) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z", "seed": -3},
    "workflows": [{"id": "orders", "trigger": {"event": "Order"}, "key": "event.order", "reenroll": "always",
                   "steps": [{"id": "sp", "type": "split", "paths": [{"weight": 1, "next": "a"}, {"weight": 1, "next": "b"}]},
                             {"id": "a", "type": "task", "title": "{{event.order.id}}", "next": null},
                             {"id": "b", "type": "task", "title": "{{event.order.id}}", "next": null}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o1", "n": 1}}},
      {"at": "2026-03-02T10:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o2", "n": 2}}},
      {"at": "2026-03-02T11:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o1", "n": 1}}},
      {"at": "2026-03-02T12:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o3", "n": 3}}},
      {"at": "2026-03-02T13:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o4", "n": 4}}},
      {"at": "2026-03-02T14:00:00Z", "contact": "k", "type": "Order", "properties": {"order": {"id": "o5", "n": 5}}}
    ]
  })json");
  const std::vector<std::uint64_t> weights{1, 1};
  const Strings names{"a", "b"};
  auto key = [](const std::string& id, int n) {
    return "{\"id\":\"" + id + "\",\"n\":" + std::to_string(n) + "}";
  };
  Strings want{
      names[expected_path("-3|orders|k|" + key("o1", 1) + "|1", weights)],
      names[expected_path("-3|orders|k|" + key("o2", 2) + "|1", weights)],
      names[expected_path("-3|orders|k|" + key("o1", 1) + "|2", weights)],
      names[expected_path("-3|orders|k|" + key("o3", 3) + "|1", weights)],
      names[expected_path("-3|orders|k|" + key("o4", 4) + "|1", weights)],
      names[expected_path("-3|orders|k|" + key("o5", 5) + "|1", weights)],
  };
  BOOST_TEST(path_of(r, "k") == want);
  Strings titles;
  for (const auto& a : r.actions("k")) titles.push_back(a.title);
  BOOST_TEST(titles == (Strings{"o1", "o2", "o1", "o3", "o4", "o5"}));
}

BOOST_AUTO_TEST_CASE(split_never_takes_a_zero_weight_path_and_a_missing_next_goes_on) {
  Run r(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z"},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "sp", "type": "split", "paths": [{"weight": 0, "next": "never"}, {"weight": 3}]},
                             {"id": "following", "type": "task", "title": "f", "next": null},
                             {"id": "never", "type": "task", "title": "n"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "c0", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c1", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c2", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c3", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "c4", "type": "A"}
    ]
  })json");
  for (const char* c : {"c0", "c1", "c2", "c3", "c4"}) BOOST_TEST(path_of(r, c) == (Strings{"following"}), c);
}

BOOST_AUTO_TEST_CASE(split_is_the_same_on_every_replay) {
  const char* text = R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z", "seed": 42},
    "workflows": [{"id": "w", "trigger": {"event": "A"},
                   "steps": [{"id": "sp", "type": "split", "paths": [{"weight": 1, "next": "a"}, {"weight": 1, "next": "b"}]},
                             {"id": "a", "type": "task", "title": "a", "next": null},
                             {"id": "b", "type": "task", "title": "b"}]}],
    "events": [
      {"at": "2026-03-02T09:00:00Z", "contact": "x", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "y", "type": "A"},
      {"at": "2026-03-02T09:00:00Z", "contact": "z", "type": "A"}
    ]
  })json";
  Run first(text), second(text);
  for (const char* c : {"x", "y", "z"}) {
    BOOST_TEST(path_of(first, c) == path_of(second, c));
    BOOST_TEST(path_of(first, c) ==
               (Strings{expected_path(std::string("42|w|") + c + "|null|1", {1, 1}) == 0 ? "a" : "b"}));
  }
}

BOOST_AUTO_TEST_SUITE_END()
