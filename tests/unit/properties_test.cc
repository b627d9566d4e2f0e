// Properties must hold exactly the JSON object it was built from: same members, same order as
// nlohmann's object, same values (number kinds included), through copies and moves.
#include "core/model/properties.h"

#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

using flowcast::Json;
using flowcast::Properties;

namespace {

// Members in iteration order, as (key, value dump) pairs.
std::vector<std::pair<std::string, std::string>> members(const Properties& p) {
  std::vector<std::pair<std::string, std::string>> out;
  for (Properties::Member m : p) out.emplace_back(std::string(m.key), m.value.to_json().dump());
  return out;
}

std::vector<std::pair<std::string, std::string>> members(const Json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = j.begin(); it != j.end(); ++it) out.emplace_back(it.key(), it->dump());
  return out;
}

const Json kSample = Json::parse(R"({"total": 59.9, "items": [1, {"sku": "a"}], "order_id": "o-1",
  "n": 3, "neg": -4, "gift": false, "note": null, "address": {"city": "Lyon"},
  "a long key with spaces and ünïcode": "a value longer than the small string buffer",
  "": "empty key"})");

}  // namespace

BOOST_AUTO_TEST_CASE(properties_keep_members_values_and_order) {
  const Properties p(kSample);
  BOOST_TEST(p.size() == kSample.size());
  BOOST_TEST(!p.empty());
  BOOST_TEST((members(p) == members(kSample)));
  BOOST_TEST(p.to_json() == kSample);
  BOOST_TEST((p == kSample));
  // Number kinds survive (unsigned, signed, float), as the report's bytes depend on them.
  BOOST_TEST(p.find("n")->json().is_number_unsigned());
  BOOST_TEST(p.find("neg")->json().is_number_integer());
  BOOST_TEST(p.find("total")->json().is_number_float());
  // Strings are kept inline and read as views; everything else as JSON.
  BOOST_TEST(p.find("order_id")->is_string());
  BOOST_TEST(p.find("order_id")->string() == "o-1");
  BOOST_TEST(!p.find("address")->is_string());
  BOOST_TEST(p.find("note")->is_null());
  BOOST_TEST(!p.find("gift")->is_null());
  for (auto it = kSample.begin(); it != kSample.end(); ++it) {
    const std::optional<flowcast::PropertyValue> v = p.find(it.key());
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST((*v == *it));
    BOOST_TEST(v->to_json() == *it);
    BOOST_TEST(v->is_string() == it->is_string());
  }
  BOOST_TEST(!p.find("missing").has_value());
  BOOST_TEST(!p.find("tota").has_value());
  BOOST_TEST(!p.find("totals").has_value());
  BOOST_TEST(p.contains(""));
}

BOOST_AUTO_TEST_CASE(properties_empty_and_non_objects) {
  const Properties none;
  BOOST_TEST(none.empty());
  BOOST_TEST((none.begin() == none.end()));
  BOOST_TEST(none.to_json() == Json::object());
  BOOST_TEST(!none.find("x").has_value());
  BOOST_TEST(none.allocated_bytes() == 0u);
  BOOST_TEST(Properties(Json::object()).empty());
  BOOST_TEST(Properties(Json::array({1, 2})).empty());
  BOOST_TEST((Properties(Json::object()) == none));
}

BOOST_AUTO_TEST_CASE(properties_copy_move_and_compare) {
  Properties a(kSample);
  Properties b = a;
  BOOST_TEST((a == b));
  Properties c = std::move(b);
  BOOST_TEST((c == a));
  BOOST_TEST(b.empty());  // NOLINT(bugprone-use-after-move): a moved-from Properties is empty
  b = c;
  BOOST_TEST((b == a));
  b = b;  // self-assignment keeps the members
  BOOST_TEST((b == a));
  Properties d(Json{{"x", 1}});
  BOOST_TEST(!(d == a));
  d = std::move(c);
  BOOST_TEST((d == a));
  // A string and a JSON value that prints alike differ.
  BOOST_TEST(!(Properties(Json{{"x", "1"}}) == Properties(Json{{"x", 1}})));
  BOOST_TEST(!(Properties(Json{{"x", "1"}}) == Json{{"x", 1}}));
  BOOST_TEST((Properties(Json{{"x", "1"}}) == Json{{"x", "1"}}));
  // Different values under the same keys differ.
  Json changed = kSample;
  changed["n"] = 4;
  BOOST_TEST(!(Properties(changed) == a));
  BOOST_TEST((!(a == changed)));
}

BOOST_AUTO_TEST_CASE(properties_from_sorted_members) {
  std::vector<std::pair<std::string, Json>> sorted;
  for (auto it = kSample.begin(); it != kSample.end(); ++it) sorted.emplace_back(it.key(), *it);
  const Properties p = Properties::from_sorted(sorted);
  BOOST_TEST((p == Properties(kSample)));
  BOOST_TEST(p.to_json() == kSample);
  BOOST_TEST(p.allocated_bytes() > 0u);
  std::vector<std::pair<std::string, Json>> none;
  BOOST_TEST(Properties::from_sorted(none).empty());
}
