// Settings of `flowcast serve`: from defaults, then a JSON config file, then FLOWCAST_*
// environment variables, then command-line flags (each later source wins).
//
// Secrets (tokens, SMTP password, webhook secrets) are best given through the environment or a
// file readable only by the service user: flags show up in `ps`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time/instant.h"

namespace flowcast {

struct TokenConfig {
  std::string token;
  bool ingest = false;  // events, contacts PUT, Segment endpoints
  bool admin = false;   // everything (implies ingest)
};

struct ServerConfig {
  std::string db = "flowcast.db";
  std::string listen = "127.0.0.1:8080";
  std::string host = "127.0.0.1";  // parsed from listen
  int port = 8080;                  // 0: any free port (printed at start)
  std::vector<TokenConfig> tokens;
  bool manual_clock = false;
  std::optional<time::Instant> clock_start;  // manual clock's first reading
  std::string smtp_url;                       // smtp://host:port or smtps://...
  std::string smtp_from = "flowcast@localhost";
  std::string smtp_username, smtp_password;
  std::string gateway_url, gateway_token;     // sms and push delivery
  std::string shopify_secret, woocommerce_secret;
  std::string public_url;                     // base of unsubscribe links; default http://listen
  std::string unsubscribe_secret;             // default: generated once, kept in the database
  std::string web_dir;                        // the editor bundle served at `/`
  std::size_t max_body_bytes = 1 << 20;
  int max_json_depth = 64;
  std::size_t max_batch_events = 1000;
  int max_future_seconds = 300;               // events further ahead than this are refused
  // Events whose `at` is further in the past than this are refused: the engines would react to
  // them now (see docs/api.md "Time"), so an old import would send today. 0: no limit.
  std::int64_t max_late_seconds = 172800;
  int retry_base_seconds = 30;
  int retry_max_seconds = 3600;
  int max_attempts = 8;
  int tick_milliseconds = 200;
  // A message whose attempt was cut short by a crash after it was handed over in full
  // (status `confirming`): resend it (at least once; a duplicate is possible) or hold it as
  // `uncertain` (at most once; it may be lost). See docs/api.md "Crash safety".
  bool resend_unconfirmed = true;
  bool log_requests = true;
};

// Looks up an environment variable (std::getenv in production).
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

struct ConfigResult {
  std::optional<ServerConfig> config;
  std::string error;  // set iff !config
  bool help = false;  // --help was given
};

// Parses `flowcast serve` arguments (after the command name).
ConfigResult load_server_config(const std::vector<std::string>& args, const EnvLookup& env);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

extern const char* const kServeUsage;

}  // namespace flowcast
