// POST /v1/events and the Segment-compatible /v1/track, /v1/identify, /v1/batch.
#include "server/lib/event_input.h"
#include "server/lib/http_support.h"
#include "server/lib/segment.h"

namespace flowcast::http {

void install_event_routes(httplib::Server& server, Context& ctx) {
  server.Post("/v1/events", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!authorize(ctx, req, res, Scope::ingest)) return;
    Json body;
    if (!json_body(ctx, req, res, &body)) return;
    InputErrors errors;
    auto events = parse_api_events(body, ctx.service.zones(), ctx.config.max_batch_events, &errors);
    if (!errors.empty()) return send_error(res, 422, "invalid events; nothing was stored", errors.lines);
    send(res, ctx.service.ingest(std::move(events)));
  });

  for (const char* type : {"track", "identify", "batch"}) {
    std::string path = std::string("/v1/") + type;
    std::string kind = type;
    server.Post(path, [&ctx, kind](const httplib::Request& req, httplib::Response& res) {
      if (!authorize(ctx, req, res, Scope::ingest)) return;
      Json body;
      if (!json_body(ctx, req, res, &body)) return;
      SegmentMapping m = map_segment(kind, body);
      if (!m.errors.empty()) return send_error(res, 400, "invalid " + kind + " call", m.errors);
      if (m.events.size() > ctx.config.max_batch_events) {
        return send_error(res, 413, "more than " + std::to_string(ctx.config.max_batch_events) +
                                        " calls in one batch");
      }
      if (m.events.empty()) return send(res, api_ok({{"success", true}}));
      InputErrors errors;
      auto events = validate_events(m.events, ctx.service.zones(), kind == "batch" ? "/batch" : "",
                                    &errors);
      if (!errors.empty()) return send_error(res, 400, "invalid " + kind + " call", errors.lines);
      ApiResult r = ctx.service.ingest(std::move(events));
      if (r.status != 202) return send(res, r);
      send(res, api_ok({{"success", true}}));
    });
  }
}

}  // namespace flowcast::http
