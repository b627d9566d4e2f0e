// Composing the RFC 5322 text of an email from an outbox row: headers (with a deterministic
// Message-ID and a List-Unsubscribe link, RFC 2369 and RFC 8058 one-click), UTF-8 plain body.
#pragma once

#include <string>

#include "core/time/instant.h"
#include "server/lib/storage.h"

namespace flowcast {

struct EmailParts {
  std::string from;             // bare address
  std::string unsubscribe_url;  // "" for none
  time::Instant date = 0;
};

// True iff `address` is safe to put in a header and an SMTP envelope: one @, no spaces,
// control characters or angle brackets.
bool plausible_email(const std::string& address);

// The full message text with CRLF line ends. REQUIRES: plausible_email(row.to).
std::string compose_email(const OutboxRow& row, const EmailParts& parts);

// "=?UTF-8?B?...?=" when the text is not plain printable ASCII; the text itself otherwise.
std::string encode_header_text(const std::string& text);

}  // namespace flowcast
