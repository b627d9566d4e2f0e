// GET /healthz, GET /metrics, GET /v1/messages, POST /v1/admin/clock and the root page.
#include "server/lib/http_support.h"

namespace flowcast::http {

namespace {

constexpr const char* kStatuses[] = {"pending", "sending",  "confirming", "delivered",
                                     "failed",  "uncertain", "skipped",    "recorded"};

constexpr const char* kNoEditor =
    "<!doctype html><meta charset=utf-8><title>Flowcast</title>"
    "<h1>Flowcast</h1><p>The API is at <code>/v1/</code> (see docs/api.md). The editor bundle is "
    "not configured: start with <code>--web-dir DIR</code>.</p>\n";

}  // namespace

void install_ops_routes(httplib::Server& server, Context& ctx) {
  server.Get("/healthz", [&ctx](const httplib::Request&, httplib::Response& res) {
    send(res, ctx.service.health());
  });
  server.Get("/metrics", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    res.set_content(ctx.service.metrics_text(), "text/plain; version=0.0.4");
  });
  server.Get("/v1/messages", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    OutboxFilter f;
    if (req.has_param("contact")) f.contact = req.get_param_value("contact");
    if (req.has_param("status")) {
      std::string s = req.get_param_value("status");
      bool known = false;
      for (const char* k : kStatuses) known |= s == k;
      if (!known) {
        return send_error(res, 400, "status must be one of pending, sending, confirming, "
                                    "delivered, failed, uncertain, skipped, recorded");
      }
      f.status = s;
    }
    if (req.has_param("limit")) {
      std::string l = req.get_param_value("limit");
      long long n = 0;
      bool ok = !l.empty() && l.size() <= 6;
      for (char c : l) ok &= c >= '0' && c <= '9';
      if (ok) n = std::stoll(l);
      if (!ok || n < 1 || n > 10000) return send_error(res, 400, "limit must be from 1 to 10000");
      f.limit = n;
    }
    if (req.has_param("after")) f.after_id = req.get_param_value("after");
    send(res, ctx.service.messages(f));
  });
  server.Post("/v1/admin/clock", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    if (!ctx.service.clock().manual()) {
      return send_error(res, 409, "the clock is the system clock; start with --clock manual to move it");
    }
    Json body;
    if (!json_body(ctx, req, res, &body)) return;
    if (!body.is_object() || body.size() != 1 || !(body.contains("to") || body.contains("advance"))) {
      return send_error(res, 400, "expected {\"to\": INSTANT} or {\"advance\": DURATION}");
    }
    std::optional<time::Instant> to;
    std::optional<time::Duration> by;
    if (body.contains("to")) {
      if (body["to"].is_string()) to = time::parse_instant(body["to"].get<std::string>());
      if (!to) return send_error(res, 400, "/to: expected an RFC 3339 instant");
    } else {
      if (body["advance"].is_string()) by = time::parse_duration(body["advance"].get<std::string>());
      if (!by) return send_error(res, 400, "/advance: expected a duration such as 90s, 15m, 1h, 2d");
    }
    send(res, ctx.service.advance_clock(to, by));
  });
  if (ctx.config.web_dir.empty()) {
    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kNoEditor, "text/html; charset=utf-8");
    });
  }
}

}  // namespace flowcast::http
