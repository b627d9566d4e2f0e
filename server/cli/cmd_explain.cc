// `flowcast explain FILE --contact ID [--template T]`.
#include <iostream>

#include "core/report/commands.h"
#include "server/cli/commands.h"
#include "server/lib/scenario_file.h"

namespace flowcast::cli {

namespace {
constexpr const char* kUsage =
    "usage: flowcast explain FILE --contact ID [--template T]\n"
    "Tells the contact's story step by step: events, enrollments, waits, messages sent or\n"
    "skipped (and why), exits. With --template, ends with why the contact did or didn't get T.\n";
}

int cmd_explain(const Args& args) {
  if (wants_help(args)) {
    std::cout << kUsage;
    return 0;
  }
  std::string file, contact;
  std::optional<std::string> tmpl;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--contact" || a == "--template") && i + 1 >= args.size()) {
      return usage_error("explain", a + " needs a value", kUsage);
    }
    if (a == "--contact") contact = args[++i];
    else if (a == "--template") tmpl = args[++i];
    else if (!a.empty() && a[0] == '-') return usage_error("explain", "unknown option " + a, kUsage);
    else if (file.empty()) file = a;
    else return usage_error("explain", "more than one file given", kUsage);
  }
  if (file.empty()) return usage_error("explain", "no file given", kUsage);
  if (contact.empty()) return usage_error("explain", "--contact is required", kUsage);
  auto sc = load_scenario_file(file, std::cerr);
  if (!sc) return 2;
  CommandResult r = explain_command(file, *sc, contact, tmpl);
  std::cerr << r.err;
  std::cout << r.out;
  return r.code;
}

}  // namespace flowcast::cli
