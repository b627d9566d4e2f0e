// The `flowcast` subcommands. Each takes its arguments (after the command name) and returns the
// process exit code: 0 success, 1 expectation failed / reports differ, 2 invalid file or usage.
#pragma once

#include <string>
#include <vector>

namespace flowcast::cli {

using Args = std::vector<std::string>;

int cmd_replay(const Args& args);
int cmd_check(const Args& args);
int cmd_explain(const Args& args);
int cmd_diff(const Args& args);
int cmd_validate(const Args& args);
int cmd_serve(const Args& args);

// Prints "flowcast CMD: MESSAGE" and the command's usage to stderr; returns 2.
int usage_error(const char* command, const std::string& message, const char* usage);

bool wants_help(const Args& args);

}  // namespace flowcast::cli
