// libFuzzer target: the fast load path (core/load/fast_load.cc) against the slow one. Whenever
// the fast path accepts an input, the slow path must accept it too, with the same warnings and
// the same scenario (tests/load_compare.h: every data field, JSON types included); load_scenario
// must always give what load_scenario_slow gives. Any disagreement aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/load/load.h"
#include "fuzz/cached_zone_source.h"
#include "tests/load_compare.h"

namespace {

using flowcast::fuzz::CachedZoneSource;

[[noreturn]] void disagree(const char* what, const std::string& why) {
  std::fprintf(stderr, "fast and slow load paths disagree (%s): %s\n", what, why.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CachedZoneSource zones;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const flowcast::LoadResult slow = flowcast::load_scenario_slow(text, &zones);
  const std::optional<flowcast::LoadResult> fast = flowcast::load_scenario_fast(text, &zones);
  if (fast) {
    if (!slow.ok()) disagree("accepted by the fast path only", "");
    // The report is left out: a fuzzed schedule can make a replay arbitrarily long.
    std::string why = flowcast::testing::load_difference(*fast, slow, false);
    if (!why.empty()) disagree("fast path", why);
  }
  const flowcast::LoadResult combined = flowcast::load_scenario(text, &zones);
  std::string why = flowcast::testing::load_difference(combined, slow, false);
  if (!why.empty()) disagree("load_scenario", why);
  return 0;
}
