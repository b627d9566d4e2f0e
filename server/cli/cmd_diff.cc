// `flowcast diff BEFORE.json AFTER.json`.
//
// Both versions are replayed over the same contacts and events: BEFORE's. AFTER contributes its
// settings, templates and workflows, so an edited copy of a scenario (or a file holding only the
// new workflows) is compared against the original timelines.
#include <iostream>

#include "core/report/commands.h"
#include "server/cli/commands.h"
#include "server/lib/scenario_file.h"

namespace flowcast::cli {

namespace {
constexpr const char* kUsage =
    "usage: flowcast diff BEFORE.json AFTER.json\n"
    "Replays both versions over BEFORE's contacts and events and lists, per contact, messages\n"
    "added (+), removed (-) or moved in time (~), then sent totals per template.\n"
    "Exit 0 if the two reports are the same, 1 if they differ, 2 on invalid input.\n";
}

int cmd_diff(const Args& args) {
  if (wants_help(args)) {
    std::cout << kUsage;
    return 0;
  }
  if (args.size() != 2) return usage_error("diff", "expected two files", kUsage);
  for (const auto& a : args) {
    if (!a.empty() && a[0] == '-') return usage_error("diff", "unknown option " + a, kUsage);
  }
  auto before = load_scenario_file(args[0], std::cerr);
  auto after = load_scenario_file(args[1], std::cerr);
  if (!before || !after) return 2;
  CommandResult r = diff_command(*before, *after, args[1]);
  std::cerr << r.err;
  std::cout << r.out;
  return r.code;
}

}  // namespace flowcast::cli
