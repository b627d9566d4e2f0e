// Authentication, JSON bodies and responses; the server-wide handlers.
#include "server/lib/http_support.h"

#include <iostream>

#include "server/lib/crypto.h"

namespace flowcast::http {

namespace {

std::string presented_token(const httplib::Request& req) {
  std::string h = req.get_header_value("Authorization");
  if (h.rfind("Bearer ", 0) == 0) return h.substr(7);
  if (h.rfind("Basic ", 0) == 0) {
    auto raw = crypto::base64_decode(h.substr(6));
    if (!raw) return "";
    std::size_t colon = raw->find(':');
    return colon == std::string::npos ? *raw : raw->substr(0, colon);
  }
  return "";
}

}  // namespace

bool authorize(const Context& ctx, const httplib::Request& req, httplib::Response& res, Scope scope) {
  if (ctx.config.tokens.empty()) return true;
  std::string token = presented_token(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "missing bearer token");
    return false;
  }
  // Compare digests so every comparison has the same length; look at every token.
  std::string digest = crypto::sha256(token);
  bool known = false, allowed = false;
  for (const TokenConfig& t : ctx.config.tokens) {
    bool match = crypto::constant_time_equal(digest, crypto::sha256(t.token));
    known |= match;
    allowed |= match && (scope == Scope::ingest ? t.ingest : t.admin);
  }
  if (!known) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    send_error(res, 401, "invalid token");
    return false;
  }
  if (!allowed) {
    send_error(res, 403, std::string("this token lacks the ") +
                             (scope == Scope::admin ? "admin" : "ingest") + " scope");
    return false;
  }
  return true;
}

void send(httplib::Response& res, const ApiResult& r) {
  res.status = r.status;
  if (!r.raw.empty()) {
    res.set_content(r.raw, r.content_type.c_str());
    return;
  }
  res.set_content(r.body.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n",
                  "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message,
                const std::vector<std::string>& details) {
  send(res, api_error(status, message, details));
}

int json_depth(std::string_view text, int limit) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max;
}

bool json_content_type(const httplib::Request& req, httplib::Response& res) {
  std::string ct = req.get_header_value("Content-Type");
  if (ct.find("json") == std::string::npos) {
    send_error(res, 415, "expected Content-Type: application/json");
    return false;
  }
  return true;
}

bool json_body(const Context& ctx, const httplib::Request& req, httplib::Response& res, Json* out) {
  if (!json_content_type(req, res)) return false;
  if (req.body.empty()) {
    send_error(res, 400, "empty body: expected JSON");
    return false;
  }
  if (json_depth(req.body, ctx.config.max_json_depth) > ctx.config.max_json_depth) {
    send_error(res, 400, "JSON nested deeper than " + std::to_string(ctx.config.max_json_depth) +
                             " levels");
    return false;
  }
  *out = Json::parse(req.body, nullptr, false);
  if (out->is_discarded()) {
    send_error(res, 400, "invalid JSON");
    return false;
  }
  return true;
}

void install_api(httplib::Server& server, Context& ctx) {
  server.set_payload_max_length(ctx.config.max_body_bytes);
  server.set_read_timeout(30, 0);
  server.set_write_timeout(30, 0);
  // httplib closes a keep-alive connection after 5 requests by default; event pipelines post
  // continuously, and a new connection per 5 requests costs more than the request.
  server.set_keep_alive_max_count(1000);
  // TCP_NODELAY (small JSON answers go out at once, not behind the client's delayed ACK) is
  // set in run_server before the socket is bound.
  // A keep-alive connection holds a worker thread while it is open: enough threads for many
  // concurrent clients (they mostly wait on the group commit, not on the CPU).
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "flowcast serve: internal error: " << what << "\n";
    send_error(res, 500, "internal error");
  });
  // Statuses set by httplib itself (404, 413, 400 on a malformed request) get a JSON body too.
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* message = res.status == 404   ? "no such endpoint"
                          : res.status == 413 ? "request body too large"
                          : res.status == 405 ? "method not allowed"
                                              : "bad request";
    send_error(res, res.status, message);
  });
  Metrics* metrics = &ctx.metrics;
  bool log = ctx.config.log_requests;
  // Method, path and status only: never headers (tokens), bodies or unsubscribe tokens.
  server.set_logger([metrics, log](const httplib::Request& req, const httplib::Response& res) {
    metrics->count_request(res.status);
    if (!log) return;
    // Unsubscribe tokens are credentials too.
    std::string path = req.path.rfind("/u/", 0) == 0 ? std::string("/u/...") : req.path;
    std::cerr << req.method << " " << path << " " << res.status << "\n";
  });
  install_event_routes(server, ctx);
  install_contact_routes(server, ctx);
  install_workflow_routes(server, ctx);
  install_ops_routes(server, ctx);
  install_hook_routes(server, ctx);
  install_unsubscribe_routes(server, ctx);
  if (!ctx.config.web_dir.empty()) {
    if (!server.set_mount_point("/", ctx.config.web_dir)) {
      std::cerr << "flowcast serve: web_dir " << ctx.config.web_dir << " is not a directory\n";
    }
  }
}

}  // namespace flowcast::http
