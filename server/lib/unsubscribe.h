// Signed unsubscribe links: /u/{token}, where the token names a contact and a channel and
// carries an HMAC-SHA256 signature under the server's unsubscribe secret, so nobody can
// unsubscribe someone else by guessing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flowcast {

struct UnsubscribeTarget {
  std::string contact;
  std::string channel;
};

std::string make_unsubscribe_token(std::string_view secret, const UnsubscribeTarget& target);
// The target iff the token is well-formed and its signature is right.
std::optional<UnsubscribeTarget> verify_unsubscribe_token(std::string_view secret,
                                                          std::string_view token);

}  // namespace flowcast
