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
  for (Properties::Member m : p) out.emplace_back(std::string(m.key), m.value.dump());
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
  BOOST_TEST(p.find("n")->is_number_unsigned());
  BOOST_TEST(p.find("neg")->is_number_integer());
  BOOST_TEST(p.find("total")->is_number_float());
  for (auto it = kSample.begin(); it != kSample.end(); ++it) {
    const Json* v = p.find(it.key());
    BOOST_TEST_REQUIRE(v != nullptr);
    BOOST_TEST(*v == *it);
  }
  BOOST_TEST(p.find("missing") == nullptr);
  BOOST_TEST(p.find("tota") == nullptr);
  BOOST_TEST(p.find("totals") == nullptr);
  BOOST_TEST(p.contains(""));
}

BOOST_AUTO_TEST_CASE(properties_empty_and_non_objects) {
  const Properties none;
  BOOST_TEST(none.empty());
  BOOST_TEST((none.begin() == none.end()));
  BOOST_TEST(none.to_json() == Json::object());
  BOOST_TEST(none.find("x") == nullptr);
  BOOST_TEST(none.allocated_bytes() == 0u);
  BOOST_TEST(Properties(Json::object()).empty());
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
  // Building from an rvalue moves the values out and gives the same members.
  Json source = kSample;
  const Properties e(std::move(source));
  BOOST_TEST((e == a));
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
