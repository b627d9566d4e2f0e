// libcurl delivery: SMTP for email, HTTP POST for the gateway and webhooks.
#include <curl/curl.h>

#include <cstring>

#include "server/lib/email_message.h"
#include "server/lib/sender.h"
#include "server/lib/unsubscribe.h"

namespace flowcast {

CurlGlobal::CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
CurlGlobal::~CurlGlobal() { curl_global_cleanup(); }

namespace {

// An upload that calls the hand-over hook before its point of no return. `hold_last`: the last
// byte is held back until the hook ran (HTTP: the receiver acts on a complete body only);
// otherwise the hook runs at the end of the data (SMTP: libcurl sends the end-of-data mark
// only after the read callback reported the end).
struct Upload {
  const std::string* text;
  const HandOver* hand_over;
  bool hold_last = false;
  std::size_t pos = 0;
  bool handed_over = false;
  bool aborted = false;
};

std::size_t read_upload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t want = size * n;
  std::size_t total = u->text->size();
  std::size_t limit = u->hold_last && total > 0 && !u->handed_over ? total - 1 : total;
  if (u->pos >= limit && !u->handed_over) {
    u->handed_over = true;
    if (*u->hand_over && !(*u->hand_over)()) {
      u->aborted = true;
      return CURL_READFUNC_ABORT;
    }
    limit = total;
  }
  std::size_t k = std::min(want, limit - u->pos);
  std::memcpy(buf, u->text->data() + u->pos, k);
  u->pos += k;
  return k;
}

// The error of an attempt aborted because its `confirming` mark could not be stored.
constexpr const char* kAborted = "the attempt was aborted: its confirming state could not be stored";

std::size_t discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

// 4xx (but 408 and 429) and SMTP 5xx replies are permanent; everything else may pass later.
bool permanent_http(long code) { return code >= 400 && code < 500 && code != 408 && code != 429; }

class CurlSender final : public Sender {
 public:
  CurlSender(const ServerConfig& c, std::string secret) : c_(c), secret_(std::move(secret)) {}

  SendResult send(const OutboxRow& row, time::Instant now, const HandOver& hand_over) override {
    if (row.channel == "email") return send_email(row, now, hand_over);
    if (row.channel == "sms" || row.channel == "push") return send_gateway(row, hand_over);
    if (row.channel == "webhook") return post(row.to, row.body, row.id, "", hand_over);
    return {SendResult::Kind::failed, "nothing to deliver for channel " + row.channel};
  }

 private:
  SendResult send_email(const OutboxRow& row, time::Instant now, const HandOver& hand_over) {
    if (c_.smtp_url.empty()) return {SendResult::Kind::failed, "no SMTP server configured"};
    if (!plausible_email(row.to)) return {SendResult::Kind::failed, "invalid email address"};
    if (!plausible_email(c_.smtp_from)) return {SendResult::Kind::failed, "invalid smtp_from address"};
    EmailParts parts;
    parts.from = c_.smtp_from;
    parts.date = now;
    parts.unsubscribe_url =
        c_.public_url + "/u/" + make_unsubscribe_token(secret_, {row.contact, "email"});
    std::string text = compose_email(row, parts);
    CURL* curl = curl_easy_init();
    if (!curl) return {SendResult::Kind::retry, "curl_easy_init failed"};
    Upload up{&text, &hand_over};
    std::string from = "<" + c_.smtp_from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + row.to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, c_.smtp_url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    if (!c_.smtp_username.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, c_.smtp_username.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, c_.smtp_password.c_str());
      curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (up.aborted) return {SendResult::Kind::retry, kAborted};
    if (rc == CURLE_OK) return {SendResult::Kind::delivered, ""};
    std::string err = std::string("smtp: ") + curl_easy_strerror(rc);
    if (code) err += " (reply " + std::to_string(code) + ")";
    if (code >= 500 && code < 600) return {SendResult::Kind::failed, err};
    return {SendResult::Kind::retry, err};
  }

  SendResult send_gateway(const OutboxRow& row, const HandOver& hand_over) {
    if (c_.gateway_url.empty()) {
      return {SendResult::Kind::failed, "no gateway configured for " + row.channel};
    }
    Json body = {{"id", row.id},           {"channel", row.channel}, {"to", row.to},
                 {"contact", row.contact}, {"workflow", row.workflow}, {"template", row.template_id},
                 {"body", row.body}};
    return post(c_.gateway_url, body.dump(-1, ' ', false, Json::error_handler_t::replace), row.id,
                c_.gateway_token, hand_over);
  }

  SendResult post(const std::string& url, const std::string& body, const std::string& id,
                  const std::string& token, const HandOver& hand_over) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      return {SendResult::Kind::failed, "the URL is not http(s)"};
    }
    CURL* curl = curl_easy_init();
    if (!curl) return {SendResult::Kind::retry, "curl_easy_init failed"};
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, ("X-Flowcast-Message-Id: " + id).c_str());
    if (!token.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    // An empty body has no last byte to hold back: hand over before the request.
    if (body.empty() && hand_over && !hand_over()) {
      curl_slist_free_all(headers);
      curl_easy_cleanup(curl);
      return {SendResult::Kind::retry, kAborted};
    }
    Upload up{&body, &hand_over, true};
    up.handed_over = body.empty();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (up.aborted) return {SendResult::Kind::retry, kAborted};
    if (rc != CURLE_OK) return {SendResult::Kind::retry, std::string("http: ") + curl_easy_strerror(rc)};
    if (code >= 200 && code < 300) return {SendResult::Kind::delivered, ""};
    std::string err = "http: status " + std::to_string(code);
    return {permanent_http(code) ? SendResult::Kind::failed : SendResult::Kind::retry, err};
  }

  ServerConfig c_;
  std::string secret_;
};

}  // namespace

std::unique_ptr<Sender> make_curl_sender(const ServerConfig& config,
                                         const std::string& unsubscribe_secret) {
  return std::make_unique<CurlSender>(config, unsubscribe_secret);
}

}  // namespace flowcast
