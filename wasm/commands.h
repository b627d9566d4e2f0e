// The `flowcast` subcommands over in-memory text instead of files: what the wasm bindings export.
//
// Each loads like server/cli/cmd_*.cc, then runs the same core/report/commands.h code, and
// returns what the native command would write: its exit code, stdout and stderr, byte for byte.
// `name` stands for the file path in messages ("scenario.json: /settings/end: ...").
// Zones resolve against wasm::zone_source().
#pragma once

#include <optional>
#include <string>

#include "core/load/load.h"

namespace flowcast::wasm {

struct Outcome {
  int code = 0;     // 0 success, 1 expectation failed / reports differ, 2 invalid input
  std::string out;  // what the CLI prints on stdout
  std::string err;  // what the CLI prints on stderr (diagnostics, warnings)
};

// Loads like the CLI's load_scenario_file: every diagnostic goes to *err as one line.
std::optional<Scenario> load_text(const std::string& text, const std::string& name,
                                  std::string* err);

// `flowcast replay NAME --json|--table|--csv`; format is "json", "table" or "csv".
Outcome replay(const std::string& text, const std::string& name, const std::string& format);

// `flowcast validate NAME`.
Outcome validate(const std::string& text, const std::string& name);

// `flowcast check NAME`.
Outcome check(const std::string& text, const std::string& name);

// `flowcast explain NAME --contact ID [--template T]`.
Outcome explain(const std::string& text, const std::string& name, const std::string& contact,
                const std::optional<std::string>& template_id);

// `flowcast diff BEFORE AFTER`.
Outcome diff(const std::string& before_text, const std::string& before_name,
             const std::string& after_text, const std::string& after_name);

}  // namespace flowcast::wasm
