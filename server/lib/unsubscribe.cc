// Unsubscribe tokens: base64url(contact "\n" channel) "." base64url(HMAC).
#include "server/lib/unsubscribe.h"

#include "server/lib/crypto.h"

namespace flowcast {

namespace {
std::string signature(std::string_view secret, std::string_view payload) {
  return crypto::base64url(crypto::hmac_sha256(secret, std::string("flowcast.unsubscribe|") +
                                                           std::string(payload)));
}
}  // namespace

std::string make_unsubscribe_token(std::string_view secret, const UnsubscribeTarget& t) {
  std::string payload = crypto::base64url(t.contact + "\n" + t.channel);
  return payload + "." + signature(secret, payload);
}

std::optional<UnsubscribeTarget> verify_unsubscribe_token(std::string_view secret,
                                                          std::string_view token) {
  if (token.size() > 4096) return std::nullopt;
  std::size_t dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view payload = token.substr(0, dot);
  std::string_view sig = token.substr(dot + 1);
  if (!crypto::constant_time_equal(sig, signature(secret, payload))) return std::nullopt;
  auto raw = crypto::base64_decode(payload);
  if (!raw) return std::nullopt;
  std::size_t nl = raw->find('\n');
  if (nl == std::string::npos || nl == 0) return std::nullopt;
  return UnsubscribeTarget{raw->substr(0, nl), raw->substr(nl + 1)};
}

}  // namespace flowcast
