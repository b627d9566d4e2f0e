// libFuzzer target: the fast load path (core/load/fast_load.cc) against the slow one. Whenever
// the fast path accepts an input, the slow path must accept it too, with the same warnings and
// the same scenario (tests/load_compare.h: every data field, JSON types included); load_scenario
// must always give what load_scenario_slow gives. Any disagreement aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/load/load.h"
#include "server/lib/file_zone_source.h"
#include "tests/load_compare.h"

namespace {

// FileZoneSource with a cache: fuzzed files name the same few zones over and over.
class CachedZoneSource : public flowcast::time::ZoneSource {
 public:
  std::optional<std::string> tzif(std::string_view name) const override {
    auto it = cache_.find(name);
    if (it != cache_.end()) return it->second;
    std::optional<std::string> bytes = files_.tzif(name);
    if (cache_.size() < 4096) cache_.emplace(std::string(name), bytes);
    return bytes;
  }

 private:
  flowcast::FileZoneSource files_;
  mutable std::map<std::string, std::optional<std::string>, std::less<>> cache_;
};

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
