// `flowcast validate FILE...`: every mistake in every file, one line each.
#include <iostream>

#include "server/cli/commands.h"
#include "server/lib/scenario_file.h"

namespace flowcast::cli {

namespace {
constexpr const char* kUsage =
    "usage: flowcast validate FILE...\n"
    "Checks scenario files against the flowcast/1 format and prints every error and warning as\n"
    "FILE: /json/pointer: message. Exit 0 if all files are valid, 2 otherwise.\n";
}

int cmd_validate(const Args& args) {
  if (wants_help(args)) {
    std::cout << kUsage;
    return 0;
  }
  if (args.empty()) return usage_error("validate", "no file given", kUsage);
  int code = 0;
  for (const auto& path : args) {
    if (!load_scenario_file(path, std::cerr)) code = 2;
  }
  return code;
}

}  // namespace flowcast::cli
