// `flowcast check FILE...`: replays each file and verifies its expectations.
#include <algorithm>
#include <iostream>

#include "core/report/commands.h"
#include "server/cli/commands.h"
#include "server/lib/scenario_file.h"

namespace flowcast::cli {

namespace {
constexpr const char* kUsage =
    "usage: flowcast check FILE...\n"
    "Replays each scenario and checks its `expect` entries. Prints one line per file and, for\n"
    "each failed expectation, what was expected and what the contact actually got.\n"
    "Exit 0 only if every expectation of every file holds; 1 if one failed; 2 if a file is\n"
    "invalid.\n";
}

int cmd_check(const Args& args) {
  if (wants_help(args)) {
    std::cout << kUsage;
    return 0;
  }
  if (args.empty()) return usage_error("check", "no file given", kUsage);
  int code = 0;
  for (const auto& path : args) {
    auto sc = load_scenario_file(path, std::cerr);
    if (!sc) {
      code = 2;
      continue;
    }
    CommandResult r = check_command(path, *sc);
    std::cout << r.out;
    code = std::max(code, r.code);
  }
  return code;
}

}  // namespace flowcast::cli
