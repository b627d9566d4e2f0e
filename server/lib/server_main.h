// Running `flowcast serve`: opens the database, recovers, starts the scheduler tick, the
// delivery worker and the HTTP server, and stops cleanly on SIGINT or SIGTERM.
#pragma once

#include "server/lib/config.h"

namespace flowcast {

// Returns the process exit code (0 after a clean stop, 2 on a bad setting, 1 on a failure).
int run_server(ServerConfig config);

}  // namespace flowcast
