// The schedule pre-filter (expr::required_event + Engine::SegmentIndex) must never change a
// report: it only skips contacts whose `if` would be false without a warning.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/expr/expr.h"
#include "scenario_fixture.h"

#ifndef FLOWCAST_SOURCE_DIR
#define FLOWCAST_SOURCE_DIR "/work/main"
#endif

namespace {

using flowcast::ReplayOptions;
namespace fs = std::filesystem;

std::optional<flowcast::expr::RequiredEvent> need(std::string_view text) {
  auto compiled = flowcast::expr::compile(text);
  BOOST_REQUIRE(compiled.program != nullptr);
  return flowcast::expr::required_event(*compiled.program);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The report bytes of `text` with the pre-filter on and off.
void expect_same_reports(const std::string& text, const std::string& name) {
  flowcast::LoadResult loaded = flowcast::load_scenario(text, &flowcast::testing::zone_source());
  BOOST_REQUIRE_MESSAGE(loaded.scenario.has_value(), name << " does not load");
  ReplayOptions on;
  ReplayOptions off;
  off.schedule_prefilter = false;
  const std::string with = flowcast::report_json(*loaded.scenario, replay(*loaded.scenario, on));
  const std::string without =
      flowcast::report_json(*loaded.scenario, replay(*loaded.scenario, off));
  BOOST_TEST(with == without, name << ": the pre-filter changed the report");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schedule_prefilter)

BOOST_AUTO_TEST_CASE(required_event_recognises_conditions_that_need_one_event) {
  auto a = need(R"(count("Searched", 1d) > 0 and count("Checkout Started", 1d) == 0)");
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->type == "Searched");
  BOOST_TEST(a->window.value() == 86400);
  auto b = need(R"(count("Order Completed") >= 2)");
  BOOST_REQUIRE(b.has_value());
  BOOST_TEST(!b->window.has_value());
  BOOST_TEST(need(R"(count("A", 2h) != 0)").has_value());
  BOOST_TEST(need(R"(count("A", 2h) == 3 and contact.x)").has_value());
  BOOST_TEST(need(R"(count("A") > 0.5)").has_value());
}

BOOST_AUTO_TEST_CASE(required_event_refuses_conditions_that_may_hold_without_one) {
  BOOST_TEST(!need(R"(count("A") >= 0)").has_value());
  BOOST_TEST(!need(R"(count("A") > -1)").has_value());
  BOOST_TEST(!need(R"(count("A") == 0)").has_value());
  BOOST_TEST(!need(R"(count("A") != 1)").has_value());
  BOOST_TEST(!need(R"(count("A") < 3)").has_value());
  BOOST_TEST(!need(R"(contact.x and count("A") > 0)").has_value());
  BOOST_TEST(!need(R"(count("A") > 0 or contact.vip)").has_value());
  BOOST_TEST(!need(R"(count(contact.kind) > 0)").has_value());
  BOOST_TEST(!need(R"(count("A", contact.window) > 0)").has_value());
  BOOST_TEST(!need(R"(not (count("A") == 0))").has_value());
  BOOST_TEST(!need(R"(0 < count("A"))").has_value());
  BOOST_TEST(!need(R"(sum("A", "x") > 0)").has_value());
}

BOOST_AUTO_TEST_CASE(a_filtered_schedule_gives_the_same_report) {
  // Events before start, at tick instants, just outside the window, a contact with the event
  // twice, a contact listed without events, and a segment whose second operand warns.
  expect_same_reports(flowcast::testing::complete_scenario_text(R"json({
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-09T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "workflows": [
      {"id": "daily", "trigger": {"schedule": {"every": "1d", "at": "09:00"},
        "if": "count(\"S\", 1d) > 0 and contact.n > 2"},
       "steps": [{"id": "x", "type": "send", "template": "m"}]},
      {"id": "ever", "trigger": {"schedule": {"every": "12h"}, "if": "count(\"S\") >= 2"},
       "reenroll": "always", "steps": [{"id": "y", "type": "send", "template": "t"}]}
    ],
    "contacts": [{"id": "listed", "email": "l@example.com", "properties": {"n": 5}},
                 {"id": "text", "email": "t@example.com", "properties": {"n": "many"}}],
    "events": [
      {"at": "2026-03-01T00:00:00Z", "contact": "edge", "type": "identify",
       "properties": {"email": "ed@example.com", "n": 7}},
      {"at": "2026-03-01T10:00:00Z", "contact": "early", "type": "S"},
      {"at": "2026-03-01T11:00:00Z", "contact": "early", "type": "identify",
       "properties": {"email": "e@example.com", "n": 3}},
      {"at": "2026-03-02T08:00:00Z", "contact": "early", "type": "S"},
      {"at": "2026-03-02T08:00:00Z", "contact": "text", "type": "S"},
      {"at": "2026-03-03T08:00:00Z", "contact": "edge", "type": "S"},
      {"at": "2026-03-04T08:00:00Z", "contact": "listed", "type": "S"},
      {"at": "2026-03-04T08:00:01Z", "contact": "listed", "type": "S"},
      {"at": "2026-03-06T07:59:59Z", "contact": "edge", "type": "S"},
      {"at": "2026-03-06T12:00:00Z", "contact": "text", "type": "S"}
    ]
  })json"), "inline");
}

BOOST_AUTO_TEST_CASE(every_sample_gives_the_same_report_with_and_without_the_prefilter) {
  std::size_t files = 0;
  for (const fs::path& dir : {fs::path(FLOWCAST_SOURCE_DIR) / "scenarios",
                             fs::path(FLOWCAST_SOURCE_DIR) / ".." / "shared" / "spec" /
                                 "conformance"}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".json") continue;
      ++files;
      expect_same_reports(read_text(entry.path()), entry.path().filename().string());
    }
  }
  BOOST_TEST(files > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
