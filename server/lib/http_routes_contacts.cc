// PUT, GET and DELETE /v1/contacts/{id}.
#include "server/lib/event_input.h"
#include "server/lib/http_support.h"

namespace flowcast::http {

namespace {
constexpr const char* kContactPath = R"(/v1/contacts/([^/]+))";
}

void install_contact_routes(httplib::Server& server, Context& ctx) {
  server.Put(kContactPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::ingest)) return;
    Json body;
    if (!json_body(ctx, req, res, &body)) return;
    InputErrors errors;
    auto contact = parse_api_contact(req.matches[1], body, ctx.service.zones(), &errors);
    if (!contact) return send_error(res, 422, "invalid contact; nothing was changed", errors.lines);
    send(res, ctx.service.put_contact(req.matches[1], *contact));
  });
  server.Get(kContactPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    send(res, ctx.service.get_contact(req.matches[1]));
  });
  server.Delete(kContactPath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::admin)) return;
    send(res, ctx.service.delete_contact(req.matches[1]));
  });
}

}  // namespace flowcast::http
