// The fast load path (core/load/fast_load.cc) against the slow one (load_scenario_slow): for every
// sample scenario, invalid input, conformance example and fuzz seed, and for hand-written tricky
// inputs (numbers, strings, duplicate keys, nesting, BOM, trailing bytes, batches), both must give
// the same diagnostics and the same scenario (field by field, JSON types included, and the same
// report bytes). The fast path must also really be used: it must accept every valid sample and
// the tricky inputs that it is meant to accept, and decline what it is meant to decline.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/load/load.h"
#include "server/lib/file_zone_source.h"
#include "tests/load_compare.h"

#ifndef FLOWCAST_SOURCE_DIR
#define FLOWCAST_SOURCE_DIR "/work/main"
#endif

namespace {

using flowcast::LoadResult;

const flowcast::FileZoneSource& zones() {
  static const flowcast::FileZoneSource* const source = new flowcast::FileZoneSource();
  return *source;
}

enum class Want { fast, slow, any };  // the fast path accepts / declines / either

// Input shown in test failures: cut, control bytes escaped.
std::string shown(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 300)) {
    auto u = static_cast<unsigned char>(ch);
    if (u >= 0x20 && u < 0x7f) {
      out += ch;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    }
  }
  if (text.size() > 300) out += "...";
  return out;
}

// Loads `text` through both paths (and load_scenario) and requires the same results.
void check(const std::string& what, std::string_view text, Want want, bool with_report = true) {
  BOOST_TEST_CONTEXT(what << ": " << shown(text)) {
    const LoadResult slow = flowcast::load_scenario_slow(text, &zones());
    const std::optional<LoadResult> fast = flowcast::load_scenario_fast(text, &zones());
    const LoadResult combined = flowcast::load_scenario(text, &zones());
    BOOST_TEST(flowcast::testing::load_difference(combined, slow, with_report) == "");
    if (fast) {
      BOOST_TEST(slow.ok());
      BOOST_TEST(flowcast::testing::load_difference(*fast, slow, with_report) == "");
    }
    if (want == Want::fast) BOOST_TEST(fast.has_value(), "the fast path declined");
    if (want == Want::slow) BOOST_TEST(!fast.has_value(), "the fast path accepted");
  }
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every *.json in `dir`, sorted.
std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::string kHead = R"({"format": "flowcast/1",
  "settings": {"start": "2026-03-02T00:00:00Z", "end": "2026-03-05T00:00:00Z",
               "timezone": "Europe/Paris"},
  "templates": {"m": {"channel": "email", "subject": "Hi {{contact.first_name}} {{event.v}}"}},
  "workflows": [{"id": "w", "trigger": {"event": "A", "if": "event.v != 3"},
                 "steps": [{"id": "s", "type": "send", "template": "m"}]}])";

// A scenario with these contacts and events arrays (JSON text; empty: key left out).
std::string scenario(const std::string& contacts, const std::string& events,
                     const std::string& more = "") {
  std::string s = kHead;
  if (!contacts.empty()) s += ",\n  \"contacts\": " + contacts;
  if (!events.empty()) s += ",\n  \"events\": " + events;
  return s + more + "}\n";
}

// One event of type A for contact a with these properties (JSON text).
std::string event_with(const std::string& props) {
  return R"({"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": )" + props +
         "}";
}

std::string one_event(const std::string& props) { return scenario("", "[" + event_with(props) + "]"); }

std::string one_contact(const std::string& contact) {
  return scenario("[" + contact + "]", R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])");
}

// `depth` nested arrays around 1.
std::string nested(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_load)

// The tests are native builds, which always have simdjson (core/CMakeLists.txt).
BOOST_AUTO_TEST_CASE(native_builds_have_the_fast_path) {
  BOOST_TEST(flowcast::fast_load_available());
}

BOOST_AUTO_TEST_CASE(sample_and_conformance_files_take_the_fast_path) {
  const std::filesystem::path root(FLOWCAST_SOURCE_DIR);
  std::size_t n = 0;
  for (const auto& dir : {root / "scenarios", root / ".." / "shared" / "spec" / "conformance"}) {
    for (const auto& f : json_files(dir)) {
      check(f.string(), read(f), Want::fast);
      ++n;
    }
  }
  BOOST_TEST(n >= 10);
}

BOOST_AUTO_TEST_CASE(invalid_files_are_declined_and_reported_by_the_slow_path) {
  const std::filesystem::path root(FLOWCAST_SOURCE_DIR);
  std::size_t n = 0;
  for (const auto& f : json_files(root / "tests" / "invalid")) {
    if (f.extension() != ".json") continue;
    check(f.string(), read(f), Want::slow);
    ++n;
  }
  BOOST_TEST(n >= 5);
}

BOOST_AUTO_TEST_CASE(fuzz_seeds_agree) {
  const std::filesystem::path root(FLOWCAST_SOURCE_DIR);
  for (const auto& f : json_files(root / "fuzz" / "corpus" / "load")) check(f.string(), read(f), Want::any);
}

BOOST_AUTO_TEST_CASE(numbers_keep_their_json_type) {
  // Accepted by both, with integer, unsigned and float kept apart.
  for (const char* n : {"0", "1", "-1", "1.0", "-0.0", "0.0", "1e2", "1E+2", "-1e-2", "0.1",
                        "123.456e-7", "9223372036854775807", "9223372036854775808",
                        "18446744073709551615", "-9223372036854775808", "4.9e-324",
                        "2.2250738585072011e-308", "1.7976931348623157e308", "1e-400",
                        "-1e-400", "0e5", "-0e5", "-0.5", "12345678901234567890123e-10"}) {
    check(std::string("number ") + n, one_event(std::string(R"({"v": )") + n + R"(, "l": [)" + n +
                                                 R"(, {"x": )" + n + "}]}"),
          Want::fast);
    check(std::string("contact number ") + n,
          one_contact(std::string(R"({"id": "a", "properties": {"v": )") + n + "}}"), Want::fast);
  }
  // Where the parsers differ or cannot be told apart, the fast path declines.
  for (const char* n : {"-0", "18446744073709551616", "-9223372036854775809",
                        "123456789012345678901234567890", "1e400", "-1e400", "01", "1.", ".5",
                        "+1", "1e", "0x10", "NaN", "Infinity", "-", "1.5e+"}) {
    check(std::string("number ") + n, one_event(std::string(R"({"v": )") + n + "}"), Want::slow);
  }
  // -0 inside strings is only text.
  check("-0 in a string", one_event(R"({"v": "-0", "-0": [-0.0, "x-0"]})"), Want::fast);
  // The small sections go through nlohmann: -0 there is fine.
  check("-0 in settings", scenario("", "[]", R"(, "expect": [{"contact": "a", "template": "m", "count": -0}])"),
        Want::any);
}

BOOST_AUTO_TEST_CASE(strings_and_utf8) {
  for (const char* s : {R"("\u00e9t\u00E9")", R"("\ud83d\ude00")", R"("\u0000")", R"("a\"b\\")",
                        R"("\\")", R"("\\\"")", R"("\/\b\f\n\r\t")", "\"\xC3\xA9\xF0\x9F\x98\x80\"",
                        "\"\xEF\xBB\xBF\"", R"("}]{[,:")"}) {
    check(std::string("string ") + s, one_event(std::string(R"({"v": )") + s + "}"), Want::fast);
  }
  for (const char* s : {R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\x")",
                        "\"a\x01\"", "\"\xC0\x80\"", "\"\xED\xA0\x80\"", "\"\xFF\"",
                        "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"", "\"a\tb\"", "\"a\nb\"",
                        R"("\u12")", R"("abc)"}) {
    check(std::string("bad string ") + s, one_event(std::string(R"({"v": )") + s + "}"),
          Want::slow);
  }
  // Escaped keys are the same keys once unescaped.
  check("escaped event key",
        scenario("", R"([{"\u0061t": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])"),
        Want::fast);
  check("escaped top-level key", scenario("", "[]", R"(, "expe\u0063t": [])"), Want::any);
  check("invalid UTF-8 in a contact id", one_contact("{\"id\": \"a\xFF\"}"), Want::slow);
  check("invalid UTF-8 in a key", one_event("{\"\xFF\": 1}"), Want::slow);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_left_to_the_slow_path) {
  check("top level", scenario("", "[]", R"(, "format": "flowcast/1")"), Want::slow);
  check("top level events twice", scenario("", "[]", R"(, "events": [])"), Want::slow);
  check("event key", scenario("", R"([{"at": "2026-03-02T10:00:00Z", "at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])"),
        Want::slow);
  check("escaped duplicate event key",
        scenario("", R"([{"at": "2026-03-02T10:00:00Z", "\u0061t": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])"),
        Want::slow);
  check("property", one_event(R"({"v": 1, "v": 2})"), Want::slow);
  check("nested property", one_event(R"({"v": [{"x": 1, "y": 2, "x": 3}]})"), Want::slow);
  check("contact key", one_contact(R"({"id": "a", "email": null, "email": "a@x"})"), Want::slow);
  check("subscriptions", one_contact(R"({"id": "a", "subscriptions": {"sms": true, "sms": false}})"),
        Want::slow);
  check("settings",
        std::string(R"({"format": "flowcast/1", "settings": {"seed": 1, "seed": 2}, "templates": {}, "workflows": []})"),
        Want::slow);
}

BOOST_AUTO_TEST_CASE(data_section_checks) {
  // Accepted.
  check("no contacts, no events", scenario("", ""), Want::fast);
  check("empty arrays", scenario("[ ]", "[\n]"), Want::fast);
  check("full contact",
        one_contact(R"({"id": "a", "email": "a@x", "phone": null, "timezone": "America/New_York",
                        "properties": {"first_name": "Ann", "n": [1, 2.5, -3, null, true]},
                        "subscriptions": {"email": true, "sms": false, "push": true}})"),
        Want::fast);
  check("contact UTC zone", one_contact(R"({"id": "a", "timezone": "UTC"})"), Want::fast);
  check("identify", scenario("", R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "identify",
                                     "properties": {"email": "x@y", "phone": null, "first_name": "Z"}}])"),
        Want::fast);
  check("unsubscribe", scenario("", R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "unsubscribe",
                                        "properties": {"channel": "sms"}},
                                       {"at": "2026-03-02T11:00:00Z", "contact": "a", "type": "subscribe"}])"),
        Want::fast);
  check("event id", scenario("", R"([{"id": "e1", "type": "A", "contact": "a", "at": "2026-03-02t10:00:00+01:00"},
                                    {"id": "e1", "type": "A", "contact": "a", "at": "2026-03-02T10:00:00Z"}])"),
        Want::fast);
  check("events before contacts",
        kHead + R"(, "events": [{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}],
                    "contacts": [{"id": "a", "properties": {"first_name": "A"}}]})",
        Want::fast);

  // Each a mistake the slow path reports.
  const char* bad_events[] = {
      R"([1])", R"([[]])", R"([null])", R"({})", R"(null)", R"("x")",
      R"([{"contact": "a", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a"}])",
      R"([{"at": "2026-03-02 10:00:00Z", "contact": "a", "type": "A"}])",
      R"([{"at": "2026-02-30T10:00:00Z", "contact": "a", "type": "A"}])",
      R"([{"at": 5, "contact": "a", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": 1, "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": ""}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "id": ""}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "id": null}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": []}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": null}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "typ": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "identify", "properties": {"email": 1}}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "identify", "properties": {"phone": []}}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "unsubscribe", "properties": {"channel": "fax"}}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "subscribe", "properties": {"channel": null}}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"},])",
      R"([,{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"} {"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A",}])",
      R"([{"at": "2026-03-02T10:00:00Z" "contact": "a", "type": "A"}])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"})",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"]])",
      R"([{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": {"x": [1}}])",
  };
  for (const char* e : bad_events) check(std::string("bad events ") + e, scenario("", e), Want::slow);

  const char* bad_contacts[] = {
      R"({"email": "a@x"})", R"({"id": ""})", R"({"id": 7})", R"({"id": "a", "email": 1})",
      R"({"id": "a", "phone": false})", R"({"id": "a", "timezone": "Europe/Pariss"})",
      R"({"id": "a", "timezone": ""})", R"({"id": "a", "timezone": null})",
      R"({"id": "a", "properties": "x"})", R"({"id": "a", "subscriptions": {"fax": true}})",
      R"({"id": "a", "subscriptions": {"sms": 1}})", R"({"id": "a", "subscriptions": []})",
      R"({"id": "a", "mail": "a@x"})", R"({"id": "a"}, {"id": "a"})", R"(1)",
  };
  for (const char* c : bad_contacts) {
    check(std::string("bad contacts ") + c, one_contact(c), Want::slow);
  }
  check("contacts not an array", scenario(R"({"id": "a"})", "[]"), Want::slow);
}

BOOST_AUTO_TEST_CASE(small_sections_errors_and_warnings) {
  // A warning (unreachable step) with the data on the fast path: same warning.
  check("warning", R"({"format": "flowcast/1", "templates": {"m": {"channel": "email"}},
      "workflows": [{"id": "w", "trigger": {"event": "A"},
                     "steps": [{"id": "a", "type": "send", "template": "m", "next": null},
                               {"id": "orphan", "type": "exit"}]}],
      "events": [{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}]})",
        Want::fast);
  check("unknown template", R"({"format": "flowcast/1", "templates": {},
      "workflows": [{"id": "w", "trigger": {"event": "A"}, "steps": [{"id": "a", "type": "send", "template": "m"}]}],
      "events": [{"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A"}]})",
        Want::slow);
  check("format", R"({"format": "flowcast/2", "templates": {}, "workflows": []})", Want::slow);
  check("no format", R"({"templates": {}, "workflows": []})", Want::slow);
  check("unknown top key", R"({"format": "flowcast/1", "templates": {}, "workflows": [], "contact": []})",
        Want::slow);
  check("minimal", R"({"format":"flowcast/1","templates":{},"workflows":[]})", Want::fast);
  check("name and description", R"({"format":"flowcast/1","name":"n\u00e9","description":"d","templates":{},"workflows":[]})",
        Want::fast);
  check("name not a string", R"({"format":"flowcast/1","name":5,"templates":{},"workflows":[]})", Want::slow);
  check("name literal", R"({"format":"flowcast/1","name":nul,"templates":{},"workflows":[]})", Want::slow);
  check("expect", scenario("", "[]", R"(, "expect": [{"contact": "a", "template": "m", "count": 0}])"),
        Want::fast);
}

BOOST_AUTO_TEST_CASE(document_edges) {
  const std::string good = R"({"format":"flowcast/1","templates":{},"workflows":[],"events":[]})";
  check("good", good, Want::fast);
  check("BOM", "\xEF\xBB\xBF" + good, Want::fast);
  check("BOM and spaces", "\xEF\xBB\xBF \r\n\t" + good + " \r\n\t", Want::fast);
  check("two BOMs", "\xEF\xBB\xBF\xEF\xBB\xBF" + good, Want::slow);
  check("half a BOM", "\xEF\xBB" + good, Want::slow);
  check("BOM after a space", " \xEF\xBB\xBF" + good, Want::slow);
  check("BOM before a value",
        R"({"format":"flowcast/1","name":)" "\xEF\xBB\xBF" R"("x","templates":{},"workflows":[]})",
        Want::slow);
  check("empty", "", Want::slow);
  check("spaces", "  \n", Want::slow);
  check("null", "null", Want::slow);
  check("array", "[]", Want::slow);
  check("empty object", "{}", Want::slow);
  check("trailing garbage", good + "x", Want::slow);
  check("trailing object", good + "{}", Want::slow);
  check("trailing NUL", good + std::string(1, '\0'), Want::slow);
  check("NUL inside", R"({"format":"flowcast/1",)" + std::string(1, '\0') + R"("templates":{},"workflows":[]})",
        Want::slow);
  check("form feed", "\f" + good, Want::slow);
  check("vertical tab", R"({"format":"flowcast/1",)" "\v" R"("templates":{},"workflows":[]})", Want::slow);
  check("truncated", good.substr(0, good.size() - 1), Want::slow);
  check("trailing comma", R"({"format":"flowcast/1","templates":{},"workflows":[],})", Want::slow);
  check("missing colon", R"({"format" "flowcast/1","templates":{},"workflows":[]})", Want::slow);
  check("comment", "// c\n" + good, Want::slow);
  check("single quotes", R"({'format':"flowcast/1","templates":{},"workflows":[]})", Want::slow);
  check("events unterminated", R"({"format":"flowcast/1","templates":{},"workflows":[],"events":[)",
        Want::slow);
  check("string unterminated", R"({"format":"flowcast/1","templates":{},"workflows":[],"events":[{"at":"x)",
        Want::slow);
  check("key unterminated", R"({"format)", Want::slow);
  check("escape at the end", R"({"format":"flowcast/1\)", Want::slow);
}

BOOST_AUTO_TEST_CASE(nesting_depth_limit) {
  // The top-level object is level 1, events 2, an event 3, its properties 4: with k arrays inside
  // a property the deepest level is 4 + k. 256 levels are allowed, 257 are not.
  check("events 256 levels", one_event(R"({"v": )" + nested(252) + "}"), Want::fast, false);
  check("events 257 levels", one_event(R"({"v": )" + nested(253) + "}"), Want::slow, false);
  check("events 300 levels", one_event(R"({"v": )" + nested(300) + "}"), Want::slow, false);
  check("contacts 256 levels", one_contact(R"({"id": "a", "properties": {"v": )" + nested(252) + "}}"),
        Want::fast, false);
  check("contacts 257 levels", one_contact(R"({"id": "a", "properties": {"v": )" + nested(253) + "}}"),
        Want::slow, false);
  // In a small section: the `set` step's properties are at level 6 (object, workflows, workflow,
  // steps, step, properties), so k arrays reach 6 + k.
  auto set_step = [](std::size_t k) {
    return R"({"format": "flowcast/1", "templates": {}, "workflows": [{"id": "w", "trigger": {"event": "A"},
      "steps": [{"id": "s", "type": "set", "properties": {"v": )" + nested(k) + "}}]}]}";
  };
  check("workflows 256 levels", set_step(250), Want::any, false);
  check("workflows 257 levels", set_step(251), Want::slow, false);
  check("deep garbage", std::string(100000, '['), Want::slow, false);
  check("deep objects", std::string(5000, '{'), Want::slow, false);
}

BOOST_AUTO_TEST_CASE(large_files_in_several_batches) {
  // ~5 MB of events and ~1.5 MB of contacts: several simdjson batches each.
  std::string contacts = "[";
  for (int i = 0; i < 12000; ++i) {
    if (i > 0) contacts += ",\n";
    contacts += R"({"id": "c)" + std::to_string(i) + R"(", "email": "c)" + std::to_string(i) +
                R"(@example.com", "timezone": ")" + (i % 3 == 0 ? "America/New_York" : "Europe/Paris") +
                R"(", "properties": {"first_name": "N\u00e9)" + std::to_string(i) +
                R"(", "ltv": )" + std::to_string(i * 7 % 1000) + "." + std::to_string(i % 10) +
                R"(, "tags": ["a", "b\"c"], "n": -)" + std::to_string(i + 1) + "}}";
  }
  contacts += "]";
  std::string events = "[";
  for (int i = 0; i < 36000; ++i) {
    if (i > 0) events += i % 7 == 0 ? ",\n  " : ",";
    events += R"({"at": "2026-03-0)" + std::to_string(2 + i % 3) + "T" + (i % 24 < 10 ? "0" : "") +
              std::to_string(i % 24) + R"(:00:00Z", "contact": "c)" + std::to_string(i % 12500) +
              R"(", "type": ")" + (i % 5 == 0 ? "identify" : "A") + R"(", "id": "e)" +
              std::to_string(i % 30000) + R"(", "properties": {"v": )" + std::to_string(i % 9) +
              R"(, "total": )" + std::to_string(i % 100) + ".25" + R"(, "big": 18446744073709551615, "neg": -)" +
              std::to_string(i + 1) + R"(, "items": [{"sku": "A\\)" + std::to_string(i % 13) +
              R"(", "q": 1e1}], "none": null, "yes": true}})";
  }
  events += "]";
  const std::string text = scenario(contacts, events);
  BOOST_TEST_REQUIRE(text.size() > 4'000'000u);
  check("large", text, Want::fast);

  // A mistake in the very last event, or a duplicate contact id far apart: declined, and the
  // slow path's messages.
  std::string bad_events = events;
  bad_events.insert(bad_events.size() - 1, R"(, {"at": "2026-03-02T10:00:00Z", "contact": "", "type": "A"})");
  check("large, last event bad", scenario(contacts, bad_events), Want::slow, false);
  std::string dup_contacts = contacts;
  dup_contacts.insert(dup_contacts.size() - 1, R"(, {"id": "c0"})");
  check("large, duplicate contact id", scenario(dup_contacts, events), Want::slow, false);
  std::string minus_zero = events;
  minus_zero.insert(minus_zero.size() - 1, R"(, {"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": {"z": -0}})");
  check("large, -0 at the end", scenario(contacts, minus_zero), Want::slow);
  std::string dup_key = events;
  dup_key.insert(dup_key.size() - 1, R"(, {"at": "2026-03-02T10:00:00Z", "contact": "a", "type": "A", "properties": {"z": 1, "z": 1}})");
  check("large, duplicate key at the end", scenario(contacts, dup_key), Want::slow, false);
}

BOOST_AUTO_TEST_SUITE_END()
