// Shared pieces of the HTTP layer: authentication with scoped bearer tokens, JSON bodies with
// size and depth limits, and JSON responses. Route handlers live in http_routes_*.cc, one file
// per group, each installed by its install_* function.
#pragma once

#include <httplib.h>

#include <string>

#include "server/lib/api_result.h"
#include "server/lib/config.h"
#include "server/lib/metrics.h"
#include "server/lib/service.h"

namespace flowcast::http {

enum class Scope : std::uint8_t { ingest, admin };

struct Context {
  Service& service;
  const ServerConfig& config;
  Metrics& metrics;
  std::string unsubscribe_secret;
};

// True iff the request may go on. Tokens come as "Authorization: Bearer T" or, for Segment
// clients, HTTP Basic with T as the user name. With no token configured every request may go
// on (the server then listens on loopback only). Otherwise fills `res` with 401 or 403.
bool authorize(const Context& ctx, const httplib::Request& req, httplib::Response& res, Scope scope);

void send(httplib::Response& res, const ApiResult& result);
void send_error(httplib::Response& res, int status, const std::string& message,
                const std::vector<std::string>& details = {});

// Checks the content type and the nesting depth, then parses. False (and `res` filled with a
// 4xx) on any problem.
bool json_body(const Context& ctx, const httplib::Request& req, httplib::Response& res, Json* out);
// Only the content type (for bodies parsed elsewhere, such as scenario documents).
bool json_content_type(const httplib::Request& req, httplib::Response& res);

// Nesting depth of JSON text ({ and [ outside strings); stops counting past `limit`.
int json_depth(std::string_view text, int limit);

void install_event_routes(httplib::Server& server, Context& ctx);     // events, Segment
void install_contact_routes(httplib::Server& server, Context& ctx);
void install_workflow_routes(httplib::Server& server, Context& ctx);  // workflows, preview, backtest
void install_ops_routes(httplib::Server& server, Context& ctx);       // health, metrics, outbox, clock
void install_hook_routes(httplib::Server& server, Context& ctx);      // Shopify, WooCommerce
void install_unsubscribe_routes(httplib::Server& server, Context& ctx);

// All of the above plus the error, exception and logging handlers and the editor bundle.
void install_api(httplib::Server& server, Context& ctx);

}  // namespace flowcast::http
