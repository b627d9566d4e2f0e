// What `flowcast check`, `explain` and `diff` print for scenarios already loaded: shared by the
// native CLI (server/cli) and the WebAssembly exports (wasm/commands.cc), so that both give the
// same bytes. Argument parsing and reading files stay with each caller.
#pragma once

#include <optional>
#include <string>

#include "core/model/scenario.h"

namespace flowcast {

struct CommandResult {
  int code = 0;     // 0 success, 1 expectation failed / reports differ, 2 invalid input
  std::string out;  // for stdout
  std::string err;  // for stderr
};

// `check`: the file's verdict, and expected vs actual for each failed expectation (code 0 or 1).
// `name` stands for the file in messages.
CommandResult check_command(const std::string& name, const Scenario& sc);

// `explain --contact ID [--template T]`: the contact's story (code 2: no such template or contact).
CommandResult explain_command(const std::string& name, const Scenario& sc,
                              const std::string& contact,
                              const std::optional<std::string>& template_id);

// `diff`: AFTER's workflows replayed over BEFORE's contacts and events (copied into `after`).
// Code 0 when the two reports are identical, 1 when they differ, 2 when a contact's time zone is
// unknown to AFTER.
CommandResult diff_command(const Scenario& before, Scenario& after, const std::string& after_name);

}  // namespace flowcast
