// `flowcast serve`: the live server (see docs/api.md).
#include <iostream>

#include "server/cli/commands.h"
#include "server/lib/config.h"
#include "server/lib/server_main.h"

namespace flowcast::cli {

int cmd_serve(const Args& args) {
  ConfigResult c = load_server_config(args, process_env());
  if (c.help) {
    std::cout << kServeUsage;
    return 0;
  }
  if (!c.config) return usage_error("serve", c.error, kServeUsage);
  return run_server(std::move(*c.config));
}

}  // namespace flowcast::cli
