// IdIndex must find every id it was given, under growth, and nothing else.
#include "core/engine/id_index.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_CASE(id_index_finds_every_id_and_nothing_else) {
  flowcast::IdIndex index;
  std::vector<std::string> ids;
  auto id_of = [&](std::uint32_t i) -> std::string_view { return ids[i]; };
  BOOST_TEST(!index.find("nobody", id_of).has_value());
  for (int i = 0; i < 50000; ++i) {
    std::string id = (i % 3 == 0 ? "c" : "customer-with-a-long-id-") + std::to_string(i);
    auto [at, added] = index.insert(id, static_cast<std::uint32_t>(ids.size()), id_of);
    BOOST_TEST_REQUIRE(added);
    BOOST_TEST_REQUIRE(at == ids.size());
    ids.push_back(id);
  }
  ids.emplace_back("");  // the empty id is an id like any other
  BOOST_TEST(index.insert("", static_cast<std::uint32_t>(ids.size() - 1), id_of).second);
  for (std::uint32_t i = 0; i < ids.size(); ++i) {
    BOOST_TEST_REQUIRE(index.find(ids[i], id_of).value() == i);
    auto [at, added] = index.insert(ids[i], 999999, id_of);
    BOOST_TEST_REQUIRE(!added);
    BOOST_TEST_REQUIRE(at == i);
  }
  BOOST_TEST(!index.find("c1", id_of).has_value());  // 1 % 3 != 0: only the long form exists
  BOOST_TEST(!index.find("customer-with-a-long-id-0", id_of).has_value());
}
