// `flowcast replay FILE [--json|--table|--csv]`.
#include <iostream>

#include "core/engine/replay.h"
#include "core/report/report.h"
#include "server/cli/commands.h"
#include "server/cli/progress.h"
#include "core/report/report_text.h"
#include "server/lib/scenario_file.h"

namespace flowcast::cli {

namespace {
constexpr const char* kUsage =
    "usage: flowcast replay FILE [--json|--table|--csv]\n"
    "Replays the scenario and prints one line per message: the time in the contact's time zone,\n"
    "the contact, the template and the status (--table, the default). --json prints the full\n"
    "flowcast.report/1 document; --csv one row per message for spreadsheets.\n";
}

int cmd_replay(const Args& args) {
  if (wants_help(args)) {
    std::cout << kUsage;
    return 0;
  }
  std::string file;
  std::string format = "table";
  for (const auto& a : args) {
    if (a == "--json") format = "json";
    else if (a == "--table") format = "table";
    else if (a == "--csv") format = "csv";
    else if (!a.empty() && a[0] == '-') return usage_error("replay", "unknown option " + a, kUsage);
    else if (file.empty()) file = a;
    else return usage_error("replay", "more than one file given", kUsage);
  }
  if (file.empty()) return usage_error("replay", "no file given", kUsage);
  auto sc = load_scenario_file(file, std::cerr);
  if (!sc) return 2;
  ProgressBar bar;
  ReplayOptions opts;
  opts.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  ReplayResult r = replay(*sc, opts);
  if (format == "json") write_report_json(*sc, r, [](std::string_view chunk) { std::cout << chunk; });
  else if (format == "csv") std::cout << report_csv(*sc, r);
  else std::cout << report_table(*sc, r);
  return 0;
}

}  // namespace flowcast::cli
