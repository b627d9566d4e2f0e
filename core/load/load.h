// Loading and validating `flowcast/1` scenario files.
//
// load() turns file text into a Scenario, or into a list of diagnostics: every mistake in the
// file is reported at once, each with its JSON pointer and, for expressions and templates, the
// column. A scenario with errors is never returned (nothing is half-loaded). Warnings (such as
// unreachable steps) do not prevent loading.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/scenario.h"
#include "core/time/zone.h"

namespace flowcast {

struct LoadDiagnostic {
  enum class Severity : std::uint8_t { error, warning } severity = Severity::error;
  std::string pointer;        // JSON pointer, "" for the whole document
  std::optional<int> line;    // only for JSON syntax errors
  std::optional<int> column;  // JSON syntax errors; expressions and templates (1-based)
  std::string message;
};

// "FILE: /pointer: column N: message" (or "FILE: line L, column C: message" for syntax errors).
std::string format_diagnostic(std::string_view file, const LoadDiagnostic& d);

struct LoadResult {
  std::optional<Scenario> scenario;     // set iff there are no errors
  std::vector<LoadDiagnostic> diagnostics;  // errors and warnings, in document order
  bool ok() const { return scenario.has_value(); }
};

// Parses and validates. `zones` resolves time zone names (nullptr: only "UTC" is known).
// Never throws. Native builds try the fast path first (load_scenario_fast) and fall back to
// load_scenario_slow whenever it cannot decide; the result is the same either way.
LoadResult load_scenario(std::string_view text, const time::ZoneSource* zones);

// The reference path: nlohmann::json DOM with positions for syntax errors, then the validator.
// Every diagnostic message comes from here.
LoadResult load_scenario_slow(std::string_view text, const time::ZoneSource* zones);

// The fast path for large files (simdjson, core/load/fast_load.cc). It only ever answers
// "accepted, here is the Scenario and its warnings", exactly as load_scenario_slow would, or
// nullopt: "not sure" (any error, duplicate key, odd number, deep nesting, ...), and then the
// caller must use load_scenario_slow. Always nullopt in builds without simdjson (wasm).
// Never throws.
std::optional<LoadResult> load_scenario_fast(std::string_view text, const time::ZoneSource* zones);

// True when this build has the fast path (FLOWCAST_HAVE_SIMDJSON).
bool fast_load_available();

// Validates an already-parsed document (used by the server and the editor, which hold JSON).
LoadResult load_scenario_json(const Json& doc, const time::ZoneSource* zones);

}  // namespace flowcast
