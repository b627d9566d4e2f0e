// File access and zone lookup for the native program (the I/O that core/ must not do).
#include "server/lib/scenario_file.h"

#include <cstdlib>
#include <fstream>
#include <ostream>
#include <sstream>

namespace flowcast {

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open the file";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    *error = "cannot read the file";
    return std::nullopt;
  }
  return std::move(ss).str();
}

const FileZoneSource& native_zone_source() {
  // One source for the whole process: it only reads files and keeps no mutable state.
  static const FileZoneSource source = [] {
    const char* root = std::getenv("FLOWCAST_ZONEINFO");
    return FileZoneSource(root && *root ? root : "/usr/share/zoneinfo");
  }();
  return source;
}

std::optional<Scenario> load_scenario_file(const std::string& path, std::ostream& err) {
  std::string error;
  auto text = read_file(path, &error);
  if (!text) {
    err << path << ": " << error << "\n";
    return std::nullopt;
  }
  LoadResult r = load_scenario(*text, &native_zone_source());
  for (const LoadDiagnostic& d : r.diagnostics) err << format_diagnostic(path, d) << "\n";
  if (!r.ok()) return std::nullopt;
  return std::move(*r.scenario);
}

}  // namespace flowcast
