// libFuzzer target: the scenario loader (JSON parsing, validation, expression and template
// compilation, zone resolution) on arbitrary bytes. It must never crash, whatever the input.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/load/load.h"
#include "fuzz/cached_zone_source.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const flowcast::fuzz::CachedZoneSource zones;
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
