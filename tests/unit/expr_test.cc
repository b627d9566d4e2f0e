// Unit tests of the expression language (core/expr) and of core/model/event.cc: parser errors and
// their columns, precedence, every operator, exact rules 24-31, history functions and windows.
#include "core/expr/expr.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/expr/value.h"
#include "core/model/event.h"
#include "core/time/instant.h"

namespace {

using flowcast::Channel;
using flowcast::Contact;
using flowcast::Event;
using flowcast::Json;
using flowcast::expr::compile;
using flowcast::expr::Diagnostic;
using flowcast::expr::EvalContext;
using flowcast::expr::EvalResult;
using flowcast::expr::Value;
namespace time = flowcast::time;

time::Instant at(const char* text) {
  std::optional<time::Instant> t = time::parse_instant(text);
  BOOST_REQUIRE(t.has_value());
  return *t;
}

// A contact, the current event, a trigger event and a history, as the engine would pass them.
struct World {
  Contact contact;
  Event event;
  Event trigger;
  std::vector<Event> past;  // the history, in processing order
  time::Instant now = at("2026-03-10T12:00:00Z");
  bool with_event = true;
  bool with_trigger = true;

  World() {
    contact.id = "alice";
    contact.email = "alice@example.com";
    contact.properties = Json::parse(R"({
      "first_name": "Alice", "country": "FR", "age": 41, "score": 2.5, "vip": true,
      "tags": ["a", "b", 1], "address": {"city": "Paris", "geo": {"zip": "75001"}},
      "address2": {"city": "Paris", "geo": {"zip": "75001"}}, "signup": "2026-01-01T00:00:00Z",
      "nothing": null, "name": "Zoë"})");
    event.at = now;
    event.contact = "alice";
    event.type = "Checkout Started";
    event.properties = Json::parse(R"({"cart_value": 59.9, "items": 3, "order_id": "o-1"})");
    trigger.at = at("2026-03-09T08:00:00Z");
    trigger.contact = "alice";
    trigger.type = "Signed Up";
    trigger.properties = Json::parse(R"({"plan": "pro"})");
  }

  void add(const char* when, const char* type, const char* props = "{}") {
    Event e;
    e.at = at(when);
    e.contact = "alice";
    e.type = type;
    e.properties = Json::parse(props);
    past.push_back(std::move(e));
  }

  // Valid until `past` changes.
  std::vector<flowcast::expr::HistoryEntry> history() const {
    std::vector<flowcast::expr::HistoryEntry> h;
    for (const Event& e : past) h.push_back({e.at, &e.type, &e});
    return h;
  }
};

struct Outcome {
  Value value;
  std::optional<std::string> mismatch;
};

Outcome run(const std::string& text, const World& w) {
  flowcast::expr::CompileResult c = compile(text);
  if (!c.errors.empty()) {
    BOOST_FAIL("does not compile: " + text + " (column " + std::to_string(c.errors[0].column) +
               ": " + c.errors[0].message + ")");
  }
  BOOST_REQUIRE(c.program != nullptr);
  std::vector<flowcast::expr::HistoryEntry> h = w.history();
  EvalContext ctx;
  ctx.contact = &w.contact;
  ctx.event = w.with_event ? &w.event : nullptr;
  ctx.trigger = w.with_trigger ? &w.trigger : nullptr;
  ctx.now = w.now;
  ctx.history = h;
  EvalResult r = evaluate(*c.program, ctx);
  return Outcome{std::move(r.value), std::move(r.mismatch)};
}

Value eval(const std::string& text, const World& w = World()) {
  Outcome o = run(text, w);
  BOOST_TEST_INFO("expression: " << text);
  BOOST_CHECK_MESSAGE(!o.mismatch, "unexpected mismatch: " + o.mismatch.value_or(""));
  return o.value;
}

// True iff `text` evaluates to boolean true without a mismatch.
bool yes(const std::string& text, const World& w = World()) {
  Value v = eval(text, w);
  BOOST_TEST_INFO("expression: " << text);
  BOOST_CHECK_MESSAGE(v.kind == Value::Kind::boolean, text + " is not a boolean");
  return v.kind == Value::Kind::boolean && v.b;
}

std::string mismatch(const std::string& text, const World& w = World()) {
  Outcome o = run(text, w);
  BOOST_TEST_INFO("expression: " << text);
  BOOST_CHECK_MESSAGE(o.mismatch.has_value(), text + " should be a mismatch");
  BOOST_CHECK(o.value.is_null());
  return o.mismatch.value_or("");
}

std::vector<Diagnostic> errors(const std::string& text) {
  flowcast::expr::CompileResult c = compile(text);
  BOOST_TEST_INFO("expression: " << text);
  BOOST_CHECK(c.program == nullptr);
  BOOST_CHECK(!c.errors.empty());
  return c.errors;
}

// The single error of `text`, which must be at `column` and contain `part`.
void check_error(const std::string& text, int column, const std::string& part) {
  std::vector<Diagnostic> e = errors(text);
  BOOST_TEST_INFO("expression: " << text);
  BOOST_REQUIRE_EQUAL(e.size(), 1u);
  BOOST_TEST_INFO("message: " << e[0].message);
  BOOST_CHECK_EQUAL(e[0].column, column);
  BOOST_CHECK_MESSAGE(e[0].message.find(part) != std::string::npos,
                      "'" + e[0].message + "' does not contain '" + part + "'");
}

bool compiles(const std::string& text) {
  flowcast::expr::CompileResult c = compile(text);
  return c.errors.empty() && c.program != nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(expr_parser)

BOOST_AUTO_TEST_CASE(empty_expression_is_an_error_at_column_1) {
  check_error("", 1, "empty");
  check_error("   ", 1, "empty");
}

BOOST_AUTO_TEST_CASE(missing_operand_after_and_points_just_after_it) {
  check_error("contact.x and", 14, "expected an operand after 'and'");
  check_error("contact.x and   ", 14, "expected an operand after 'and'");
}

BOOST_AUTO_TEST_CASE(missing_operand_names_what_was_found) {
  check_error("(contact.x and )", 16, "expected an operand after 'and', found ')'");
  check_error("1 + * 2", 5, "expected an operand after '+', found '*'");
  check_error("== 1", 1, "expected an operand, found '=='");
}

BOOST_AUTO_TEST_CASE(comparisons_do_not_chain) {
  check_error("1 < 2 < 3", 7, "do not chain");
  check_error("contact.a == contact.b == true", 24, "do not chain");
  check_error("1 < 2 in [true]", 7, "do not chain");
  BOOST_CHECK(compiles("(1 < 2) == true"));
  BOOST_CHECK(compiles("1 < 2 and 2 < 3"));
}

BOOST_AUTO_TEST_CASE(unknown_root_is_an_error_at_its_column) {
  check_error("contact.x > 1 and customer.y == 2", 19, "unknown name 'customer.y'");
  check_error("country == 'FR'", 1, "names start with contact., event. or trigger., or are now");
}

BOOST_AUTO_TEST_CASE(name_and_function_errors_are_all_reported) {
  std::vector<Diagnostic> e = errors("foo == 1 or bar(2) or count() or contact");
  BOOST_REQUIRE_EQUAL(e.size(), 4u);
  BOOST_CHECK_EQUAL(e[0].column, 1);
  BOOST_CHECK_EQUAL(e[1].column, 13);
  BOOST_CHECK(e[1].message.find("unknown function 'bar'") != std::string::npos);
  BOOST_CHECK_EQUAL(e[2].column, 23);
  BOOST_CHECK_EQUAL(e[2].message, "count() takes 1 or 2 arguments, got 0");
  BOOST_CHECK_EQUAL(e[3].column, 34);
}

BOOST_AUTO_TEST_CASE(roots_need_a_property_and_now_has_none) {
  check_error("contact == null", 1, "'contact' needs a property");
  check_error("exists(event)", 8, "'event' needs a property");
  check_error("trigger", 1, "'trigger' needs a property");
  check_error("now.day == 1", 1, "'now' has no properties");
}

BOOST_AUTO_TEST_CASE(keywords_and_functions_used_as_names_get_a_hint) {
  check_error("True", 1, "did you mean 'true'?");
  check_error("count == 1", 1, "'count' is a function");
  check_error("contact.a not in ['x']", 11, "no 'not in'");
}

BOOST_AUTO_TEST_CASE(keywords_may_be_property_names_after_a_dot) {
  BOOST_CHECK(compiles("contact.in == event.not"));
  BOOST_CHECK(compiles("contact.count + trigger.and.or == 2"));
}

BOOST_AUTO_TEST_CASE(function_arity_is_checked) {
  check_error("count('a', 1d, 2)", 1, "count() takes 1 or 2 arguments, got 3");
  check_error("last('a', 'b')", 1, "last() takes 1 argument, got 2");
  check_error("sum('a')", 1, "sum() takes 2 or 3 arguments, got 1");
  check_error("1 + len()", 5, "len() takes 1 argument, got 0");
  check_error("exists(contact.a, contact.b)", 1, "exists() takes 1 argument");
}

BOOST_AUTO_TEST_CASE(unknown_and_dotted_functions_are_errors) {
  check_error("upper('a') == 'A'", 1, "unknown function 'upper'; the functions are count, sum");
  check_error("contact.name(1)", 1, "'contact.name' is not a function");
}

BOOST_AUTO_TEST_CASE(sum_takes_a_string_literal_path) {
  check_error("sum('Order', contact.field) > 1", 14, "string literal");
  check_error("sum('Order', 'a..b') > 1", 14, "not a property path");
  check_error("sum('Order', '') > 1", 14, "not a property path");
  BOOST_CHECK(compiles("sum('Order', 'items.price', 7d) > 1"));
}

BOOST_AUTO_TEST_CASE(time_of_a_bad_literal_is_a_compile_error) {
  check_error("now > time('yesterday')", 12, "not an RFC 3339 instant");
  BOOST_CHECK(compiles("now > time('2026-03-01T00:00:00+01:00')"));
}

BOOST_AUTO_TEST_CASE(string_escapes_are_decoded) {
  BOOST_CHECK_EQUAL(eval(R"("a\"b" + 'c\'d' + "\\" + "\n\t")").str, "a\"bc'd\\\n\t");
  BOOST_CHECK(yes(R"('it\'s' == "it's")"));
  BOOST_CHECK_EQUAL(eval(R"('say "hi"')").str, "say \"hi\"");
}

BOOST_AUTO_TEST_CASE(unknown_escape_is_an_error_at_the_backslash) {
  check_error(R"(contact.a == "x\qy")", 16, "unknown escape '\\q'");
}

BOOST_AUTO_TEST_CASE(unterminated_string_is_an_error_at_its_quote) {
  check_error("contact.a == 'abc", 14, "no closing");
  check_error("contact.a == \"abc'", 14, "no closing '\"'");
}

BOOST_AUTO_TEST_CASE(columns_count_code_points_not_bytes) {
  check_error("\"é\" == foo", 8, "unknown name 'foo'");
  check_error("'日本語' == 1 and", 15, "expected an operand after 'and'");
}

BOOST_AUTO_TEST_CASE(c_style_operators_get_a_hint) {
  check_error("contact.a = 1", 11, "use '=='");
  check_error("true && false", 6, "use 'and'");
  check_error("true || false", 6, "use 'or'");
  check_error("!contact.vip", 1, "use 'not'");
  check_error("contact.a # 1", 11, "unexpected character '#'");
}

BOOST_AUTO_TEST_CASE(typographic_quotes_are_one_error_with_a_hint) {
  check_error("contact.country == \u201CFR\u201D", 20, "use straight quotes");
  check_error("contact.country == \u2018FR\u2019 or true", 20, "use straight quotes");
  check_error("contact.a \u2265 1", 11, "unexpected character '\u2265'");
}

BOOST_AUTO_TEST_CASE(keywords_in_the_wrong_case_get_a_hint_in_operator_position) {
  check_error("contact.vip AND true", 13, "found 'AND'; did you mean 'and'?");
}

BOOST_AUTO_TEST_CASE(property_names_may_hold_non_ascii_and_digits) {
  World w;
  w.contact.properties["pr\u00e9nom"] = "Al";
  w.contact.properties["2fa"] = true;
  BOOST_CHECK(yes("contact.pr\u00e9nom == 'Al'", w));
  BOOST_CHECK(yes("contact.2fa", w));
}

BOOST_AUTO_TEST_CASE(bad_numbers_and_durations_are_errors) {
  check_error("count('a', 90days) == 0", 12, "'90days' is neither a number nor a duration");
  check_error("count('a', 1.5h) == 0", 12, "neither a number nor a duration");
  check_error("1. == 1", 1, "cannot end with '.'");
  check_error("1 == 2 and contact.", 20, "expected a property name after '.'");
  check_error("99999999999999999999w > 1s", 1, "too large");
  check_error("1e999 > 1", 1, "out of range");
}

BOOST_AUTO_TEST_CASE(unbalanced_brackets_are_errors) {
  check_error("(1 == 1", 8, "expected ')' to close the '(' at column 1");
  check_error("1 == 1)", 7, "no matching '('");
  check_error("1 in [1, 2", 11, "expected ',' or ']' in the list opened at column 6");
  check_error("1 in [1, 2,]", 12, "expected an operand after ','");
  check_error("count('a' 1d)", 11, "expected ',' or ')' after an argument of count()");
  check_error("contact.a contact.b", 11, "expected an operator or the end of the expression");
}

BOOST_AUTO_TEST_CASE(lexical_errors_are_all_reported_without_cascades) {
  std::vector<Diagnostic> e = errors("contact.a = 1 and contact.b = 2");
  BOOST_REQUIRE_EQUAL(e.size(), 2u);
  BOOST_CHECK_EQUAL(e[0].column, 11);
  BOOST_CHECK_EQUAL(e[1].column, 29);
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_without_crashing) {
  std::string deep = std::string(500, '(') + "1" + std::string(500, ')');
  check_error(deep, 101, "nested too deeply");
  std::string minus(500, '-');
  BOOST_CHECK(!compiles(minus + "1"));
  std::string sum = "1";
  for (int i = 0; i < 500; ++i) sum += " + 1";
  BOOST_CHECK(!compiles(sum + " == 501"));
  std::string ors = "false";
  for (int i = 0; i < 500; ++i) ors += " or false";
  BOOST_CHECK(!yes(ors));  // and/or chains are flat, so long ones are fine
}

BOOST_AUTO_TEST_CASE(precedence_from_loosest_to_tightest) {
  BOOST_CHECK(yes("1 + 2 * 3 == 7"));
  BOOST_CHECK(yes("(1 + 2) * 3 == 9"));
  BOOST_CHECK(yes("10 - 4 - 3 == 3"));
  BOOST_CHECK(yes("8 / 4 / 2 == 1"));
  BOOST_CHECK(yes("-2 * 3 == -6"));
  BOOST_CHECK(yes("- -2 == 2"));
  BOOST_CHECK(yes("not 1 == 2"));  // not (1 == 2)
  BOOST_CHECK(yes("true or false and false"));
  BOOST_CHECK(!yes("not false and false"));  // (not false) and false
  BOOST_CHECK(yes("not not true"));
  BOOST_CHECK(yes("1 + 1 in [2]"));
  BOOST_CHECK(yes("'ab' + 'c' contains 'bc'"));
}

BOOST_AUTO_TEST_CASE(literals) {
  BOOST_CHECK_EQUAL(eval("42").num, 42);
  BOOST_CHECK_EQUAL(eval("1.25").num, 1.25);
  BOOST_CHECK_EQUAL(eval("1e3").num, 1000);
  BOOST_CHECK(eval("null").is_null());
  BOOST_CHECK(eval("true").b);
  Value d = eval("90d");
  BOOST_CHECK(d.kind == Value::Kind::duration);
  BOOST_CHECK_EQUAL(d.seconds, 90 * time::kDay);
  BOOST_CHECK_EQUAL(eval("15m").seconds, 900);
  BOOST_CHECK_EQUAL(eval("30s").seconds, 30);
  BOOST_CHECK_EQUAL(eval("2h").seconds, 7200);
  BOOST_CHECK_EQUAL(eval("1w").seconds, time::kWeek);
  Value l = eval("[1, 'a', [true], null]");
  BOOST_REQUIRE(l.kind == Value::Kind::list);
  BOOST_CHECK_EQUAL(l.list.size(), 4u);
  BOOST_CHECK(eval("[]").list.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_names)

BOOST_AUTO_TEST_CASE(contact_fields_and_properties) {
  BOOST_CHECK_EQUAL(eval("contact.id").str, "alice");
  BOOST_CHECK_EQUAL(eval("contact.email").str, "alice@example.com");
  BOOST_CHECK(eval("contact.phone").is_null());
  BOOST_CHECK_EQUAL(eval("contact.first_name").str, "Alice");
  BOOST_CHECK_EQUAL(eval("contact.age").num, 41);
  BOOST_CHECK(eval("contact.missing").is_null());
  BOOST_CHECK(eval("contact.nothing").is_null());
  BOOST_CHECK(eval("contact.email.domain").is_null());
}

BOOST_AUTO_TEST_CASE(dots_reach_into_nested_objects) {
  BOOST_CHECK_EQUAL(eval("contact.address.city").str, "Paris");
  BOOST_CHECK_EQUAL(eval("contact.address.geo.zip").str, "75001");
  BOOST_CHECK(eval("contact.address.geo.zip.more").is_null());
  BOOST_CHECK(eval("contact.address.country").is_null());
  BOOST_CHECK(eval("contact.first_name.x").is_null());
  BOOST_CHECK(eval("contact.tags.a").is_null());
}

BOOST_AUTO_TEST_CASE(event_and_trigger_fields_and_properties) {
  World w;
  BOOST_CHECK_EQUAL(eval("event.type", w).str, "Checkout Started");
  Value t = eval("event.at", w);
  BOOST_CHECK(t.kind == Value::Kind::instant);
  BOOST_CHECK_EQUAL(t.seconds, w.now);
  BOOST_CHECK_EQUAL(eval("event.cart_value", w).num, 59.9);
  BOOST_CHECK_EQUAL(eval("trigger.type", w).str, "Signed Up");
  BOOST_CHECK_EQUAL(eval("trigger.at", w).seconds, at("2026-03-09T08:00:00Z"));
  BOOST_CHECK_EQUAL(eval("trigger.plan", w).str, "pro");
  BOOST_CHECK(eval("trigger.cart_value", w).is_null());
  BOOST_CHECK(eval("event.at.x", w).is_null());
}

BOOST_AUTO_TEST_CASE(absent_event_or_trigger_gives_null_names) {
  World w;
  w.with_event = false;
  w.with_trigger = false;
  BOOST_CHECK(eval("event.type", w).is_null());
  BOOST_CHECK(eval("event.at", w).is_null());
  BOOST_CHECK(eval("event.cart_value", w).is_null());
  BOOST_CHECK(eval("trigger.type", w).is_null());
  BOOST_CHECK(!yes("event.cart_value > 20", w));
}

BOOST_AUTO_TEST_CASE(now_is_the_context_instant) {
  World w;
  Value n = eval("now", w);
  BOOST_CHECK(n.kind == Value::Kind::instant);
  BOOST_CHECK_EQUAL(n.seconds, w.now);
}

BOOST_AUTO_TEST_CASE(a_json_string_property_is_a_string_not_an_instant) {
  BOOST_CHECK(eval("contact.signup").kind == Value::Kind::string);
  BOOST_CHECK(!yes("contact.signup == time('2026-01-01T00:00:00Z')"));
  BOOST_CHECK(yes("time(contact.signup) == time('2026-01-01T00:00:00Z')"));
  BOOST_CHECK_EQUAL(mismatch("since(contact.signup) > 1d"),
                    "since() expects an instant, got string (read it with time() first)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_operators)

BOOST_AUTO_TEST_CASE(equality_compares_any_values_without_conversion) {
  BOOST_CHECK(yes("1 == 1.0"));
  BOOST_CHECK(yes("contact.age == 41.0"));
  BOOST_CHECK(!yes("1 == '1'"));
  BOOST_CHECK(!yes("true == 1"));
  BOOST_CHECK(yes("0 != false"));
  BOOST_CHECK(yes("null == null"));
  BOOST_CHECK(yes("contact.missing == null"));
  BOOST_CHECK(!yes("contact.age == null"));
  BOOST_CHECK(yes("1d == 24h"));
  BOOST_CHECK(!yes("1d == 86400"));
  BOOST_CHECK(yes("[1, 'a'] == [1.0, 'a']"));
  BOOST_CHECK(!yes("[1, 'a'] == ['a', 1]"));
  BOOST_CHECK(yes("contact.tags == ['a', 'b', 1]"));
  BOOST_CHECK(yes("contact.address == contact.address2"));
  BOOST_CHECK(!yes("contact.address == contact.address.geo"));
  BOOST_CHECK(yes("contact.address != 'Paris'"));
  BOOST_CHECK(yes("event.at == now"));
}

BOOST_AUTO_TEST_CASE(ordering_numbers_strings_instants_durations) {
  BOOST_CHECK(yes("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3"));
  BOOST_CHECK(!yes("2 < 2"));
  BOOST_CHECK(yes("'apple' < 'banana'"));
  BOOST_CHECK(yes("'a' < 'é'"));  // by code point
  BOOST_CHECK(yes("trigger.at < event.at"));
  BOOST_CHECK(yes("1h < 1d and 2d >= 48h"));
  BOOST_CHECK(yes("event.cart_value > 20"));
}

BOOST_AUTO_TEST_CASE(ordering_against_null_is_false_silently) {
  BOOST_CHECK(!yes("contact.missing < 1"));
  BOOST_CHECK(!yes("contact.missing >= 1"));
  BOOST_CHECK(!yes("1 > null"));
  BOOST_CHECK(!yes("null <= null"));
}

BOOST_AUTO_TEST_CASE(ordering_across_types_is_a_mismatch) {
  BOOST_CHECK_EQUAL(mismatch("contact.first_name < 5"),
                    "cannot compare string with number using '<'");
  BOOST_CHECK_EQUAL(mismatch("true > false"), "cannot compare boolean with boolean using '>'");
  BOOST_CHECK_EQUAL(mismatch("now >= 1d"), "cannot compare instant with duration using '>='");
  BOOST_CHECK_EQUAL(mismatch("[1] <= [2]"), "cannot compare list with list using '<='");
  BOOST_CHECK_EQUAL(mismatch("contact.address < contact.address2"),
                    "cannot compare object with object using '<'");
}

BOOST_AUTO_TEST_CASE(arithmetic_with_null_gives_null) {
  BOOST_CHECK(eval("contact.missing + 1").is_null());
  BOOST_CHECK(eval("1 - null").is_null());
  BOOST_CHECK(eval("null * 2").is_null());
  BOOST_CHECK(eval("null / 0").is_null());
  BOOST_CHECK(eval("'a' + null").is_null());
  BOOST_CHECK(eval("-contact.missing").is_null());
  BOOST_CHECK(!yes("contact.missing + 1 > 0"));
}

BOOST_AUTO_TEST_CASE(arithmetic_on_numbers) {
  BOOST_CHECK_EQUAL(eval("contact.age + 1").num, 42);
  BOOST_CHECK_EQUAL(eval("contact.score * 2").num, 5);
  BOOST_CHECK_EQUAL(eval("7 / 2").num, 3.5);
  BOOST_CHECK_EQUAL(eval("1 - 3").num, -2);
  BOOST_CHECK_EQUAL(eval("-contact.age").num, -41);
}

BOOST_AUTO_TEST_CASE(plus_joins_strings) {
  BOOST_CHECK_EQUAL(eval("contact.first_name + ' ' + contact.id").str, "Alice alice");
  BOOST_CHECK_EQUAL(mismatch("'a' + 1"), "cannot use '+' on string and number");
}

BOOST_AUTO_TEST_CASE(instant_and_duration_arithmetic) {
  World w;
  Value d = eval("event.at - trigger.at", w);
  BOOST_CHECK(d.kind == Value::Kind::duration);
  BOOST_CHECK_EQUAL(d.seconds, 28 * time::kHour);
  Value later = eval("now + 1d", w);
  BOOST_CHECK(later.kind == Value::Kind::instant);
  BOOST_CHECK_EQUAL(later.seconds, w.now + time::kDay);
  BOOST_CHECK_EQUAL(eval("1d + now", w).seconds, w.now + time::kDay);
  BOOST_CHECK_EQUAL(eval("now - 2h", w).seconds, w.now - 2 * time::kHour);
  BOOST_CHECK(eval("1d - 1h").kind == Value::Kind::duration);
  BOOST_CHECK_EQUAL(eval("1d - 1h").seconds, 23 * time::kHour);
  BOOST_CHECK_EQUAL(eval("1d + 30m").seconds, time::kDay + 1800);
  BOOST_CHECK_EQUAL(eval("-2h").seconds, -7200);
  BOOST_CHECK(yes("now - trigger.at > 1d", w));
  BOOST_CHECK_EQUAL(mismatch("1d - now"), "cannot use '-' on duration and instant");
  BOOST_CHECK_EQUAL(mismatch("now + now"), "cannot use '+' on instant and instant");
  BOOST_CHECK_EQUAL(mismatch("now + 1"), "cannot use '+' on instant and number");
}

BOOST_AUTO_TEST_CASE(times_and_divide_take_numbers_only) {
  BOOST_CHECK_EQUAL(mismatch("2h * 2"), "cannot use '*' on duration and number");
  BOOST_CHECK_EQUAL(mismatch("'ab' * 2"), "cannot use '*' on string and number");
  BOOST_CHECK_EQUAL(mismatch("1d / 2"), "cannot use '/' on duration and number");
  BOOST_CHECK_EQUAL(mismatch("true * 1"), "cannot use '*' on boolean and number");
}

BOOST_AUTO_TEST_CASE(division_by_zero_is_a_mismatch) {
  BOOST_CHECK_EQUAL(mismatch("1 / 0"), "division by zero");
  BOOST_CHECK_EQUAL(mismatch("contact.age / (contact.age - 41) > 1"), "division by zero");
}

BOOST_AUTO_TEST_CASE(overflow_is_a_mismatch_not_undefined_behaviour) {
  BOOST_CHECK_EQUAL(mismatch("1e300 * 1e300"), "number out of range");
  BOOST_CHECK_EQUAL(mismatch("now + 10000000000000w + 10000000000000w"), "time out of range");
}

BOOST_AUTO_TEST_CASE(unary_minus_takes_numbers_and_durations) {
  BOOST_CHECK_EQUAL(mismatch("-'a'"), "cannot use unary '-' on string");
  BOOST_CHECK_EQUAL(mismatch("-now"), "cannot use unary '-' on instant");
  BOOST_CHECK_EQUAL(eval("-(1d - 2d)").seconds, time::kDay);
}

BOOST_AUTO_TEST_CASE(in_is_list_membership_by_equality) {
  BOOST_CHECK(yes("contact.country in ['FR', 'BE']"));
  BOOST_CHECK(!yes("contact.country in ['DE']"));
  BOOST_CHECK(yes("1 in [1.0]"));
  BOOST_CHECK(!yes("'1' in [1]"));
  BOOST_CHECK(yes("null in [1, null]"));
  BOOST_CHECK(!yes("contact.missing in ['a']"));
  BOOST_CHECK(yes("'b' in contact.tags"));
  BOOST_CHECK(yes("1 in contact.tags"));
  BOOST_CHECK(yes("[1] in [[1], [2]]"));
  BOOST_CHECK(yes("contact.id in [contact.first_name, lower(contact.first_name)]"));
  BOOST_CHECK(!yes("'x' in []"));
}

BOOST_AUTO_TEST_CASE(in_is_substring_for_strings) {
  BOOST_CHECK(yes("'example.com' in contact.email"));
  BOOST_CHECK(yes("'' in 'abc'"));
  BOOST_CHECK(!yes("'xyz' in contact.email"));
  BOOST_CHECK(!yes("null in 'abc'"));
  BOOST_CHECK_EQUAL(mismatch("1 in 'abc'"), "cannot look for a number in a string using 'in'");
}

BOOST_AUTO_TEST_CASE(null_container_gives_false) {
  BOOST_CHECK(!yes("'a' in contact.missing"));
  BOOST_CHECK(!yes("contact.missing contains 'a'"));
  BOOST_CHECK(!yes("'a' in null"));
}

BOOST_AUTO_TEST_CASE(contains_is_in_reversed) {
  BOOST_CHECK(yes("['FR', 'BE'] contains contact.country"));
  BOOST_CHECK(yes("contact.email contains '@'"));
  BOOST_CHECK(!yes("contact.tags contains 'z'"));
  BOOST_CHECK_EQUAL(mismatch("5 contains 'a'"),
                    "'contains' needs a list or a string on its left, got number");
  BOOST_CHECK_EQUAL(mismatch("'a' in 5"), "'in' needs a list or a string on its right, got number");
  BOOST_CHECK_EQUAL(mismatch("'city' in contact.address"),
                    "'in' needs a list or a string on its right, got object");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_logic)

BOOST_AUTO_TEST_CASE(and_or_short_circuit) {
  BOOST_CHECK(!yes("false and 1 < 'a'"));
  BOOST_CHECK(yes("true or 1 < 'a'"));
  BOOST_CHECK(!yes("contact.missing and 1 / 0 == 1"));
  BOOST_CHECK(yes("contact.vip or 1 / 0 == 1"));
  BOOST_CHECK_EQUAL(mismatch("true and 1 < 'a'"), "cannot compare number with string using '<'");
  BOOST_CHECK_EQUAL(mismatch("false or 1 / 0 == 1"), "division by zero");
}

BOOST_AUTO_TEST_CASE(and_or_treat_null_as_false) {
  BOOST_CHECK(!yes("null and true"));
  BOOST_CHECK(!yes("true and null"));
  BOOST_CHECK(yes("null or true"));
  BOOST_CHECK(!yes("false or null"));
  BOOST_CHECK(!yes("contact.missing or contact.missing2"));
  BOOST_CHECK(eval("true and true and true").b);
}

BOOST_AUTO_TEST_CASE(not_null_is_true) {
  BOOST_CHECK(yes("not null"));
  BOOST_CHECK(yes("not contact.vip_missing"));
  BOOST_CHECK(!yes("not contact.vip"));
  BOOST_CHECK(!yes("not true"));
}

BOOST_AUTO_TEST_CASE(non_boolean_logic_operands_are_mismatches) {
  BOOST_CHECK_EQUAL(mismatch("not 1"), "'not' expects a boolean, got number");
  BOOST_CHECK_EQUAL(mismatch("contact.first_name and true"), "'and' expects booleans, got string");
  BOOST_CHECK_EQUAL(mismatch("true and contact.age"), "'and' expects booleans, got number");
  BOOST_CHECK_EQUAL(mismatch("false or contact.tags"), "'or' expects booleans, got list");
  BOOST_CHECK_EQUAL(mismatch("contact.address or true"), "'or' expects booleans, got object");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_functions)

BOOST_AUTO_TEST_CASE(count_counts_events_of_a_type_up_to_now) {
  World w;
  w.add("2026-02-01T00:00:00Z", "Order Completed");
  w.add("2026-03-01T00:00:00Z", "Order Completed");
  w.add("2026-03-05T00:00:00Z", "Page Viewed");
  w.add("2026-03-10T12:00:00Z", "Order Completed");  // exactly now: included
  w.add("2026-03-10T12:00:01Z", "Order Completed");  // after now: not seen
  BOOST_CHECK_EQUAL(eval("count('Order Completed')", w).num, 3);
  BOOST_CHECK_EQUAL(eval("count(\"Page Viewed\")", w).num, 1);
  BOOST_CHECK_EQUAL(eval("count('Nothing')", w).num, 0);
  BOOST_CHECK_EQUAL(eval("count('order completed')", w).num, 0);
}

BOOST_AUTO_TEST_CASE(count_window_is_half_open_at_the_exact_boundary) {
  World w;                                           // now = 2026-03-10T12:00:00Z
  w.add("2026-03-08T12:00:00Z", "Order Completed");  // exactly 2d ago: outside
  BOOST_CHECK_EQUAL(eval("count('Order Completed', 2d)", w).num, 0);
  BOOST_CHECK(yes("count('Order Completed', 2d) == 0", w));
  w.add("2026-03-08T12:00:01Z", "Order Completed");  // 2d - 1s ago: inside
  BOOST_CHECK_EQUAL(eval("count('Order Completed', 2d)", w).num, 1);
  BOOST_CHECK_EQUAL(eval("count('Order Completed', 2d + 1s)", w).num, 2);
  BOOST_CHECK_EQUAL(eval("count('Order Completed', 0s)", w).num, 0);
}

BOOST_AUTO_TEST_CASE(count_sees_the_current_event_in_its_window) {
  World w;
  w.add("2026-03-10T12:00:00Z", "Checkout Started");
  BOOST_CHECK_EQUAL(eval("count(event.type, 1s)", w).num, 1);
}

BOOST_AUTO_TEST_CASE(sum_adds_a_dotted_property_and_ignores_non_numbers) {
  World w;
  w.add("2026-03-01T00:00:00Z", "Order Completed", R"({"total": 10, "items": {"price": 1.5}})");
  w.add("2026-03-02T00:00:00Z", "Order Completed", R"({"total": 2.5, "items": {"price": 2}})");
  w.add("2026-03-03T00:00:00Z", "Order Completed", R"({"total": "5", "items": 7})");
  w.add("2026-03-04T00:00:00Z", "Order Completed", R"({"total": true})");
  w.add("2026-03-05T00:00:00Z", "Order Completed", R"({"total": null})");
  w.add("2026-03-06T00:00:00Z", "Refund", R"({"total": 100})");
  BOOST_CHECK_EQUAL(eval("sum('Order Completed', 'total')", w).num, 12.5);
  BOOST_CHECK_EQUAL(eval("sum('Order Completed', 'items.price')", w).num, 3.5);
  BOOST_CHECK_EQUAL(eval("sum('Order Completed', 'nothing')", w).num, 0);
  BOOST_CHECK_EQUAL(eval("sum('None', 'total')", w).num, 0);
}

BOOST_AUTO_TEST_CASE(sum_window_is_half_open_at_the_exact_boundary) {
  World w;  // now = 2026-03-10T12:00:00Z
  w.add("2026-03-03T12:00:00Z", "Order Completed", R"({"total": 100})");  // exactly 7d ago
  w.add("2026-03-03T12:00:01Z", "Order Completed", R"({"total": 10})");
  w.add("2026-03-10T12:00:00Z", "Order Completed", R"({"total": 1})");  // now
  BOOST_CHECK_EQUAL(eval("sum('Order Completed', 'total', 7d)", w).num, 11);
  BOOST_CHECK_EQUAL(eval("sum('Order Completed', 'total')", w).num, 111);
}

BOOST_AUTO_TEST_CASE(last_and_first_give_instants_or_null) {
  World w;
  w.add("2026-02-01T00:00:00Z", "Order Completed");
  w.add("2026-03-01T00:00:00Z", "Order Completed");
  w.add("2026-03-11T00:00:00Z", "Order Completed");  // in the future: not seen
  Value last = eval("last('Order Completed')", w);
  BOOST_CHECK(last.kind == Value::Kind::instant);
  BOOST_CHECK_EQUAL(last.seconds, at("2026-03-01T00:00:00Z"));
  BOOST_CHECK_EQUAL(eval("first('Order Completed')", w).seconds, at("2026-02-01T00:00:00Z"));
  BOOST_CHECK(eval("last('Refund')", w).is_null());
  BOOST_CHECK(eval("first('Refund')", w).is_null());
  BOOST_CHECK(yes("since(last('Order Completed')) > 7d", w));
  BOOST_CHECK(!yes("since(last('Refund')) > 7d", w));
}

BOOST_AUTO_TEST_CASE(history_functions_take_the_type_as_a_string) {
  World w;
  BOOST_CHECK_EQUAL(mismatch("count(5) == 0", w),
                    "count() expects the event type as a string, got number");
  BOOST_CHECK_EQUAL(mismatch("count(contact.missing) == 0", w),
                    "count() expects the event type as a string, got null");
  BOOST_CHECK_EQUAL(mismatch("count('a', 5) == 0", w),
                    "count() expects a duration as its window, got number");
  BOOST_CHECK_EQUAL(mismatch("sum(1, 'x') == 0", w),
                    "sum() expects the event type as a string, got number");
  BOOST_CHECK_EQUAL(mismatch("sum('a', 'x', 'y') == 0", w),
                    "sum() expects a duration as its window, got string");
  BOOST_CHECK_EQUAL(mismatch("last(true) == null", w),
                    "last() expects the event type as a string, got boolean");
  BOOST_CHECK_EQUAL(mismatch("first([]) == null", w),
                    "first() expects the event type as a string, got list");
}

BOOST_AUTO_TEST_CASE(since_is_now_minus_an_instant) {
  World w;
  Value d = eval("since(trigger.at)", w);
  BOOST_CHECK(d.kind == Value::Kind::duration);
  BOOST_CHECK_EQUAL(d.seconds, 28 * time::kHour);
  BOOST_CHECK(eval("since(null)", w).is_null());
  BOOST_CHECK(eval("since(contact.missing)", w).is_null());
  BOOST_CHECK_EQUAL(mismatch("since(1d)", w), "since() expects an instant, got duration");
}

BOOST_AUTO_TEST_CASE(exists_is_not_null) {
  BOOST_CHECK(yes("exists(contact.first_name)"));
  BOOST_CHECK(yes("exists(contact.vip)"));
  BOOST_CHECK(!yes("exists(contact.missing)"));
  BOOST_CHECK(!yes("exists(contact.nothing)"));
  BOOST_CHECK(yes("exists(contact.address.geo)"));
  BOOST_CHECK(!yes("exists(contact.phone)"));
  BOOST_CHECK(yes("exists(0) and exists('') and exists(false)"));
}

BOOST_AUTO_TEST_CASE(time_reads_rfc3339) {
  Value t = eval("time('2026-03-02T14:00:00+01:00')");
  BOOST_CHECK(t.kind == Value::Kind::instant);
  BOOST_CHECK_EQUAL(t.seconds, at("2026-03-02T13:00:00Z"));
  BOOST_CHECK(eval("time(contact.missing)").is_null());
  BOOST_CHECK_EQUAL(mismatch("time(contact.first_name) > now"),
                    "time() cannot read \"Alice\" as an RFC 3339 instant");
  BOOST_CHECK_EQUAL(mismatch("time(5)"), "time() expects a string, got number");
}

BOOST_AUTO_TEST_CASE(lower_changes_ascii_letters_only) {
  BOOST_CHECK_EQUAL(eval("lower('HeLLo World 1')").str, "hello world 1");
  BOOST_CHECK_EQUAL(eval("lower('ÀÉ Zoë')").str, "ÀÉ zoë");
  BOOST_CHECK(eval("lower(contact.missing)").is_null());
  BOOST_CHECK_EQUAL(mismatch("lower(1)"), "lower() expects a string, got number");
}

BOOST_AUTO_TEST_CASE(len_counts_code_points_and_list_items) {
  BOOST_CHECK_EQUAL(eval("len('héllo')").num, 5);
  BOOST_CHECK_EQUAL(eval("len(contact.name)").num, 3);
  BOOST_CHECK_EQUAL(eval("len('日本')").num, 2);
  BOOST_CHECK_EQUAL(eval("len('')").num, 0);
  BOOST_CHECK_EQUAL(eval("len(contact.tags)").num, 3);
  BOOST_CHECK_EQUAL(eval("len([1, [2, 3]])").num, 2);
  BOOST_CHECK(eval("len(contact.missing)").is_null());
  BOOST_CHECK_EQUAL(mismatch("len(contact.address)"),
                    "len() expects a string or a list, got object");
  BOOST_CHECK_EQUAL(mismatch("len(5)"), "len() expects a string or a list, got number");
}

BOOST_AUTO_TEST_CASE(spec_example_expression) {
  World w;
  const std::string text =
      "event.cart_value > 20 and contact.country in [\"FR\", \"BE\"] and "
      "count(\"Order Completed\", 90d) == 0";
  BOOST_CHECK(yes(text, w));
  w.add("2026-01-01T00:00:00Z", "Order Completed");
  BOOST_CHECK(!yes(text, w));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_holds)

bool holds_with(const std::string& text, std::string* warning, const World& w = World()) {
  flowcast::expr::CompileResult c = compile(text);
  BOOST_REQUIRE(c.program != nullptr);
  std::vector<flowcast::expr::HistoryEntry> h = w.history();
  EvalContext ctx;
  ctx.contact = &w.contact;
  ctx.event = &w.event;
  ctx.trigger = &w.trigger;
  ctx.now = w.now;
  ctx.history = h;
  return holds(*c.program, ctx, warning);
}

BOOST_AUTO_TEST_CASE(only_boolean_true_holds) {
  std::string warning = "stale";
  BOOST_CHECK(holds_with("contact.vip", &warning));
  BOOST_CHECK(warning.empty());
  BOOST_CHECK(!holds_with("false", &warning));
  BOOST_CHECK(warning.empty());
}

BOOST_AUTO_TEST_CASE(null_is_false_without_a_warning) {
  std::string warning;
  BOOST_CHECK(!holds_with("contact.missing", &warning));
  BOOST_CHECK(warning.empty());
  BOOST_CHECK(!holds_with("null", &warning));
  BOOST_CHECK(warning.empty());
}

BOOST_AUTO_TEST_CASE(other_non_booleans_are_false_with_a_warning) {
  std::string warning;
  BOOST_CHECK(!holds_with("contact.age", &warning));
  BOOST_CHECK_EQUAL(warning, "expected a boolean, got number");
  BOOST_CHECK(!holds_with("contact.first_name", &warning));
  BOOST_CHECK_EQUAL(warning, "expected a boolean, got string");
  BOOST_CHECK(!holds_with("contact.address", &warning));
  BOOST_CHECK_EQUAL(warning, "expected a boolean, got object");
  BOOST_CHECK(!holds_with("1d", &warning));
  BOOST_CHECK_EQUAL(warning, "expected a boolean, got duration");
}

BOOST_AUTO_TEST_CASE(a_mismatch_is_false_with_its_message) {
  std::string warning;
  BOOST_CHECK(!holds_with("contact.first_name < 5", &warning));
  BOOST_CHECK_EQUAL(warning, "cannot compare string with number using '<'");
  BOOST_CHECK(!holds_with("not (contact.first_name < 5)", &warning));
  BOOST_CHECK_EQUAL(warning, "cannot compare string with number using '<'");
  BOOST_CHECK(!holds_with("contact.age / 0 > 1", nullptr));  // no warning wanted: no crash
}

BOOST_AUTO_TEST_CASE(evaluate_reports_a_mismatch_with_a_null_value) {
  flowcast::expr::CompileResult c = compile("event.order_id + 1");
  BOOST_REQUIRE(c.program != nullptr);
  World w;
  EvalContext ctx;
  ctx.contact = &w.contact;
  ctx.event = &w.event;
  EvalResult r = evaluate(*c.program, ctx);
  BOOST_CHECK(r.value.is_null());
  BOOST_REQUIRE(r.mismatch.has_value());
  BOOST_CHECK_EQUAL(*r.mismatch, "cannot use '+' on string and number");
}

BOOST_AUTO_TEST_CASE(a_program_is_reusable_across_contexts) {
  flowcast::expr::CompileResult c = compile("contact.age >= 18");
  BOOST_REQUIRE(c.program != nullptr);
  World adult;
  World child;
  child.contact.properties["age"] = 12;
  EvalContext a;
  a.contact = &adult.contact;
  EvalContext b;
  b.contact = &child.contact;
  for (int i = 0; i < 3; ++i) {
    BOOST_CHECK(holds(*c.program, a, nullptr));
    BOOST_CHECK(!holds(*c.program, b, nullptr));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_value)

BOOST_AUTO_TEST_CASE(to_json_of_each_kind) {
  BOOST_CHECK_EQUAL(Value::null().to_json().dump(), "null");
  BOOST_CHECK_EQUAL(Value::boolean(true).to_json().dump(), "true");
  BOOST_CHECK_EQUAL(Value::number(3).to_json().dump(), "3");
  BOOST_CHECK_EQUAL(Value::number(-0.0).to_json().dump(), "0");
  BOOST_CHECK_EQUAL(Value::number(2.5).to_json().dump(), "2.5");
  BOOST_CHECK_EQUAL(Value::number(9007199254740992.0).to_json().dump(), "9007199254740992");
  BOOST_CHECK(Value::number(9007199254740992.0 * 4).to_json().is_number_float());
  BOOST_CHECK_EQUAL(Value::string("a\"b").to_json().dump(), "\"a\\\"b\"");
  BOOST_CHECK_EQUAL(Value::instant(at("2026-03-02T15:00:00+01:00")).to_json().dump(),
                    "\"2026-03-02T14:00:00Z\"");
  BOOST_CHECK_EQUAL(Value::duration(90).to_json().dump(), "90");
  BOOST_CHECK_EQUAL(eval("[1, 'a', 1h, null]").to_json().dump(), "[1,\"a\",3600,null]");
  BOOST_CHECK_EQUAL(eval("contact.address.geo").to_json().dump(), "{\"zip\":\"75001\"}");
  BOOST_CHECK_EQUAL(eval("contact.tags").to_json().dump(), "[\"a\",\"b\",1]");
}

BOOST_AUTO_TEST_CASE(from_json_keeps_objects_and_converts_arrays) {
  Value v = Value::from_json(Json::parse(R"({"a": [1, "x", {"b": null}]})"));
  BOOST_CHECK(v.kind == Value::Kind::object);
  Value l = Value::from_json(Json::parse(R"([1, "x", {"b": null}, [true]])"));
  BOOST_REQUIRE(l.kind == Value::Kind::list);
  BOOST_CHECK(l.list[0].kind == Value::Kind::number);
  BOOST_CHECK(l.list[2].kind == Value::Kind::object);
  BOOST_CHECK(l.list[3].kind == Value::Kind::list);
  BOOST_CHECK(Value::from_json(Json::parse("\"2026-03-02T14:00:00Z\"")).kind ==
              Value::Kind::string);
  BOOST_CHECK(Value::from_json(Json(7u)).num == 7);
}

BOOST_AUTO_TEST_CASE(value_equality_has_no_conversion) {
  BOOST_CHECK(Value::number(1) == Value::number(1.0));
  BOOST_CHECK(!(Value::number(1) == Value::string("1")));
  BOOST_CHECK(!(Value::boolean(true) == Value::number(1)));
  BOOST_CHECK(!(Value::instant(5) == Value::duration(5)));
  BOOST_CHECK(Value::from_json(Json::parse("[1, {\"a\": 2}]")) ==
              Value::from_json(Json::parse("[1.0, {\"a\": 2.0}]")));
  BOOST_CHECK_EQUAL(std::string(flowcast::expr::kind_name(Value::Kind::duration)), "duration");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(expr_model_contact)

BOOST_AUTO_TEST_CASE(channel_names_round_trip) {
  for (Channel c : {Channel::email, Channel::sms, Channel::push}) {
    BOOST_CHECK(flowcast::parse_channel(flowcast::channel_name(c)) == c);
  }
  BOOST_CHECK(!flowcast::parse_channel("Email").has_value());
  BOOST_CHECK(!flowcast::parse_channel("").has_value());
}

BOOST_AUTO_TEST_CASE(subscriptions_default_to_true) {
  Contact c;
  BOOST_CHECK(c.subscribed(Channel::email));
  c.subscriptions["email"] = false;
  c.subscriptions["sms"] = true;
  BOOST_CHECK(!c.subscribed(Channel::email));
  BOOST_CHECK(c.subscribed(Channel::sms));
  BOOST_CHECK(c.subscribed(Channel::push));
}

BOOST_AUTO_TEST_CASE(addresses_must_be_non_empty_and_push_always_has_one) {
  Contact c;
  BOOST_CHECK(!c.has_address(Channel::email));
  BOOST_CHECK(!c.has_address(Channel::sms));
  BOOST_CHECK(c.has_address(Channel::push));
  c.email = "";
  c.phone = "";
  BOOST_CHECK(!c.has_address(Channel::email));
  BOOST_CHECK(!c.has_address(Channel::sms));
  c.email = "a@b.c";
  c.phone = "+33600000000";
  BOOST_CHECK(c.has_address(Channel::email));
  BOOST_CHECK(c.has_address(Channel::sms));
}

BOOST_AUTO_TEST_SUITE_END()
