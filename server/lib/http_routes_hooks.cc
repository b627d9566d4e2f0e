// POST /hooks/shopify and POST /hooks/woocommerce: signature first (HMAC-SHA256 of the raw body
// under the shared secret, constant-time compare), then the mapping, then ingestion.
#include "server/lib/event_input.h"
#include "server/lib/http_support.h"
#include "server/lib/shop_hooks.h"

namespace flowcast::http {

namespace {

void ingest_mapping(Context& ctx, httplib::Response& res, const HookMapping& m) {
  if (m.events.empty()) return send(res, api_ok({{"ignored", m.ignored}}));
  InputErrors errors;
  auto events = validate_events(m.events, ctx.service.zones(), "/mapped", &errors);
  if (!errors.empty()) return send_error(res, 422, "the webhook does not map to valid events", errors.lines);
  ApiResult r = ctx.service.ingest(std::move(events));
  if (r.status == 202) r.status = 200;  // shops expect 200
  send(res, r);
}

bool parse_hook_body(Context& ctx, const httplib::Request& req, httplib::Response& res, Json* body) {
  return json_body(ctx, req, res, body);
}

}  // namespace

void install_hook_routes(httplib::Server& server, Context& ctx) {
  server.Post("/hooks/shopify", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (ctx.config.shopify_secret.empty()) {
      return send_error(res, 404, "Shopify webhooks are not configured (shopify_secret)");
    }
    if (!verify_hmac_base64(ctx.config.shopify_secret, req.body,
                            req.get_header_value("X-Shopify-Hmac-Sha256"))) {
      return send_error(res, 401, "bad or missing X-Shopify-Hmac-Sha256 signature");
    }
    std::string topic = req.get_header_value("X-Shopify-Topic");
    if (topic.empty()) return send_error(res, 400, "missing X-Shopify-Topic header");
    Json body;
    if (!parse_hook_body(ctx, req, res, &body)) return;
    ingest_mapping(ctx, res,
                   map_shopify(topic, req.get_header_value("X-Shopify-Webhook-Id"), body));
  });
  server.Post("/hooks/woocommerce", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (ctx.config.woocommerce_secret.empty()) {
      return send_error(res, 404, "WooCommerce webhooks are not configured (woocommerce_secret)");
    }
    std::string topic = req.get_header_value("X-WC-Webhook-Topic");
    if (topic.empty() && req.body.rfind("webhook_id=", 0) == 0) {
      // WooCommerce pings a new webhook with a form body, no topic and no signature.
      return send(res, api_ok({{"ignored", "ping"}}));
    }
    if (!verify_hmac_base64(ctx.config.woocommerce_secret, req.body,
                            req.get_header_value("X-WC-Webhook-Signature"))) {
      return send_error(res, 401, "bad or missing X-WC-Webhook-Signature signature");
    }
    if (topic.empty()) return send_error(res, 400, "missing X-WC-Webhook-Topic header");
    Json body;
    if (!parse_hook_body(ctx, req, res, &body)) return;
    ingest_mapping(ctx, res,
                   map_woocommerce(topic, req.get_header_value("X-WC-Webhook-Delivery-ID"), body));
  });
}

}  // namespace flowcast::http
