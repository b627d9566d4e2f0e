// libFuzzer target: the scenario loader (JSON parsing, validation, expression and template
// compilation, zone resolution) on arbitrary bytes. It must never crash, whatever the input.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/load/load.h"
#include "server/lib/file_zone_source.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CachedZoneSource zones;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  flowcast::LoadResult r = flowcast::load_scenario(text, &zones);
  // Diagnostics are printed by the CLI: format them too.
  static volatile std::size_t sink = 0;
  for (const flowcast::LoadDiagnostic& d : r.diagnostics) {
    sink = sink + flowcast::format_diagnostic("fuzz.json", d).size();
  }
  // Invariant of load.h: a scenario is returned iff there are no errors.
  bool has_error = false;
  for (const flowcast::LoadDiagnostic& d : r.diagnostics) {
    if (d.severity == flowcast::LoadDiagnostic::Severity::error) has_error = true;
  }
  if (r.ok() == has_error) __builtin_trap();
  return 0;
}
