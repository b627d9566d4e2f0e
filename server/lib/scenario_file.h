// Reading scenario files from disk and loading them, with diagnostics printed the CLI way.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "core/load/load.h"
#include "server/lib/file_zone_source.h"

namespace flowcast {

// Reads a whole file. Returns nullopt and sets *error on failure.
std::optional<std::string> read_file(const std::string& path, std::string* error);

// The process-wide zone source of the native program (/usr/share/zoneinfo, or $FLOWCAST_ZONEINFO).
const FileZoneSource& native_zone_source();

// Reads and loads FILE; prints every diagnostic (errors and warnings) to `err` as
// "FILE: /pointer: message". Returns the scenario, or nullopt if the file is unreadable or
// invalid.
std::optional<Scenario> load_scenario_file(const std::string& path, std::ostream& err);

}  // namespace flowcast
