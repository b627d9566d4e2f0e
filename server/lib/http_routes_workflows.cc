// Workflows (deploy, list, get, delete), POST /v1/preview and POST /v1/backtest.
#include "server/lib/http_support.h"

namespace flowcast::http {

namespace {

constexpr const char* kWorkflowPath = R"(/v1/workflows/([^/]+))";

// Scenario documents are parsed by the loader itself (it reports syntax errors with line and
// column like the CLI); only the content type and the depth limit are checked here.
bool document_body(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!json_content_type(req, res)) return false;
  if (req.body.empty()) {
    send_error(res, 400, "empty body: expected a flowcast/1 document");
    return false;
  }
  if (json_depth(req.body, ctx.config.max_json_depth) > ctx.config.max_json_depth) {
    send_error(res, 400, "JSON nested deeper than " + std::to_string(ctx.config.max_json_depth) +
                             " levels");
    return false;
  }
  return true;
}

// An optional RFC 3339 query parameter; false (and a 400) if present but malformed.
bool instant_param(const httplib::Request& req, httplib::Response& res, const char* name,
                   std::optional<time::Instant>* out) {
  if (!req.has_param(name)) return true;
  *out = time::parse_instant(req.get_param_value(name));
  if (!*out) {
    send_error(res, 400, std::string("query parameter ") + name + " must be an RFC 3339 instant");
    return false;
  }
  return true;
}

}  // namespace

void install_workflow_routes(httplib::Server& server, Context& ctx) {
  server.Put(kWorkflowPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    if (!document_body(ctx, req, res)) return;
    send(res, ctx.service.deploy(req.matches[1], req.body));
  });
  server.Get("/v1/workflows", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    send(res, ctx.service.list_workflows());
  });
  server.Get(kWorkflowPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    send(res, ctx.service.get_workflow(req.matches[1]));
  });
  server.Delete(kWorkflowPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    send(res, ctx.service.retire_workflow(req.matches[1]));
  });
  server.Post("/v1/preview", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    if (!document_body(ctx, req, res)) return;
    send(res, ctx.service.preview(req.body));
  });
  server.Post("/v1/backtest", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    std::optional<time::Instant> from, to;
    if (!instant_param(req, res, "from", &from) || !instant_param(req, res, "to", &to)) return;
    if (!document_body(ctx, req, res)) return;
    send(res, ctx.service.backtest(req.body, from, to));
  });
}

}  // namespace flowcast::http
