// Mustache templates (spec exact rule 12), including a differential check against kainjow/mustache
// on templates and data where the two are meant to agree.
#include "core/mustache/mustache.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <boost/test/unit_test.hpp>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#include <kainjow/mustache.hpp>
#pragma GCC diagnostic pop

namespace {

using nlohmann::json;
namespace mu = flowcast::mustache;

std::string render(std::string_view text, const json& context = json::object()) {
  const mu::CompileResult r = mu::compile(text);
  BOOST_REQUIRE_MESSAGE(r.errors.empty() && r.tmpl != nullptr,
                        "unexpected compile error in: " << text << ": "
                                                         << (r.errors.empty() ? "" : r.errors[0].message));
  return mu::render(*r.tmpl, context);
}

std::vector<mu::Diagnostic> errors(std::string_view text) {
  const mu::CompileResult r = mu::compile(text);
  BOOST_REQUIRE_MESSAGE(!r.errors.empty(), "expected a compile error in: " << text);
  BOOST_REQUIRE(r.tmpl == nullptr);
  return r.errors;
}

// One error expected; checks where it is and that the message mentions `word`.
void expect_error(std::string_view text, int line, int column, std::string_view word) {
  const auto errs = errors(text);
  BOOST_TEST_CONTEXT(text) {
    BOOST_TEST(errs.size() == 1u);
    BOOST_TEST(errs[0].line == line);
    BOOST_TEST(errs[0].column == column);
    BOOST_TEST(errs[0].message.find(word) != std::string::npos, errs[0].message);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mustache_variables)

BOOST_AUTO_TEST_CASE(plain_text_passes_through) {
  BOOST_TEST(render("") == "");
  BOOST_TEST(render("hello { world } {x}\n") == "hello { world } {x}\n");
  BOOST_TEST(render("a\r\nb\rc\n") == "a\r\nb\rc\n");
}

BOOST_AUTO_TEST_CASE(variable_is_substituted_with_surrounding_spaces_trimmed) {
  const json ctx = {{"name", "Alice"}};
  BOOST_TEST(render("Hi {{name}}!", ctx) == "Hi Alice!");
  BOOST_TEST(render("Hi {{ name }}!", ctx) == "Hi Alice!");
  BOOST_TEST(render("Hi {{{ name }}}!", ctx) == "Hi Alice!");
  BOOST_TEST(render("Hi {{& name }}!", ctx) == "Hi Alice!");
}

BOOST_AUTO_TEST_CASE(escaped_variable_escapes_the_five_html_characters) {
  const json ctx = {{"x", "a & b < c > d \"e\" 'f' é"}};
  BOOST_TEST(render("{{x}}", ctx) == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; é");
  BOOST_TEST(render("{{{x}}}", ctx) == "a & b < c > d \"e\" 'f' é");
  BOOST_TEST(render("{{&x}}", ctx) == "a & b < c > d \"e\" 'f' é");
  // Template text itself is never escaped.
  BOOST_TEST(render("<b>'&'</b>", ctx) == "<b>'&'</b>");
}

BOOST_AUTO_TEST_CASE(missing_and_null_render_nothing) {
  BOOST_TEST(render("[{{nope}}][{{{nope}}}][{{n}}]", {{"n", nullptr}}) == "[][][]");
}

BOOST_AUTO_TEST_CASE(numbers_render_as_json) {
  const json ctx = json::parse(R"({"price": 59.9, "qty": 3, "zero": 0, "neg": -7, "half": 2.5,
                                   "big": 18446744073709551615})");
  BOOST_TEST(render("{{price}} {{qty}} {{zero}} {{neg}} {{half}} {{{price}}}", ctx) ==
             "59.9 3 0 -7 2.5 59.9");
  BOOST_TEST(render("{{big}}", ctx) == "18446744073709551615");
}

BOOST_AUTO_TEST_CASE(booleans_render_as_json) {
  BOOST_TEST(render("{{t}} {{f}}", {{"t", true}, {"f", false}}) == "true false");
}

BOOST_AUTO_TEST_CASE(lists_and_objects_render_as_compact_json) {
  const json ctx = json::parse(R"({"l": [1, "a", null, [], {}], "o": {"b": 1, "a": "<x>"}})");
  BOOST_TEST(render("{{{l}}}", ctx) == R"([1,"a",null,[],{}])");
  BOOST_TEST(render("{{l}}", ctx) == "[1,&quot;a&quot;,null,[],{}]");
  BOOST_TEST(render("{{{o}}}", ctx) == R"({"a":"<x>","b":1})");
  BOOST_TEST(render("{{o}}", ctx) == "{&quot;a&quot;:&quot;&lt;x&gt;&quot;,&quot;b&quot;:1}");
}

BOOST_AUTO_TEST_CASE(comments_render_nothing) {
  BOOST_TEST(render("a{{! a comment }}b{{!\nmulti\nline}}c") == "abc");
}

BOOST_AUTO_TEST_CASE(dotted_names_walk_into_objects) {
  const json ctx = json::parse(R"({"contact": {"first_name": "Ann", "address": {"city": "Oslo"}},
                                   "s": "str"})");
  BOOST_TEST(render("{{contact.first_name}} / {{contact.address.city}}", ctx) == "Ann / Oslo");
  BOOST_TEST(render("[{{contact.nope}}][{{contact.address.city.x}}][{{s.length}}]", ctx) ==
             "[][][]");
  BOOST_TEST(render("{{{contact.address}}}", ctx) == R"({"city":"Oslo"})");
}

BOOST_AUTO_TEST_CASE(implicit_iterator_at_root_is_the_whole_context) {
  BOOST_TEST(render("{{{.}}}", {{"a", 1}}) == R"({"a":1})");
}

BOOST_AUTO_TEST_CASE(non_object_root_context_is_allowed) {
  BOOST_TEST(render("[{{x}}]{{.}}", json::array({1, 2})) == "[][1,2]");
  BOOST_TEST(render("[{{x}}]{{.}}", json(nullptr)) == "[]");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_never_throws) {
  const json ctx = {{"s", std::string("a\xff")}, {"l", json::array({std::string("b\xfe")})}};
  std::string out;
  BOOST_CHECK_NO_THROW(out = render("{{s}}|{{{l}}}", ctx));
  BOOST_TEST(out == "a\xff|[\"b\xEF\xBF\xBD\"]");  // strings raw; JSON text gets U+FFFD
}

BOOST_AUTO_TEST_CASE(one_template_renders_many_contexts) {
  const auto r = mu::compile("Hi {{name}}{{#vip}} (VIP){{/vip}}");
  BOOST_REQUIRE(r.tmpl);
  BOOST_TEST(mu::render(*r.tmpl, {{"name", "A"}, {"vip", true}}) == "Hi A (VIP)");
  BOOST_TEST(mu::render(*r.tmpl, {{"name", "B"}}) == "Hi B");
  BOOST_TEST(mu::render(*r.tmpl, {{"name", "A"}, {"vip", true}}) == "Hi A (VIP)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mustache_sections)

BOOST_AUTO_TEST_CASE(falsy_values_skip_sections_and_open_inverted_ones) {
  const json ctx = json::parse(R"({"null": null, "false": false, "empty": []})");
  for (const char* name : {"missing", "null", "false", "empty"}) {
    BOOST_TEST_CONTEXT(name) {
      const std::string n = name;
      BOOST_TEST(render("[{{#" + n + "}}yes{{/" + n + "}}]", ctx) == "[]");
      BOOST_TEST(render("[{{^" + n + "}}no{{/" + n + "}}]", ctx) == "[no]");
    }
  }
}

BOOST_AUTO_TEST_CASE(zero_empty_string_and_empty_object_are_truthy) {
  const json ctx = json::parse(R"({"zero": 0, "blank": "", "obj": {}, "t": true, "s": "x"})");
  for (const char* name : {"zero", "blank", "obj", "t", "s"}) {
    BOOST_TEST_CONTEXT(name) {
      const std::string n = name;
      BOOST_TEST(render("[{{#" + n + "}}yes{{/" + n + "}}]", ctx) == "[yes]");
      BOOST_TEST(render("[{{^" + n + "}}no{{/" + n + "}}]", ctx) == "[]");
    }
  }
}

BOOST_AUTO_TEST_CASE(non_empty_list_iterates_with_each_element_as_context) {
  const json ctx = json::parse(R"({"words": ["a", "<b>"], "nums": [1, 2.5],
                                   "items": [{"n": "x"}, {"n": "y"}], "nested": [[1, 2], [3]]})");
  BOOST_TEST(render("{{#words}}({{.}}){{/words}}", ctx) == "(a)(&lt;b&gt;)");
  BOOST_TEST(render("{{#words}}({{{.}}}){{/words}}", ctx) == "(a)(<b>)");
  BOOST_TEST(render("{{#nums}}{{.}};{{/nums}}", ctx) == "1;2.5;");
  BOOST_TEST(render("{{#items}}{{n}},{{/items}}", ctx) == "x,y,");
  BOOST_TEST(render("{{#nested}}[{{#.}}{{.}}{{/.}}]{{/nested}}", ctx) == "[12][3]");
  BOOST_TEST(render("{{#nested}}{{{.}}}{{/nested}}", ctx) == "[1,2][3]");
}

BOOST_AUTO_TEST_CASE(object_section_pushes_the_object) {
  const json ctx = json::parse(R"({"contact": {"name": "Ann", "tier": "gold"}, "name": "root"})");
  BOOST_TEST(render("{{#contact}}{{name}}/{{tier}}{{/contact}} {{name}}", ctx) == "Ann/gold root");
}

BOOST_AUTO_TEST_CASE(scalar_section_renders_once_with_the_value_as_context) {
  const json ctx = json::parse(R"({"s": "hi", "zero": 0, "t": true, "name": "root"})");
  BOOST_TEST(render("{{#s}}{{.}}-{{name}}{{/s}}", ctx) == "hi-root");
  BOOST_TEST(render("{{#zero}}{{.}}{{/zero}}", ctx) == "0");
  BOOST_TEST(render("{{#t}}{{.}}{{/t}}", ctx) == "true");
}

BOOST_AUTO_TEST_CASE(names_fall_back_through_the_context_stack) {
  const json ctx = json::parse(R"({"greeting": "hi", "name": "outer",
                                   "items": [{"name": "a"}, {"other": 1}]})");
  // Inner names shadow outer ones; missing ones are found further out.
  BOOST_TEST(render("{{#items}}{{greeting}} {{name}};{{/items}}", ctx) == "hi a;hi outer;");
}

BOOST_AUTO_TEST_CASE(dotted_names_are_tried_whole_from_each_context) {
  // As kainjow: if `a.b` fails from the inner context (its `a` has no `b`), the outer `a.b` is used.
  const json ctx = json::parse(R"({"a": {"b": "outer"}, "inner": {"a": {"c": 1}}})");
  BOOST_TEST(render("{{#inner}}{{a.b}}{{/inner}}", ctx) == "outer");
  BOOST_TEST(render("{{#inner}}{{#a}}{{c}}{{/a}}{{/inner}}", ctx) == "1");
  BOOST_TEST(render("{{#a.b}}{{.}}{{/a.b}}", ctx) == "outer");
}

BOOST_AUTO_TEST_CASE(inverted_section_sees_the_enclosing_names) {
  const json ctx = json::parse(R"({"name": "Ann", "orders": []})");
  BOOST_TEST(render("{{^orders}}{{name}} has none{{/orders}}", ctx) == "Ann has none");
}

BOOST_AUTO_TEST_CASE(standalone_section_lines_are_removed) {
  const json ctx = json::parse(R"({"items": ["a", "b"], "t": true})");
  BOOST_TEST(render("List:\n{{#items}}\n- {{.}}\n{{/items}}\nEnd\n", ctx) == "List:\n- a\n- b\nEnd\n");
  BOOST_TEST(render("x\n  {{#t}}  \ny\n  {{/t}}\t\nz", ctx) == "x\ny\nz");
  BOOST_TEST(render("x\r\n{{#t}}\r\ny\r\n{{/t}}\r\n", ctx) == "x\r\ny\r\n");
  BOOST_TEST(render("a\n {{#t}}{{/t}} ", ctx) == "a\n");  // last line without a newline
  BOOST_TEST(render("{{#t}}in{{/t}}\n", ctx) == "in\n");     // not standalone: content on the line
}

BOOST_AUTO_TEST_CASE(kainjow_standalone_quirks_are_kept) {
  // kainjow only drops a line when a section on it was rendered, and never for comments.
  BOOST_TEST(render("a\n{{#f}}\nb\n{{/f}}\nc\n", {{"f", false}}) == "a\n\nc\n");
  BOOST_TEST(render("a\n{{! note }}\nc") == "a\n\nc");
}

BOOST_AUTO_TEST_CASE(sixty_four_nested_sections_render) {
  std::string text;
  for (int i = 0; i < 64; ++i) text += "{{#a}}";
  text += "x";
  for (int i = 0; i < 64; ++i) text += "{{/a}}";
  BOOST_TEST(render(text, {{"a", true}}) == "x");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mustache_errors)

BOOST_AUTO_TEST_CASE(unclosed_section_points_at_its_opening_tag) {
  expect_error("ab{{#x}}c", 1, 3, "unclosed section");
  expect_error("ab{{^x}}c", 1, 3, "unclosed section");
}

BOOST_AUTO_TEST_CASE(mismatched_section_end_points_at_the_end_tag) {
  expect_error("{{#a}}{{/b}}", 1, 7, "does not match");
  // Crossed tags: each end tag closes the innermost section and is reported.
  const auto errs = errors("{{#a}}{{#b}}{{/a}}{{/b}}");
  BOOST_REQUIRE(errs.size() == 2u);
  BOOST_TEST(errs[0].column == 13);
  BOOST_TEST(errs[1].column == 19);
}

BOOST_AUTO_TEST_CASE(section_end_without_open_section) {
  expect_error("x{{/a}}", 1, 2, "without an open section");
}

BOOST_AUTO_TEST_CASE(unclosed_tag) {
  expect_error("hello {{name", 1, 7, "unclosed tag");
  expect_error("hello {{{name}}", 1, 7, "unclosed tag");
  expect_error("{{", 1, 1, "unclosed tag");
  // The open section is not reported again after an unclosed tag.
  expect_error("{{#a}}{{/a", 1, 7, "unclosed tag");
}

BOOST_AUTO_TEST_CASE(empty_names) {
  for (const char* text : {"a{{}}", "a{{ }}", "a{{{}}}", "a{{&}}", "a{{#}}{{/}}", "a{{^ }}"}) {
    const auto errs = errors(text);
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(errs[0].column == 2);
      BOOST_TEST(errs[0].message.find("empty tag name") != std::string::npos);
    }
  }
  expect_error("{{a..b}}", 1, 1, "empty part");
  expect_error("{{.a}}", 1, 1, "empty part");
  expect_error("{{#a.}}{{/a.}}", 1, 1, "empty part");
}

BOOST_AUTO_TEST_CASE(partials_and_delimiter_changes_are_errors) {
  expect_error("Hi {{> footer}}", 1, 4, "partials");
  expect_error("Hi {{=<% %>=}}<% x %>", 1, 4, "delimiter");
  expect_error("Hi {{=x}}", 1, 4, "delimiter");
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_sixty_four_is_an_error) {
  std::string text;
  for (int i = 0; i < 65; ++i) text += "{{#a}}";
  for (int i = 0; i < 65; ++i) text += "{{/a}}";
  expect_error(text, 1, 64 * 6 + 1, "nested");
}

BOOST_AUTO_TEST_CASE(columns_count_code_points_from_the_start_of_the_text) {
  expect_error("é{{> x}}", 1, 2, "partials");
  // Line is 1-based; column does not restart on a new line (header contract).
  expect_error("ab\ncd {{> x}}", 2, 7, "partials");
}

BOOST_AUTO_TEST_CASE(all_errors_are_reported_in_text_order) {
  const auto errs = errors("{{/x}} {{#open}} {{> p}}\n{{}} {{#b.}}{{/b.}}");
  BOOST_REQUIRE(errs.size() == 5u);
  BOOST_TEST(errs[0].column == 1);
  BOOST_TEST(errs[0].message.find("without an open section") != std::string::npos);
  BOOST_TEST(errs[1].column == 8);  // unclosed "open", found only at the end
  BOOST_TEST(errs[1].message.find("unclosed section \"open\"") != std::string::npos);
  BOOST_TEST(errs[2].column == 18);
  BOOST_TEST(errs[3].column == 26);
  BOOST_TEST(errs[3].line == 2);
  // The badly named {{#b.}} is one error; its end tag still closes it.
  BOOST_TEST(errs[4].column == 31);
  BOOST_TEST(errs[4].message.find("empty part") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// JSON (objects, lists, strings, bools; null members dropped) to kainjow's data.
kainjow::mustache::data to_kainjow(const json& j) {
  using kainjow::mustache::data;
  switch (j.type()) {
    case json::value_t::object: {
      data d{data::type::object};
      for (const auto& [k, v] : j.items()) {
        if (!v.is_null()) d.set(k, to_kainjow(v));
      }
      return d;
    }
    case json::value_t::array: {
      data d{data::type::list};
      for (const auto& v : j) d.push_back(to_kainjow(v));
      return d;
    }
    case json::value_t::string:
      return data{j.get<std::string>()};
    case json::value_t::boolean:
      return data{j.get<bool>()};
    default:
      BOOST_FAIL("value type not shared with kainjow: " << j.dump());
      return data{};
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mustache_kainjow)

BOOST_AUTO_TEST_CASE(renders_like_kainjow_where_semantics_coincide) {
  const std::vector<json> contexts = {
      json::parse(R"({
        "name": "Ann & <Bob>", "quote": "\"it's\"", "yes": true, "no": false, "none": [],
        "words": ["one", "t<w>o", "'3'"],
        "items": [{"name": "a", "tags": ["x", "y"], "flag": true},
                  {"name": "b", "tags": [], "flag": false},
                  {"tags": ["z"]}],
        "person": {"name": "P", "address": {"city": "Oslo"}, "nick": ""},
        "inner": {"a": {"c": "ic"}}, "a": {"b": "ab"},
        "nested": [["1", "2"], ["3"]], "nl": "line\nbreak"
      })"),
      json::parse(R"({"name": "", "yes": false, "no": true, "words": [], "items": [],
                      "person": {}, "none": ["x"]})"),
      json::object(),
  };
  const std::vector<std::string> templates = {
      "",
      "plain text only\n",
      "Hello {{name}}! {{{name}}} {{& name}} {{quote}} {{{quote}}}",
      "{{missing}}|{{person.name}}|{{person.address.city}}|{{person.nope.x}}|{{{person.nick}}}",
      "{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}{{#no}}y{{/no}}{{^no}}n{{/no}}",
      "{{#none}}has{{/none}}{{^none}}empty{{/none}}{{#missing}}m{{/missing}}{{^missing}}!m{{/missing}}",
      "{{#words}}<{{.}}>{{/words}}|{{#words}}{{{.}}},{{/words}}",
      "{{#items}}{{name}}:{{#tags}}{{.}}{{/tags}}{{^tags}}-{{/tags}}{{#flag}}!{{/flag}};{{/items}}",
      "{{#items}}{{name}}/{{person.name}}/{{#person}}{{address.city}}{{/person}};{{/items}}",
      "{{#person}}{{name}} in {{#address}}{{city}} ({{name}}){{/address}}{{/person}}",
      "{{#inner}}{{a.b}}|{{#a}}{{c}}{{/a}}{{/inner}}{{#a.b}}[{{.}}]{{/a.b}}",
      "{{#nested}}({{#.}}{{.}}{{/.}}){{/nested}}",
      "a{{! comment }}b{{!\nmulti\n}}c",
      "{{! standalone comment }}\nnext\n",
      "List:\n{{#words}}\n- {{.}}\n{{/words}}\nEnd\n",
      "List:\r\n{{#items}}\r\n  * {{name}}\r\n{{/items}}\r\nEnd",
      "x\n  {{#yes}}  \n  in\n  {{/yes}}\t\ny\n{{^yes}}\nnot\n{{/yes}}\nz",
      "a\n{{#no}}\nb\n{{/no}}\nc\n",
      "{{#yes}}inline{{/yes}}\n {{#yes}} {{/yes}} \n{{#words}}{{/words}}\nlast",
      "  {{name}}  \n{{#yes}}\n{{nl}}\n{{/yes}}\n",
      "{{#items}}\n{{#tags}}\n{{.}}\n{{/tags}}\n{{/items}}\n",
      "{{ name }}{{{ name }}}{{& name }}{{# yes }}1{{/ yes }}",
      "{ {{name}} } {x} }}",
  };
  for (std::size_t c = 0; c < contexts.size(); ++c) {
    const kainjow::mustache::data kdata = to_kainjow(contexts[c]);
    for (const std::string& text : templates) {
      kainjow::mustache::mustache k{text};
      BOOST_REQUIRE_MESSAGE(k.is_valid(), k.error_message());
      BOOST_TEST_CONTEXT("context " << c << ", template: " << text) {
        BOOST_TEST(render(text, contexts[c]) == k.render(kdata));
      }
    }
  }
}

// Random templates built from pieces whose meaning both renderers share: string variables,
// sections over every kind of value, comments, and the whitespace the standalone rule looks at.
std::string random_template(std::mt19937& rng, int depth) {
  static const std::vector<std::string> pieces = {
      "a", " ", "  ", "\t", "\n", "\r\n", "<&>", "{{name}}", "{{{quote}}}", "{{& quote}}",
      "{{person.name}}", "{{a.b}}", "{{c}}", "{{city}}", "{{nl}}", "{{missing}}", "{{! c }}"};
  static const std::vector<std::string> sections = {"yes",   "no",     "none",  "words", "items",
                                                    "tags",  "person", "address", "inner",
                                                    "a",     "missing", "flag",  "nested"};
  std::string out;
  const int count = static_cast<int>(rng() % 7);
  for (int i = 0; i < count; ++i) {
    if (depth < 3 && rng() % 4 == 0) {
      const std::string& name = sections[rng() % sections.size()];
      const char* sigil = rng() % 3 == 0 ? "^" : "#";
      out += "{{" + std::string(sigil) + name + "}}" + random_template(rng, depth + 1) + "{{/" +
             name + "}}";
    } else {
      out += pieces[rng() % pieces.size()];
    }
  }
  return out;
}

BOOST_AUTO_TEST_CASE(random_templates_render_like_kainjow) {
  const json ctx = json::parse(R"({
    "name": "N&", "quote": "'q'", "yes": true, "no": false, "none": [], "words": ["w1", "w2"],
    "items": [{"name": "i1", "tags": ["t"], "flag": true}, {"tags": [], "flag": false}],
    "person": {"name": "P", "address": {"city": "C"}}, "inner": {"a": {"c": "ic"}},
    "a": {"b": "ab"}, "nested": [["x"], []], "nl": "1\n2"})");
  const kainjow::mustache::data kdata = to_kainjow(ctx);
  std::mt19937 rng(12345);  // fixed seed: the same templates every run
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_template(rng, 0);
    kainjow::mustache::mustache k{text};
    BOOST_REQUIRE_MESSAGE(k.is_valid(), k.error_message());
    const std::string ours = render(text, ctx);
    const std::string theirs = k.render(kdata);
    BOOST_TEST_CONTEXT("template: " << json(text).dump()) { BOOST_TEST(ours == theirs); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_what_kainjow_rejects) {
  for (const char* text : {"{{#a}}", "{{/a}}", "{{#a}}{{#b}}{{/a}}{{/b}}", "{{a", "{{{a}}"}) {
    BOOST_TEST_CONTEXT(text) {
      BOOST_TEST(!kainjow::mustache::mustache{text}.is_valid());
      BOOST_TEST(!mu::compile(text).errors.empty());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
