// The JSON text writers (core/util/json_text.h) must give exactly nlohmann's bytes: strings for
// any input bytes, numbers of every kind.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "core/report/report.h"

namespace {

std::string ours(std::string_view s) {
  std::string out = "x";  // something before, to check the writer only appends
  flowcast::append_json_string(out, s);
  return out.substr(1);
}

std::string theirs(std::string_view s) {
  return flowcast::Json(std::string(s)).dump(-1, ' ', false,
                                             flowcast::Json::error_handler_t::replace);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_string)

BOOST_AUTO_TEST_CASE(escapes_like_nlohmann_on_chosen_strings) {
  const std::string cases[] = {
      "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("nul \0 x", 7),
      "\x01\x1f\x7f", "Lefèvre — naïve ☃ 😀", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80",
      "\xf4\x90\x80\x80", "ok \xff tail", "\xf0\x9f\x98", "a\xc3", "\xe0\x80\xaf"};
  for (const std::string& s : cases) BOOST_TEST(ours(s) == theirs(s), "input " << theirs(s));
}

BOOST_AUTO_TEST_CASE(escapes_like_nlohmann_on_random_bytes) {
  std::mt19937 rng(7);
  const std::string pieces[] = {"a", "\"", "\\", "\n", "\x05", "é", "☃", "😀", "\x80",
                                "\xc3", "\xe2\x82", "\xf0\x9f", "\xff", "\xed\xbf\xbf", " "};
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) s += pieces[rng() % std::size(pieces)];
    if (rng() % 4 == 0) s += static_cast<char>(rng() % 256);
    BOOST_TEST_REQUIRE(ours(s) == theirs(s), "input " << theirs(s));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_number)

namespace {

std::string number_text(const flowcast::Json& v) {
  std::string out = "x";
  flowcast::append_json_number(out, v);
  return out.substr(1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(numbers_print_like_nlohmann) {
  using flowcast::Json;
  const double doubles[] = {0.0, -0.0, 3.0, 59.9, 0.1, 1e-7, 1e20, 1e21, 1.5e300, -2.5e-300,
                            123456789012345678.0, 5e-324, std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest(), 0.30000000000000004};
  for (double d : doubles) BOOST_TEST(number_text(Json(d)) == Json(d).dump());
  const std::int64_t ints[] = {0, -1, 7, std::numeric_limits<std::int64_t>::min(),
                               std::numeric_limits<std::int64_t>::max()};
  for (std::int64_t i : ints) BOOST_TEST(number_text(Json(i)) == Json(i).dump());
  BOOST_TEST(number_text(Json(std::numeric_limits<std::uint64_t>::max())) ==
             Json(std::numeric_limits<std::uint64_t>::max()).dump());
  BOOST_TEST(number_text(Json(std::nan(""))) == "null");
  BOOST_TEST(number_text(Json(std::numeric_limits<double>::infinity())) == "null");
  // Random bit patterns cover every exponent and mantissa shape.
  std::mt19937_64 rng(11);
  for (int round = 0; round < 200000; ++round) {
    const std::uint64_t bits = rng();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    const Json v(d);
    BOOST_TEST_REQUIRE(number_text(v) == v.dump(), "bits " << bits);
    const Json i(static_cast<std::int64_t>(bits));
    BOOST_TEST_REQUIRE(number_text(i) == i.dump());
    const Json u(bits >> (round % 64));
    BOOST_TEST_REQUIRE(number_text(u) == u.dump());
  }
}

BOOST_AUTO_TEST_CASE(any_value_prints_like_nlohmann) {
  using flowcast::Json;
  const Json values[] = {Json(nullptr), Json(true), Json(false), Json("o-1"),
                         Json(std::string("bad \xff utf-8")), Json(-3), Json(2.5),
                         Json::array({1, "a", nullptr}), Json{{"k", {1, 2}}}};
  for (const Json& v : values) {
    std::string out = "x";
    flowcast::append_json(out, v);
    BOOST_TEST(out.substr(1) == v.dump(-1, ' ', false, Json::error_handler_t::replace));
  }
}

BOOST_AUTO_TEST_SUITE_END()
