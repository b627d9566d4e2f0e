// `flowcast check FILE...`: replays each file and verifies its expectations.
#include <algorithm>
#include <iostream>

#include "core/engine/replay.h"
#include "core/report/expectations.h"
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
    ReplayResult r = replay(*sc);
    auto failures = check_expectations(*sc, r);
    if (failures.empty()) {
      std::cout << path << ": ok (" << sc->expect.size() << " expectations)\n";
      continue;
    }
    code = std::max(code, 1);
    std::cout << path << ": FAILED " << failures.size() << " of " << sc->expect.size()
              << " expectations\n";
    for (const auto& f : failures) {
      std::cout << "  " << path << ": /expect/" << f.index << ": expected " << f.expectation
                << "\n    actual: " << f.actual << "\n";
    }
  }
  return code;
}

}  // namespace flowcast::cli
