// Helpers shared by the subcommands.
#include <iostream>

#include "server/cli/commands.h"

namespace flowcast::cli {

int usage_error(const char* command, const std::string& message, const char* usage) {
  std::cerr << "flowcast " << command << ": " << message << "\n" << usage;
  return 2;
}

bool wants_help(const Args& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

}  // namespace flowcast::cli
