// The engine's in-place Mustache root must render exactly like the JSON object it stands for.
#include "core/engine/render_root.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace {

using flowcast::Contact;
using flowcast::Event;
using flowcast::Json;
using flowcast::RenderRoot;
namespace mu = flowcast::mustache;

void expect_same(const std::string& text, const Contact& c, const Event* trigger,
                 const Json& workflow) {
  const mu::CompileResult r = mu::compile(text);
  BOOST_REQUIRE_MESSAGE(r.tmpl != nullptr, "compile error in " << text);
  const std::string copied = mu::render(*r.tmpl, RenderRoot::build(c, trigger, workflow));
  const std::string in_place = mu::render(*r.tmpl, RenderRoot(c, trigger, workflow));
  BOOST_TEST(in_place == copied, text << ": in place '" << in_place << "' copied '" << copied
                                      << "'");
}

const std::vector<std::string> kTemplates = {
    "Hi {{contact.first_name}}, {{contact.id}} <{{contact.email}}> {{contact.phone}}",
    "{{contact.id.x}}{{contact.email.x}}{{contact.missing}}{{contact.nested.a.b}}",
    "{{#contact.items}}[{{name}} {{.}} {{contact.id}}]{{/contact.items}}",
    "{{^contact.items}}none{{/contact.items}}{{^contact.missing}}missing{{/contact.missing}}",
    "{{#contact}}{{id}} {{first_name}} {{email}}{{/contact}}",
    "{{#event}}{{type}}@{{at}}{{/event}} {{event.type}} {{event.at}} {{event.total}}",
    "{{event.order.id}} {{{event.note}}} {{&event.note}} {{event.items}}",
    "{{workflow.id}}/{{workflow.name}} {{#workflow}}{{id}}{{/workflow}} {{workflow}}",
    "{{.}}",
    "{{#contact}}{{.}}{{/contact}}|{{#event}}{{.}}{{/event}}",
    "{{other}}{{other.x}}{{#other}}x{{/other}}{{^other}}y{{/other}}",
    "{{#contact.vip}}VIP {{contact.first_name}}{{/contact.vip}}\n  {{#event.items}}\n- {{sku}}\n{{/event.items}}\n",
    "{{#contact.nested}}{{a.b}} {{contact.id}}{{/contact.nested}}",
};

BOOST_AUTO_TEST_CASE(render_root_matches_the_copied_context) {
  Contact c;
  c.id = "c<1>";
  c.email = "a&b@example.com";
  c.properties = Json::parse(R"({"first_name":"Ann","id":"shadowed","email":"shadowed",
      "items":[{"name":"x"},2,"s"],"nested":{"a":{"b":3.5}},"vip":true})");
  Contact bare;
  bare.id = "c2";
  Event e;
  e.at = 1700000000;
  e.type = "Order Completed";
  e.properties = Json::parse(R"({"type":"shadowed","at":"shadowed","total":12.5,
      "order":{"id":"o-1"},"note":"<b>'hi'</b>","items":[{"sku":"A"},{"sku":"B"}]})");
  const Json workflow = {{"id", "cart"}, {"name", "Cart & co"}};
  for (const std::string& t : kTemplates) {
    expect_same(t, c, &e, workflow);
    expect_same(t, c, nullptr, workflow);
    expect_same(t, bare, &e, workflow);
  }
}

}  // namespace
