// Partitions decide which server of a cluster runs a contact; the hash is stored implicitly in
// every PostgreSQL database (events.partition), so it must never change.
#include "server/lib/partitions.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "server/lib/pg_connection.h"

BOOST_AUTO_TEST_CASE(partition_of_is_pinned_fnv1a) {
  // Values computed independently (FNV-1a 64 over the UTF-8 bytes, modulo 64).
  BOOST_TEST(flowcast::partition_of("") == 37);
  BOOST_TEST(flowcast::partition_of("alice") == 7);
  BOOST_TEST(flowcast::partition_of("c00001") == 57);
  BOOST_TEST(flowcast::partition_of("\xc3\xbc" "n" "\xc3\xaf" "code") == 43);  // "ünïcode"
}

BOOST_AUTO_TEST_CASE(partitions_spread_contacts) {
  int count[flowcast::kPartitions] = {};
  for (int i = 0; i < 64000; ++i) ++count[flowcast::partition_of("c" + std::to_string(i))];
  for (int n : count) BOOST_TEST_REQUIRE((n > 800 && n < 1200));
}

BOOST_AUTO_TEST_CASE(fair_share_covers_every_partition) {
  BOOST_TEST(flowcast::fair_share(1) == 64);
  BOOST_TEST(flowcast::fair_share(2) == 32);
  BOOST_TEST(flowcast::fair_share(3) == 22);
  for (int servers = 1; servers <= 100; ++servers) {
    BOOST_TEST_REQUIRE(flowcast::fair_share(servers) * servers >= flowcast::kPartitions);
    BOOST_TEST_REQUIRE((flowcast::fair_share(servers) - 1) * servers < flowcast::kPartitions);
  }
  flowcast::PartitionSet s;
  s.set(3).set(60);
  BOOST_TEST((flowcast::partition_list(s) == std::vector<int>{3, 60}));
}

BOOST_AUTO_TEST_CASE(postgres_urls_are_recognized_and_redacted) {
  using namespace flowcast::pg;
  BOOST_TEST(is_postgres_url("postgres://h/db"));
  BOOST_TEST(is_postgres_url("postgresql://h/db"));
  BOOST_TEST(!is_postgres_url("flowcast.db"));
  BOOST_TEST(!is_postgres_url("/var/lib/postgres://x"));
  BOOST_TEST(redact_url("postgres://shop:s3cret@db:5432/x") == "postgres://shop:***@db:5432/x");
  BOOST_TEST(redact_url("postgres://shop@db/x") == "postgres://shop@db/x");
  BOOST_TEST(redact_url("postgres://db:5432/x") == "postgres://db:5432/x");
  std::string error;
  BOOST_TEST(conninfo_from_url("postgres://shop@db/x?sslmode=require", &error) ==
             "postgres://shop@db/x?sslmode=require");
  BOOST_TEST(conninfo_from_url("postgres://shop:pw@db/x?nonsense=1", &error).empty());
  BOOST_TEST(error.find("nonsense") != std::string::npos);
  BOOST_TEST(error.find("pw") == std::string::npos);
}
