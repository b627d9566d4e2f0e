// The report's JSON string writer must give exactly nlohmann's bytes, for any input bytes.
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
