// `flowcast`: the command-line entry point. Dispatches to one file per subcommand.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "server/cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: flowcast COMMAND [ARGS]\n"
    "\n"
    "Preview and test email workflows on sample customer timelines.\n"
    "\n"
    "commands:\n"
    "  replay FILE [--json|--table|--csv]     replay a scenario and print what was sent\n"
    "  check FILE...                          replay and verify each file's expectations\n"
    "  explain FILE --contact ID [--template T]  tell one contact's story step by step\n"
    "  diff BEFORE.json AFTER.json            compare two versions over the same timelines\n"
    "  validate FILE...                       report every mistake in the files\n"
    "  serve [--db PATH] [--listen HOST:PORT]  run the live server (API, scheduler, delivery)\n"
    "\n"
    "Run 'flowcast COMMAND --help' for a command's options.\n"
    "Exit codes: 0 success, 1 an expectation failed or the reports differ, 2 invalid input.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace flowcast::cli;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (cmd == "--version") {
    std::cout << "flowcast 0.1.0 (scenario format flowcast/1, report flowcast.report/1)\n";
    return 0;
  }
  try {
    if (cmd == "replay") return cmd_replay(args);
    if (cmd == "check") return cmd_check(args);
    if (cmd == "explain") return cmd_explain(args);
    if (cmd == "diff") return cmd_diff(args);
    if (cmd == "validate") return cmd_validate(args);
    if (cmd == "serve") return cmd_serve(args);
  } catch (const std::exception& e) {
    // Core never throws on bad input; this is a last guard against a bug taking the CLI down.
    std::cerr << "flowcast " << cmd << ": internal error: " << e.what() << "\n";
    return 3;
  }
  std::cerr << "flowcast: unknown command '" << cmd << "'\n\n" << kUsage;
  return 2;
}
