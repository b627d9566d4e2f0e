// Unit tests of the loader and validator (core/load): every kind of mistake with its exact
// message and pointer, all mistakes reported at once, JSON syntax errors with line and column,
// hostile input (deep nesting, garbage), the conformance examples, and resolution of defaults.
#include "core/load/load.h"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/scenario.h"
#include "core/time/instant.h"
#include "server/lib/file_zone_source.h"

#ifndef FLOWCAST_SOURCE_DIR
#define FLOWCAST_SOURCE_DIR "/work/main"
#endif

namespace {

using flowcast::Json;
using flowcast::kEnd;
using flowcast::LoadDiagnostic;
using flowcast::LoadResult;
using flowcast::Scenario;
using flowcast::StepType;
namespace time = flowcast::time;

const flowcast::FileZoneSource& zones() {
  static const flowcast::FileZoneSource source;
  return source;
}

LoadResult load(std::string_view text) { return flowcast::load_scenario(text, &zones()); }

// Every diagnostic, formatted as the CLI prints it for a file named "f.json".
std::vector<std::string> lines(const LoadResult& r) {
  std::vector<std::string> out;
  for (const LoadDiagnostic& d : r.diagnostics)
    out.push_back(flowcast::format_diagnostic("f.json", d));
  return out;
}

std::vector<std::string> lines(std::string_view text) { return lines(load(text)); }

// A small valid scenario that the tests below break one field at a time.
Json base() {
  return Json::parse(R"({
    "format": "flowcast/1",
    "name": "base",
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "timezone": "Europe/Paris"},
    "templates": {"m": {"channel": "email", "subject": "Hi {{contact.first_name}}", "body": "b"},
                  "p": {"channel": "push", "body": "hi"}},
    "workflows": [
      {"id": "w", "trigger": {"event": "A"},
       "steps": [{"id": "s1", "type": "send", "template": "m"},
                 {"id": "d", "type": "delay", "duration": "1h"},
                 {"id": "s2", "type": "send", "template": "p"}]}
    ],
    "contacts": [{"id": "alice", "email": "alice@example.com", "timezone": "America/New_York"}],
    "events": [{"at": "2026-03-02T10:00:00Z", "contact": "alice", "type": "A"}],
    "expect": [{"contact": "alice", "template": "m", "count": 1}]
  })");
}

// base() with `value` at pointer `ptr` (nullopt: the key removed); returns the diagnostics.
std::vector<std::string> patched(const std::string& ptr, std::optional<Json> value) {
  Json doc = base();
  Json::json_pointer p(ptr);
  if (value) {
    doc[p] = *value;
  } else {
    doc[p.parent_pointer()].erase(p.back());
  }
  return lines(doc.dump());
}

std::vector<std::string> one(std::string line) { return {std::move(line)}; }

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_format)

BOOST_AUTO_TEST_CASE(formats_pointer_column_line_and_warnings) {
  LoadDiagnostic d;
  d.pointer = "/workflows/0/steps/2/if";
  d.column = 14;
  d.message = "expected an operand after 'and'";
  BOOST_TEST(flowcast::format_diagnostic("cart.json", d) ==
             "cart.json: /workflows/0/steps/2/if: column 14: expected an operand after 'and'");
  d.column.reset();
  BOOST_TEST(flowcast::format_diagnostic("cart.json", d) ==
             "cart.json: /workflows/0/steps/2/if: expected an operand after 'and'");
  d.severity = LoadDiagnostic::Severity::warning;
  BOOST_TEST(flowcast::format_diagnostic("cart.json", d) ==
             "cart.json: warning: /workflows/0/steps/2/if: expected an operand after 'and'");
  LoadDiagnostic s;
  s.line = 3;
  s.column = 7;
  s.message = "invalid JSON: x";
  BOOST_TEST(flowcast::format_diagnostic("a.json", s) ==
             "a.json: line 3, column 7: invalid JSON: x");
  LoadDiagnostic root;
  root.message = "expected an object at the top level, got an array";
  BOOST_TEST(flowcast::format_diagnostic("a.json", root) ==
             "a.json: expected an object at the top level, got an array");
}

BOOST_AUTO_TEST_CASE(a_diagnostic_is_always_one_line) {
  LoadDiagnostic d;
  d.pointer = "/templates/a\nb";
  d.message = "unknown key 'x\ty'";
  BOOST_TEST(flowcast::format_diagnostic("f", d) == "f: /templates/a\\nb: unknown key 'x\\ty'");
  // Keys with control characters (escaped in JSON) never break the line either.
  auto out = lines(R"({"format": "flowcast/1", "templates": {}, "workflows": [], "a\nb": 1})");
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0] == "f.json: /a\\nb: unknown key 'a\\nb'");
}

BOOST_AUTO_TEST_CASE(pointers_escape_tilde_and_slash) {
  Json doc = base();
  doc["templates"]["a/b~c"] = Json{{"channel", "email"}, {"bdy", "x"}};
  auto out = lines(doc.dump());
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0] == "f.json: /templates/a~1b~0c/bdy: unknown key 'bdy' (did you mean 'body'?)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_json_syntax)

BOOST_AUTO_TEST_CASE(syntax_errors_have_line_and_column) {
  auto out =
      lines("{\n  \"format\": \"flowcast/1\",\n  \"templates\": {}\n  \"workflows\": []\n}\n");
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0] ==
             "f.json: line 4, column 13: invalid JSON: syntax error while parsing object - "
             "unexpected string literal; expected '}'");
  LoadResult r =
      load("{\n  \"format\": \"flowcast/1\",\n  \"templates\": {}\n  \"workflows\": []\n}\n");
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.diagnostics[0].line.value() == 4);
  BOOST_TEST(r.diagnostics[0].column.value() == 13);
  BOOST_TEST(r.diagnostics[0].pointer.empty());
}

BOOST_AUTO_TEST_CASE(empty_and_truncated_input) {
  BOOST_TEST(lines("") == one("f.json: line 1, column 1: invalid JSON: syntax error while parsing "
                              "value - unexpected end of input; expected '[', '{', or a literal"),
             boost::test_tools::per_element());
  auto out = lines("{\"format\": \"flowcast/1\",\n \"templates\": {");
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0].rfind("f.json: line 2, column 16: invalid JSON: ", 0) == 0, out[0]);
}

BOOST_AUTO_TEST_CASE(columns_count_code_points) {
  auto out = lines("{\"name\": \"\xc3\xa9\xc3\xa9\", x}");
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0].rfind("f.json: line 1, column 16: ", 0) == 0, out[0]);
}

BOOST_AUTO_TEST_CASE(long_tokens_are_shortened) {
  std::string text = "{\"name\": \"" + std::string(100000, 'a');  // unterminated string
  auto out = lines(text);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0].size() < 200u, out[0]);
  BOOST_TEST(out[0].find("missing closing quote") != std::string::npos, out[0]);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_without_crashing) {
  auto out = lines(std::string(100000, '['));
  BOOST_TEST(out == one("f.json: line 1, column 257: invalid JSON: nested deeper than 256 levels"),
             boost::test_tools::per_element());
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  out = lines(objects);
  BOOST_TEST(out == one("f.json: line 1, column 1281: invalid JSON: nested deeper than 256 levels"),
             boost::test_tools::per_element());
  // 256 levels are fine as far as JSON goes (the value is then just of the wrong type).
  std::string ok = "{\"format\": \"flowcast/1\", \"templates\": {}, \"workflows\": [], \"name\": " +
                   std::string(255, '[') + std::string(255, ']') + "}";
  BOOST_TEST(lines(ok) == one("f.json: /name: expected a string, got an array"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(load_scenario_json_refuses_deep_documents) {
  Json deep = Json::array();
  Json* cur = &deep;
  for (int i = 0; i < 300; ++i) {
    cur->push_back(Json::array());
    cur = &cur->back();
  }
  Json doc = base();
  doc["name"] = std::move(deep);
  LoadResult r = flowcast::load_scenario_json(doc, &zones());
  BOOST_TEST(lines(r) == one("f.json: the document is nested deeper than 256 levels"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
  auto out = lines(R"({"format": "flowcast/1", "templates": {"t": {"channel": "email",
    "channel": "sms"}}, "workflows": []})");
  BOOST_TEST(out == one("f.json: /templates/t/channel: duplicate key 'channel'"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(garbage_never_throws) {
  std::mt19937 rng(12345);
  const std::string valid = base().dump();
  for (int round = 0; round < 3000; ++round) {
    std::string text = valid;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[pos] = static_cast<char>(rng() % 256);
          break;
        case 1:
          text.erase(pos, 1 + rng() % 8);
          break;
        default:
          text.insert(pos, 1, "[]{}\",:0a-"[rng() % 11]);
          break;
      }
      if (text.empty()) text = "{";
    }
    LoadResult r;
    BOOST_CHECK_NO_THROW(r = load(text));
    BOOST_TEST((r.ok() || !r.diagnostics.empty()));
    for (const auto& l : lines(r)) BOOST_TEST(l.find('\n') == std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_errors)

BOOST_AUTO_TEST_CASE(base_is_valid) {
  LoadResult r = load(base().dump());
  BOOST_TEST(r.ok());
  BOOST_TEST(lines(r).empty());
}

BOOST_AUTO_TEST_CASE(top_level) {
  BOOST_TEST(patched("/format", Json("flowcast/2")) ==
                 one("f.json: /format: expected 'flowcast/1', got 'flowcast/2'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/format", std::nullopt) == one("f.json: missing required key 'format'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates", std::nullopt) == one("f.json: missing required key 'templates'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows", std::nullopt) == one("f.json: missing required key 'workflows'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/evnts", Json::array()) ==
                 one("f.json: /evnts: unknown key 'evnts' (did you mean 'events'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/zzz", 1) == one("f.json: /zzz: unknown key 'zzz'"),
             boost::test_tools::per_element());
  BOOST_TEST(lines("[]") == one("f.json: expected an object at the top level, got an array"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(settings) {
  BOOST_TEST(patched("/settings/end", Json("2026-03-02T00:00:00Z")) ==
                 one("f.json: /settings/end: end must be after start"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/start", Json("2026-03-02")) ==
                 one("f.json: /settings/start: invalid instant '2026-03-02' (expected RFC 3339 "
                     "with whole seconds, such as '2026-03-02T14:00:00Z')"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/start", Json(5)) ==
                 one("f.json: /settings/start: expected an instant such as "
                     "'2026-03-02T14:00:00Z', got an integer"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/timezone", Json("Europe/Pariss")) ==
                 one("f.json: /settings/timezone: unknown time zone 'Europe/Pariss'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/quiet_hours", Json{{"start", "21:00"}, {"end", "8:00"}}) ==
                 one("f.json: /settings/quiet_hours/end: invalid time of day '8:00' (expected "
                     "HH:MM, 00:00 to 23:59)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/quiet_hours", Json{{"start", "21:00"}}) ==
                 one("f.json: /settings/quiet_hours: missing required key 'end'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/frequency_cap", Json{{"max", 0}, {"window", "1d"}}) ==
                 one("f.json: /settings/frequency_cap/max: expected an integer >= 1, got 0"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/frequency_cap", Json{{"max", 1.5}, {"window", "1d"}}) ==
                 one("f.json: /settings/frequency_cap/max: expected an integer >= 1, got 1.5"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/frequency_cap", Json{{"max", 1}, {"window", "1.5h"}}) ==
                 one("f.json: /settings/frequency_cap/window: invalid duration '1.5h' (expected "
                     "an integer and a unit s, m, h, d or w, such as '30m')"),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched("/settings/frequency_cap", Json{{"max", 1}, {"window", "0h"}}) ==
          one("f.json: /settings/frequency_cap/window: a duration must be positive, got '0h'"),
      boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/seed", Json("7")) ==
                 one("f.json: /settings/seed: expected an integer, got a string"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/seed", Json(18446744073709551615ull)) ==
                 one("f.json: /settings/seed: integer 18446744073709551615 is too large"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/settings/seed", Json(-3)).empty());
}

BOOST_AUTO_TEST_CASE(templates) {
  BOOST_TEST(patched("/templates/p/subject", Json("x")) ==
                 one("f.json: /templates/p/subject: only email templates have a subject (this "
                     "one is push)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/channel", Json("fax")) ==
                 one("f.json: /templates/m/channel: unknown channel 'fax' (expected email, sms "
                     "or push)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/channel", Json("emial")) ==
                 one("f.json: /templates/m/channel: unknown channel 'emial' (did you mean "
                     "'email'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/kind", Json("promo")) ==
                 one("f.json: /templates/m/kind: unknown kind 'promo' (expected marketing or "
                     "transactional)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/channel", std::nullopt) ==
                 one("f.json: /templates/m: missing required key 'channel'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/body", Json("Hi {{> partial}}")) ==
                 one("f.json: /templates/m/body: column 4: partials are not supported"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/m/subject", Json(1)) ==
                 one("f.json: /templates/m/subject: expected a template text (a string), got an "
                     "integer"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/templates/", Json{{"channel", "sms"}}) ==
                 one("f.json: /templates/: a template id must not be empty"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(workflows) {
  BOOST_TEST(patched("/workflows/1",
                     Json{{"id", "w"}, {"trigger", {{"event", "B"}}}, {"steps", Json::array()}}) ==
                 one("f.json: /workflows/1/id: duplicate workflow id 'w' (also used by "
                     "/workflows/0)"),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched("/workflows/0/id", Json("")) == one("f.json: /workflows/0/id: must not be empty"),
      boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger", std::nullopt) ==
                 one("f.json: /workflows/0: missing required key 'trigger'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/enabled", Json("yes")) ==
                 one("f.json: /workflows/0/enabled: expected true or false, got a string"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/reenroll", Json("sometimes")) ==
                 one("f.json: /workflows/0/reenroll: invalid reenroll 'sometimes' (expected "
                     "'never', 'always' or a duration such as '7d')"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/reenroll", Json("0s")).empty());
  BOOST_TEST(patched("/workflows/0/unenroll_from", Json{"x"}) ==
                 one("f.json: /workflows/0/unenroll_from/0: unknown workflow 'x'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/unenroll_from", Json{"ww"}) ==
                 one("f.json: /workflows/0/unenroll_from/0: unknown workflow 'ww' (did you mean "
                     "'w'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/exit_on", Json::array({Json{{"evnt", "B"}}})) ==
                 one("f.json: /workflows/0/exit_on/0/evnt: unknown key 'evnt' (did you mean "
                     "'event'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/exit_on", Json::array({Json{{"if", "true"}}})) ==
                 one("f.json: /workflows/0/exit_on/0: missing required key 'event'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/steps", Json::object()) ==
                 one("f.json: /workflows/0/steps: expected an array, got an object"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(triggers) {
  BOOST_TEST(patched("/workflows/0/trigger", Json::object()) ==
                 one("f.json: /workflows/0/trigger: a trigger needs one of 'event', "
                     "'condition' or 'schedule'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger", Json{{"evnt", "A"}}) ==
                 one("f.json: /workflows/0/trigger/evnt: unknown key 'evnt' (did you mean "
                     "'event'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger/condition", Json("true")) ==
                 one("f.json: /workflows/0/trigger: a trigger has exactly one of 'event', "
                     "'condition' or 'schedule', not 'event' and 'condition'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger/include_existing", Json(true)) ==
                 one("f.json: /workflows/0/trigger/include_existing: 'include_existing' does not "
                     "apply to an event trigger"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger", Json{{"condition", "true"}, {"if", "true"}}) ==
                 one("f.json: /workflows/0/trigger/if: 'if' does not apply to a condition trigger"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger",
                     Json{{"schedule", {{"every", "1d"}, {"at", "10:00"}}}, {"if", "true"}})
                 .empty());
  BOOST_TEST(patched("/workflows/0/trigger", Json{{"schedule", {{"at", "10:00"}}}}) ==
                 one("f.json: /workflows/0/trigger/schedule: missing required key 'every'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger", Json{{"schedule", {{"every", "0d"}}}}) ==
                 one("f.json: /workflows/0/trigger/schedule/every: a duration must be positive, "
                     "got '0d'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/trigger", Json{{"event", ""}}) ==
                 one("f.json: /workflows/0/trigger/event: must not be empty"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(steps) {
  const std::string s = "/workflows/0/steps/";
  BOOST_TEST(patched(s + "1/id", Json("s1")) ==
                 one("f.json: /workflows/0/steps/1/id: duplicate step id 's1' (also used by "
                     "/workflows/0/steps/0)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/type", Json("sleep")) ==
                 one("f.json: /workflows/0/steps/0/type: unknown step type 'sleep' (expected "
                     "send, delay, delay_until, wait_for, branch, split, set, task, webhook or "
                     "exit)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/type", Json("dealy")) ==
                 one("f.json: /workflows/0/steps/0/type: unknown step type 'dealy' (did you mean "
                     "'delay'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/template", Json("nope")) ==
                 one("f.json: /workflows/0/steps/0/template: unknown template 'nope'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/template", Json("mm")) ==
                 one("f.json: /workflows/0/steps/0/template: unknown template 'mm' (did you mean "
                     "'m'?)"),
             boost::test_tools::per_element());
  {
    Json doc = base();
    auto& step = doc["workflows"][0]["steps"][0];
    step.erase("template");
    step["tmplate"] = "m";
    BOOST_TEST(lines(doc.dump()) ==
                   one("f.json: /workflows/0/steps/0/tmplate: unknown key 'tmplate' (did you mean "
                       "'template'?)"),
               boost::test_tools::per_element());
  }
  BOOST_TEST(patched(s + "0/template", std::nullopt) ==
                 one("f.json: /workflows/0/steps/0: missing required key 'template'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/duration", Json("1h")) ==
                 one("f.json: /workflows/0/steps/0/duration: 'duration' does not apply to a "
                     "send step"),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched(s + "1/duration", Json("0m")) ==
          one("f.json: /workflows/0/steps/1/duration: a duration must be positive, got '0m'"),
      boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1/duration", Json("90 minutes")) ==
                 one("f.json: /workflows/0/steps/1/duration: invalid duration '90 minutes' "
                     "(expected an integer and a unit s, m, h, d or w, such as '30m')"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/next", Json("nowhere")) ==
                 one("f.json: /workflows/0/steps/0/next: unknown step 'nowhere'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/next", Json("s3")) ==
                 one("f.json: /workflows/0/steps/0/next: unknown step 's3' (did you mean 's1'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "0/next", Json(2)) ==
                 one("f.json: /workflows/0/steps/0/next: expected a step id or null, got an "
                     "integer"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "u"}, {"type", "delay_until"}, {"time", "24:00"}}) ==
                 one("f.json: /workflows/0/steps/1/time: invalid time of day '24:00' (expected "
                     "HH:MM, 00:00 to 23:59)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "u"},
                                   {"type", "delay_until"},
                                   {"time", "09:00"},
                                   {"days", {"mon", "thurs", "xyz"}}}) ==
                 std::vector<std::string>(
                     {"f.json: /workflows/0/steps/1/days/1: unknown day 'thurs' (did you mean "
                      "'thu'?)",
                      "f.json: /workflows/0/steps/1/days/2: unknown day 'xyz' (expected mon, tue, "
                      "wed, thu, fri, sat or sun)"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched(
          s + "1",
          Json{{"id", "u"}, {"type", "delay_until"}, {"time", "09:00"}, {"days", Json::array()}}) ==
          one("f.json: /workflows/0/steps/1/days: must name at least one day (mon, tue, "
              "wed, thu, fri, sat or sun)"),
      boost::test_tools::per_element());
  BOOST_TEST(
      patched(s + "1", Json{{"id", "x"},
                            {"type", "split"},
                            {"paths", {{{"weight", 0}}, {{"weight", 0}, {"next", "s2"}}}}}) ==
          one("f.json: /workflows/0/steps/1/paths: the weights of a split must add up to "
              "more than 0"),
      boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"}, {"type", "split"}, {"paths", Json::array()}}) ==
                 one("f.json: /workflows/0/steps/1/paths: a split needs at least one path"),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched(
          s + "1",
          Json{{"id", "x"}, {"type", "split"}, {"paths", {{{"weight", -1}}, {{"weight", 2.5}}}}}) ==
          std::vector<std::string>(
              {"f.json: /workflows/0/steps/1/paths/0/weight: expected an integer >= 0, got -1",
               "f.json: /workflows/0/steps/1/paths/1/weight: expected an integer >= 0, got "
               "2.5"}),
      boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"}, {"type", "set"}, {"properties", Json::array()}}) ==
                 one("f.json: /workflows/0/steps/1/properties: expected an object, got an array"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"}, {"type", "webhook"}, {"url", ""}}) ==
                 one("f.json: /workflows/0/steps/1/url: must not be empty"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"}, {"type", "task"}, {"title", "{{#a}}"}}) ==
                 one("f.json: /workflows/0/steps/1/title: column 1: unclosed section \"a\""),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1",
                     Json{{"id", "x"}, {"type", "wait_for"}, {"event", "B"}, {"timeout", "0s"}}) ==
                 one("f.json: /workflows/0/steps/1/timeout: a duration must be positive, got '0s'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"},
                                   {"type", "wait_for"},
                                   {"event", "B"},
                                   {"on_event", "q"},
                                   {"on_timeout", "s5"}}) ==
                 std::vector<std::string>(
                     {"f.json: /workflows/0/steps/1/on_event: unknown step 'q'",
                      "f.json: /workflows/0/steps/1/on_timeout: unknown step 's5' (did you mean "
                      "'s1'?)"}),
             boost::test_tools::per_element());
  BOOST_TEST(patched(s + "1", Json{{"id", "x"}, {"type", "branch"}, {"then", "s2"}}) ==
                 one("f.json: /workflows/0/steps/1: missing required key 'if'"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(expressions_report_pointer_and_column) {
  BOOST_TEST(patched("/workflows/0/steps/1",
                     Json{{"id", "b"}, {"type", "branch"}, {"if", "event.total > 20 and"}}) ==
                 one("f.json: /workflows/0/steps/1/if: column 21: expected an operand after 'and'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/goal", Json("order.id == 1")) ==
                 one("f.json: /workflows/0/goal: column 1: unknown name 'order.id': names start "
                     "with contact., event. or trigger., or are now"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/workflows/0/key", Json(3)) ==
                 one("f.json: /workflows/0/key: expected an expression (a string), got an integer"),
             boost::test_tools::per_element());
  auto out = patched("/workflows/0/trigger/if", Json("1 < 2 < 3"));
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0].rfind("f.json: /workflows/0/trigger/if: column ", 0) == 0, out[0]);
}

BOOST_AUTO_TEST_CASE(contacts_and_events) {
  BOOST_TEST(patched("/contacts/1", Json{{"id", "alice"}}) ==
                 one("f.json: /contacts/1/id: duplicate contact id 'alice' (also used by "
                     "/contacts/0)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/contacts/0/id", std::nullopt) ==
                 one("f.json: /contacts/0: missing required key 'id'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/contacts/0/email", Json(42)) ==
                 one("f.json: /contacts/0/email: expected a string or null, got an integer"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/contacts/0/email", Json(nullptr)).empty());
  BOOST_TEST(patched("/contacts/0/timezone", Json("Mars/Base")) ==
                 one("f.json: /contacts/0/timezone: unknown time zone 'Mars/Base'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/contacts/0/subscriptions", Json{{"sms", "no"}, {"fax", true}}) ==
                 std::vector<std::string>(
                     {"f.json: /contacts/0/subscriptions/fax: unknown key 'fax'",
                      "f.json: /contacts/0/subscriptions/sms: expected true or false, got a "
                      "string"}),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/events/0/at", Json("2026-02-30T10:00:00Z")) ==
                 one("f.json: /events/0/at: invalid instant '2026-02-30T10:00:00Z' (expected RFC "
                     "3339 with whole seconds, such as '2026-03-02T14:00:00Z')"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/events/0/type", std::nullopt) ==
                 one("f.json: /events/0: missing required key 'type'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/events/0/properties", Json("x")) ==
                 one("f.json: /events/0/properties: expected an object, got a string"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/events/0/id", Json(1)) ==
                 one("f.json: /events/0/id: expected a non-empty string, got an integer"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/events/1", Json{{"at", "2026-03-02T10:00:00Z"},
                                       {"contact", "x"},
                                       {"type", "unsubscribe"},
                                       {"properties", {{"channel", "mail"}}}}) ==
                 one("f.json: /events/1/properties/channel: unknown channel 'mail' (did you mean "
                     "'email'?)"),
             boost::test_tools::per_element());
  // Events may name contacts that are not listed (rule 8).
  BOOST_TEST(patched("/events/1", Json{{"at", "2026-03-02T10:00:00Z"},
                                       {"contact", "bob"},
                                       {"type", "identify"},
                                       {"properties", {{"email", nullptr}}}})
                 .empty());
}

BOOST_AUTO_TEST_CASE(expectations) {
  BOOST_TEST(patched("/expect/0/template", Json("mm")) ==
                 one("f.json: /expect/0/template: unknown template 'mm' (did you mean 'm'?)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/1", Json{{"contact", "alice"}, {"workflow", "x"}}) ==
                 one("f.json: /expect/1/workflow: unknown workflow 'x'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/0/workflow", Json("w")) ==
                 one("f.json: /expect/0: an expectation names either 'template' or 'workflow', "
                     "not both"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/0/template", std::nullopt) ==
                 one("f.json: /expect/0: an expectation needs one of 'template' or 'workflow'"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/0/count", Json(-1)) ==
                 one("f.json: /expect/0/count: expected an integer >= 0, got -1"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/0/status", Json("bounced")) ==
                 one("f.json: /expect/0/status: unknown status 'bounced' (expected sent, skipped "
                     "or deferred)"),
             boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/1", Json{{"contact", "alice"}, {"workflow", "w"}, {"at", "x"}}) ==
                 one("f.json: /expect/1/at: 'at' does not apply to a workflow expectation"),
             boost::test_tools::per_element());
  BOOST_TEST(
      patched("/expect/1", Json{{"contact", "alice"}, {"workflow", "w"}, {"reason", "won"}}) ==
          one("f.json: /expect/1/reason: unknown reason 'won' (expected completed, goal, "
              "exit_event, exit_step, unenrolled or horizon)"),
      boost::test_tools::per_element());
  BOOST_TEST(patched("/expect/1", Json{{"template", "m"}}) ==
                 one("f.json: /expect/1: missing required key 'contact'"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_all_at_once)

BOOST_AUTO_TEST_CASE(every_mistake_is_reported_in_document_order) {
  Json doc = base();
  doc["settings"]["timezone"] = "Nowhere/City";
  doc["templates"]["m"]["channel"] = "fax";
  doc["workflows"][0]["steps"][1]["duration"] = "soon";
  doc["workflows"][0]["steps"][2]["next"] = "gone";
  doc["events"][0]["at"] = "yesterday";
  doc["expect"][0]["template"] = "zzz";
  LoadResult r = load(doc.dump());
  BOOST_TEST(!r.ok());
  auto out = lines(r);
  std::vector<std::string> expected = {
      "f.json: /settings/timezone: unknown time zone 'Nowhere/City'",
      "f.json: /templates/m/channel: unknown channel 'fax' (expected email, sms or push)",
      "f.json: /workflows/0/steps/1/duration: invalid duration 'soon' (expected an integer and a "
      "unit s, m, h, d or w, such as '30m')",
      "f.json: /workflows/0/steps/2/next: unknown step 'gone'",
      "f.json: /events/0/at: invalid instant 'yesterday' (expected RFC 3339 with whole seconds, "
      "such as '2026-03-02T14:00:00Z')",
      "f.json: /expect/0/template: unknown template 'zzz'"};
  BOOST_TEST(out == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(twenty_mistakes_file) {
  std::string text = read_text(FLOWCAST_SOURCE_DIR "/tests/invalid/twenty-mistakes.json");
  BOOST_REQUIRE(!text.empty());
  LoadResult r = load(text);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.diagnostics.size() == 20u);
  for (const LoadDiagnostic& d : r.diagnostics) {
    BOOST_TEST((d.severity == LoadDiagnostic::Severity::error));
  }
}

BOOST_AUTO_TEST_CASE(invalid_cases_match_their_expected_lines) {
  const std::filesystem::path dir = FLOWCAST_SOURCE_DIR "/tests/invalid";
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++cases;
    std::filesystem::path expected_path = entry.path();
    expected_path.replace_extension(".expected");
    std::string expected = read_text(expected_path);
    LoadResult r = load(read_text(entry.path()));
    BOOST_TEST(!r.ok(), entry.path());
    std::string actual;
    for (const LoadDiagnostic& d : r.diagnostics)
      actual += flowcast::format_diagnostic("FILE", d) + "\n";
    BOOST_TEST(actual == expected, entry.path());
  }
  BOOST_TEST(cases >= 4);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_step_graph)

std::vector<std::string> with_steps(const Json& steps) {
  Json doc = base();
  doc["workflows"][0]["steps"] = steps;
  return lines(doc.dump());
}

BOOST_AUTO_TEST_CASE(zero_wait_loops_are_errors_at_their_first_step) {
  BOOST_TEST(with_steps(Json::parse(R"([
      {"id": "a", "type": "send", "template": "m"},
      {"id": "b", "type": "branch", "if": "true", "then": "c", "else": null},
      {"id": "c", "type": "set", "properties": {}, "next": "b"}])")) ==
                 one("f.json: /workflows/0/steps/1: loop with no delay, delay_until or wait_for: "
                     "'b' -> 'c' -> 'b'"),
             boost::test_tools::per_element());
  BOOST_TEST(with_steps(Json::parse(R"([
      {"id": "a", "type": "task", "title": "t", "next": "a"}])")) ==
                 one("f.json: /workflows/0/steps/0: loop with no delay, delay_until or wait_for: "
                     "'a' -> 'a'"),
             boost::test_tools::per_element());
  // Through a split path, and a loop whose only way back is a missing `else` (rule 21).
  BOOST_TEST(with_steps(Json::parse(R"([
      {"id": "a", "type": "split",
       "paths": [{"weight": 1, "next": null}, {"weight": 1, "next": "c"}]},
      {"id": "b", "type": "exit"},
      {"id": "c", "type": "branch", "if": "true", "then": "b"},
      {"id": "d", "type": "send", "template": "m", "next": "a"}])")) ==
                 one("f.json: /workflows/0/steps/0: loop with no delay, delay_until or wait_for: "
                     "'a' -> 'c' -> 'd' -> 'a'"),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(loops_with_a_wait_are_fine) {
  for (const char* wait : {R"({"id": "w", "type": "delay", "duration": "1d", "next": "a"})",
                           R"({"id": "w", "type": "delay_until", "time": "09:00", "next": "a"})",
                           R"({"id": "w", "type": "wait_for", "event": "X", "on_timeout": "a"})"}) {
    Json steps = Json::parse(R"([{"id": "a", "type": "send", "template": "m"}])");
    steps.push_back(Json::parse(wait));
    auto out = with_steps(steps);
    BOOST_TEST(out.empty(), wait << ": " << (out.empty() ? "" : out[0]));
  }
}

BOOST_AUTO_TEST_CASE(unreachable_steps_are_warnings) {
  LoadResult r;
  {
    Json doc = base();
    doc["workflows"][0]["steps"] = Json::parse(R"([
        {"id": "a", "type": "send", "template": "m", "next": null},
        {"id": "b", "type": "exit"},
        {"id": "c", "type": "send", "template": "m"}])");
    r = load(doc.dump());
  }
  BOOST_TEST(r.ok());
  BOOST_TEST(
      lines(r) == std::vector<std::string>(
                      {"f.json: warning: /workflows/0/steps/1: step 'b' can never be reached "
                       "from the first step",
                       "f.json: warning: /workflows/0/steps/2: step 'c' can never be reached "
                       "from the first step"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(huge_graphs_do_not_recurse) {
  const int n = 200000;
  Json steps = Json::array();
  for (int i = 0; i < n; ++i) {
    steps.push_back(
        {{"id", "s" + std::to_string(i)}, {"type", "set"}, {"properties", Json::object()}});
  }
  steps.back()["next"] = "s0";  // one loop through every step
  auto out = with_steps(steps);
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_TEST(out[0] ==
             "f.json: /workflows/0/steps/0: loop with no delay, delay_until or wait_for: "
             "'s0' -> 's1' -> 's2' -> 's3' -> 's4' -> 's5' -> 's6' -> ... -> 's0'");
  steps.back().erase("next");
  BOOST_TEST(with_steps(steps).empty());
}

BOOST_AUTO_TEST_CASE(many_bad_references_stay_linear) {
  // Every step points at a missing step whose name is close to every id: the suggestions stop
  // once their budget is spent, but every mistake is still reported.
  const int n = 50000;
  Json steps = Json::array();
  for (int i = 0; i < n; ++i) {
    steps.push_back({{"id", "s" + std::to_string(i)}, {"type", "exit"}, {"next", "s1x"}});
  }
  auto out = with_steps(steps);
  BOOST_REQUIRE_EQUAL(out.size(), static_cast<std::size_t>(n));
  BOOST_TEST(out.front() ==
             "f.json: /workflows/0/steps/0/next: unknown step 's1x' (did you mean 's1'?)");
  BOOST_TEST(out.back() == "f.json: /workflows/0/steps/49999/next: unknown step 's1x'");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_conformance)

BOOST_AUTO_TEST_CASE(every_conformance_example_loads_cleanly) {
  const std::filesystem::path dir = FLOWCAST_SOURCE_DIR "/../shared/spec/conformance";
  BOOST_REQUIRE(std::filesystem::is_directory(dir));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    LoadResult r = load(read_text(entry.path()));
    BOOST_TEST(r.ok(), entry.path());
    for (const std::string& l : lines(r)) BOOST_TEST_MESSAGE(entry.path() << ": " << l);
    BOOST_TEST(r.diagnostics.empty(), entry.path());
  }
  BOOST_TEST(files > 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_resolution)

BOOST_AUTO_TEST_CASE(defaults_and_references_are_resolved) {
  Json doc = Json::parse(R"({
    "format": "flowcast/1",
    "templates": {"z": {"channel": "sms", "kind": "transactional", "body": "b {{contact.id}}"},
                  "a": {"channel": "email"}},
    "workflows": [
      {"id": "first", "trigger": {"condition": "contact.vip == true", "include_existing": true},
       "steps": [{"id": "x", "type": "exit"}]},
      {"id": "main", "name": "Main", "enabled": false,
       "trigger": {"event": "Go", "if": "event.n > 1"},
       "key": "event.order_id", "reenroll": "7d", "goal": "count(\"Paid\") > 0",
       "exit_on": [{"event": "Stop"}, {"event": "Halt", "if": "true"}],
       "unenroll_from": ["later", "first"],
       "steps": [
         {"id": "b", "type": "branch", "if": "contact.vip", "then": "s"},
         {"id": "w", "type": "wait_for", "event": "Paid", "timeout": "2d", "on_event": null},
         {"id": "s", "type": "send", "template": "z", "next": "u"},
         {"id": "sp", "type": "split", "paths": [{"weight": 3, "next": "b"}, {"weight": 1}]},
         {"id": "u", "type": "delay_until", "time": "09:30", "days": ["sat", "mon"]},
         {"id": "t", "type": "task", "title": "call {{contact.id}}"},
         {"id": "h", "type": "webhook", "url": "https://x.test/h", "body": "{}"},
         {"id": "st", "type": "set", "properties": {"stage": 2}}
       ]},
      {"id": "later", "trigger": {"schedule": {"every": "1w", "at": "08:15"}}, "reenroll": "always",
       "steps": []}
    ],
    "contacts": [{"id": "c1", "email": null, "phone": "+33", "timezone": "Europe/Paris",
                  "properties": {"vip": true}, "subscriptions": {"sms": false}},
                 {"id": "c2"}],
    "events": [{"at": "2026-03-02T10:00:00+01:00", "contact": "c1", "type": "Go",
                "properties": {"n": 2}, "id": "e1"},
               {"at": "2026-03-01T10:00:00Z", "contact": "nobody", "type": "Visit"}],
    "expect": [{"contact": "c1", "template": "z", "status": "skipped", "reason": "frequency_cap"},
               {"contact": "c1", "workflow": "main", "reason": "horizon"},
               {"contact": "c2", "template": "a", "at": "2026-03-03T00:00:00Z", "count": 0}]
  })");
  LoadResult r = load(doc.dump());
  BOOST_REQUIRE_MESSAGE(
      r.ok(), (r.diagnostics.empty() ? "" : flowcast::format_diagnostic("f", r.diagnostics[0])));
  // Step 'sp' is reachable from nowhere: one warning, and the scenario still loads.
  BOOST_TEST(lines(r) == one("f.json: warning: /workflows/1/steps/3: step 'sp' can never be "
                             "reached from the first step"),
             boost::test_tools::per_element());
  const Scenario& s = *r.scenario;

  // Settings defaults.
  BOOST_TEST(!s.settings.start.has_value());
  BOOST_TEST(!s.settings.end.has_value());
  BOOST_TEST(s.settings.timezone == "UTC");
  BOOST_TEST(!s.settings.quiet_hours.has_value());
  BOOST_TEST(!s.settings.frequency_cap.has_value());
  BOOST_TEST(s.settings.seed == 0);
  BOOST_REQUIRE(s.zones != nullptr);
  BOOST_TEST(s.zones->find(s.settings.timezone) != nullptr);
  BOOST_TEST(s.zones->find("Europe/Paris") != nullptr);

  // Templates sorted by id.
  BOOST_REQUIRE_EQUAL(s.templates.size(), 2u);
  BOOST_TEST(s.templates[0].id == "a");
  BOOST_TEST(s.templates[1].id == "z");
  BOOST_TEST((s.templates[0].kind == flowcast::TemplateKind::marketing));
  BOOST_TEST(!s.templates[0].subject.has_value());
  BOOST_TEST(s.templates[0].body.text.empty());
  BOOST_TEST(s.templates[0].body.compiled != nullptr);
  BOOST_TEST((s.templates[1].channel == flowcast::Channel::sms));
  BOOST_TEST((s.templates[1].kind == flowcast::TemplateKind::transactional));
  BOOST_TEST(s.find_template("z") == 1);
  BOOST_TEST(s.find_template("q") == -1);
  BOOST_TEST(s.find_workflow("later") == 2);
  BOOST_TEST(s.find_workflow("nope") == -1);

  // Workflows.
  BOOST_REQUIRE_EQUAL(s.workflows.size(), 3u);
  const flowcast::Workflow& first = s.workflows[0];
  BOOST_TEST((first.trigger.kind == flowcast::TriggerKind::condition));
  BOOST_TEST(first.trigger.include_existing);
  BOOST_REQUIRE(first.trigger.condition.has_value());
  BOOST_TEST(first.trigger.condition->pointer == "/workflows/0/trigger/condition");
  BOOST_TEST(first.trigger.condition->text == "contact.vip == true");
  BOOST_TEST(first.trigger.condition->program != nullptr);
  BOOST_TEST(first.enabled);
  BOOST_TEST((first.reenroll.mode == flowcast::Reenroll::Mode::never));

  const flowcast::Workflow& w = s.workflows[1];
  BOOST_TEST(w.name == "Main");
  BOOST_TEST(!w.enabled);
  BOOST_TEST((w.trigger.kind == flowcast::TriggerKind::event));
  BOOST_TEST(w.trigger.event_type == "Go");
  BOOST_REQUIRE(w.trigger.if_expr.has_value());
  BOOST_TEST(w.trigger.if_expr->pointer == "/workflows/1/trigger/if");
  BOOST_REQUIRE(w.key.has_value());
  BOOST_TEST(w.key->pointer == "/workflows/1/key");
  BOOST_TEST((w.reenroll.mode == flowcast::Reenroll::Mode::after));
  BOOST_TEST(w.reenroll.after == 7 * time::kDay);
  BOOST_REQUIRE(w.goal.has_value());
  BOOST_REQUIRE_EQUAL(w.exit_on.size(), 2u);
  BOOST_TEST(w.exit_on[0].event_type == "Stop");
  BOOST_TEST(!w.exit_on[0].if_expr.has_value());
  BOOST_TEST(w.exit_on[1].if_expr->pointer == "/workflows/1/exit_on/1/if");
  BOOST_TEST(w.unenroll_from == std::vector<std::int32_t>({2, 0}),
             boost::test_tools::per_element());

  BOOST_REQUIRE_EQUAL(w.steps.size(), 8u);
  const auto& b = w.steps[0];
  BOOST_TEST((b.type == StepType::branch));
  BOOST_TEST(b.next == 1);       // the following step
  BOOST_TEST(b.then_step == 2);  // "s"
  BOOST_TEST(b.else_step == 1);  // missing else: the following step (rule 21)
  const auto& wf = w.steps[1];
  BOOST_TEST(wf.event_type == "Paid");
  BOOST_TEST(wf.timeout.value() == 2 * time::kDay);
  BOOST_TEST(wf.on_event == kEnd);  // null ends
  BOOST_TEST(wf.on_timeout == 2);   // defaults to next
  const auto& send = w.steps[2];
  BOOST_TEST(send.template_index == 1);
  BOOST_TEST(send.next == 4);  // explicit "u"
  const auto& sp = w.steps[3];
  BOOST_REQUIRE_EQUAL(sp.paths.size(), 2u);
  BOOST_TEST(sp.paths[0].weight == 3);
  BOOST_TEST(sp.paths[0].next == 0);
  BOOST_TEST(sp.paths[1].weight == 1);
  BOOST_TEST(sp.paths[1].next == 4);  // defaults to the step's next
  const auto& u = w.steps[4];
  BOOST_TEST(u.time_minute == 9 * 60 + 30);
  BOOST_TEST(u.days_mask == ((1u << 0) | (1u << 5)));
  BOOST_TEST(w.steps[5].title->text == "call {{contact.id}}");
  BOOST_TEST(w.steps[6].url == "https://x.test/h");
  BOOST_TEST(w.steps[6].body->text == "{}");
  BOOST_TEST(w.steps[7].properties == Json({{"stage", 2}}));
  BOOST_TEST(w.steps[7].next == kEnd);  // the last step ends
  BOOST_TEST(std::string(flowcast::step_type_name(w.steps[1].type)) == "wait_for");

  const flowcast::Workflow& later = s.workflows[2];
  BOOST_TEST((later.trigger.kind == flowcast::TriggerKind::schedule));
  BOOST_TEST(later.trigger.every == time::kWeek);
  BOOST_TEST(later.trigger.at_minute.value() == 8 * 60 + 15);
  BOOST_TEST((later.reenroll.mode == flowcast::Reenroll::Mode::always));
  BOOST_TEST(later.steps.empty());

  // Contacts and events in file order.
  BOOST_REQUIRE_EQUAL(s.contacts.size(), 2u);
  BOOST_TEST(!s.contacts[0].email.has_value());
  BOOST_TEST(s.contacts[0].phone.value() == "+33");
  BOOST_TEST(s.contacts[0].timezone == "Europe/Paris");
  BOOST_TEST(s.contacts[0].properties == Json({{"vip", true}}));
  BOOST_TEST(s.contacts[0].subscriptions.at("sms") == false);
  BOOST_TEST(s.contacts[1].timezone.empty());
  BOOST_TEST(s.contacts[1].properties == Json::object());
  BOOST_REQUIRE_EQUAL(s.events.size(), 2u);
  BOOST_TEST(s.events[0].at == time::parse_instant("2026-03-02T09:00:00Z").value());
  BOOST_TEST(s.events[0].id.value() == "e1");
  BOOST_TEST(s.events[0].properties.to_json() == Json({{"n", 2}}));
  BOOST_TEST(s.events[0].file_index == 0u);
  BOOST_TEST(s.events[1].file_index == 1u);
  BOOST_TEST(s.events[1].contact == "nobody");
  BOOST_TEST(s.events[1].properties.to_json() == Json::object());
  BOOST_TEST(!s.events[1].id.has_value());

  // Expectations keep their source.
  BOOST_REQUIRE_EQUAL(s.expect.size(), 3u);
  BOOST_TEST(s.expect[0].template_id.value() == "z");
  BOOST_TEST(s.expect[0].status.value() == "skipped");
  BOOST_TEST(s.expect[0].reason.value() == "frequency_cap");
  BOOST_TEST(s.expect[0].source == doc["expect"][0]);
  BOOST_TEST(s.expect[1].workflow.value() == "main");
  BOOST_TEST(s.expect[1].reason.value() == "horizon");
  BOOST_TEST(s.expect[2].at.value() == time::parse_instant("2026-03-03T00:00:00Z").value());
  BOOST_TEST(s.expect[2].count.value() == 0);
}

BOOST_AUTO_TEST_CASE(settings_are_read) {
  LoadResult r = load(R"({"format": "flowcast/1", "templates": {}, "workflows": [],
    "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-10T00:00:00Z",
                 "timezone": "America/New_York", "quiet_hours": {"start": "21:00", "end": "08:00"},
                 "frequency_cap": {"max": 2, "window": "16h"}, "seed": -7}})");
  BOOST_REQUIRE(r.ok());
  const flowcast::Settings& st = r.scenario->settings;
  BOOST_TEST(*st.start == time::parse_instant("2026-03-02T00:00:00Z").value());
  BOOST_TEST(*st.end == time::parse_instant("2026-03-10T00:00:00Z").value());
  BOOST_TEST(st.timezone == "America/New_York");
  BOOST_TEST(r.scenario->zones->find(st.timezone) != nullptr);
  BOOST_TEST(st.quiet_hours->start_minute == 21 * 60);
  BOOST_TEST(st.quiet_hours->end_minute == 8 * 60);
  BOOST_TEST(st.frequency_cap->max == 2);
  BOOST_TEST(st.frequency_cap->window == 16 * time::kHour);
  BOOST_TEST(st.seed == -7);
}

BOOST_AUTO_TEST_CASE(json_and_text_entry_points_agree) {
  Json doc = base();
  const Json copy = doc;
  LoadResult from_json = flowcast::load_scenario_json(doc, &zones());
  BOOST_TEST(doc == copy);  // the caller's document is untouched
  LoadResult from_text = load(doc.dump());
  BOOST_REQUIRE(from_json.ok());
  BOOST_REQUIRE(from_text.ok());
  BOOST_TEST(from_json.scenario->events[0].properties.to_json() ==
             from_text.scenario->events[0].properties.to_json());
  BOOST_TEST(from_json.scenario->expect[0].source == from_text.scenario->expect[0].source);
  BOOST_TEST(from_json.scenario->expect[0].source == doc["expect"][0]);
}

BOOST_AUTO_TEST_CASE(without_a_zone_source_only_utc_is_known) {
  Json doc = base();
  LoadResult r = flowcast::load_scenario_json(doc, nullptr);
  BOOST_TEST(
      lines(r) == std::vector<std::string>(
                      {"f.json: /settings/timezone: unknown time zone 'Europe/Paris'",
                       "f.json: /contacts/0/timezone: unknown time zone 'America/New_York'"}),
      boost::test_tools::per_element());
  doc["settings"]["timezone"] = "UTC";
  doc["contacts"][0].erase("timezone");
  r = flowcast::load_scenario_json(doc, nullptr);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.scenario->zones->find("UTC") != nullptr);
}

BOOST_AUTO_TEST_CASE(many_events_load_quickly) {
  std::string text = R"({"format": "flowcast/1", "templates": {}, "workflows": [], "events": [)";
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    if (i > 0) text += ',';
    text += R"({"at": "2026-03-02T10:00:00Z", "contact": "c)" + std::to_string(i % 1000) +
            R"(", "type": "View", "properties": {"page": "/p/)" + std::to_string(i) + R"("}})";
  }
  text += "]}";
  LoadResult r = load(text);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r.scenario->events.size() == static_cast<std::size_t>(n));
  BOOST_TEST(r.scenario->events.back().file_index == static_cast<std::uint32_t>(n - 1));
  BOOST_TEST(r.scenario->events.back().properties.find("page")->string() == "/p/199999");
}

BOOST_AUTO_TEST_SUITE_END()
