// GET and POST /u/{token}: the List-Unsubscribe link of every email. GET shows a confirmation
// page (link scanners follow GETs); POST, from that page or from a mail client's RFC 8058
// one-click, records an `unsubscribe` event for the signed contact and channel.
#include "server/lib/crypto.h"
#include "server/lib/http_support.h"
#include "server/lib/unsubscribe.h"

namespace flowcast::http {

namespace {

constexpr const char* kUnsubscribePath = R"(/u/([A-Za-z0-9_.-]+))";

void page(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content("<!doctype html><meta charset=utf-8><meta name=viewport "
                  "content=\"width=device-width\"><title>Unsubscribe</title>" + body + "\n",
                  "text/html; charset=utf-8");
}

}  // namespace

void install_unsubscribe_routes(httplib::Server& server, Context& ctx) {
  server.Get(kUnsubscribePath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!verify_unsubscribe_token(ctx.unsubscribe_secret, req.matches[1].str())) {
      return page(res, 404, "<p>This unsubscribe link is not valid.</p>");
    }
    page(res, 200, "<form method=post><p>Stop receiving these emails?</p>"
                   "<button type=submit>Unsubscribe</button></form>");
  });
  server.Post(kUnsubscribePath, [&ctx](const httplib::Request& req, httplib::Response& res) {
    std::string token = req.matches[1];
    auto target = verify_unsubscribe_token(ctx.unsubscribe_secret, token);
    if (!target) return page(res, 404, "<p>This unsubscribe link is not valid.</p>");
    IncomingEvent e;
    e.contact = target->contact;
    e.type = "unsubscribe";
    e.properties = {{"channel", target->channel}};
    // One event however many times the link is followed.
    e.id = "unsubscribe:" + crypto::hex(crypto::sha256(token)).substr(0, 32);
    std::vector<IncomingEvent> events;
    events.push_back(std::move(e));
    ApiResult r = ctx.service.ingest(std::move(events));
    if (r.status != 202) return page(res, 503, "<p>Please try again in a moment.</p>");
    ++ctx.metrics.unsubscribes;
    page(res, 200, "<p>You are unsubscribed.</p>");
  });
}

}  // namespace flowcast::http
