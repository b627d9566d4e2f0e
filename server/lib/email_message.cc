// Email composition.
#include "server/lib/email_message.h"

#include <ctime>

#include "server/lib/crypto.h"

namespace flowcast {

bool plausible_email(const std::string& a) {
  if (a.empty() || a.size() > 254) return false;
  std::size_t at = a.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= a.size() || a.find('@', at + 1) != std::string::npos) {
    return false;
  }
  for (unsigned char c : a) {
    if (c <= 32 || c == 127 || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

std::string encode_header_text(const std::string& text) {
  bool plain = true;
  for (unsigned char c : text) {
    if (c < 32 || c > 126) plain = false;
  }
  if (plain && text.size() < 900) return text;
  // Encoded words of at most ~45 input bytes each, never splitting a UTF-8 sequence.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = std::min<std::size_t>(45, text.size() - i);
    while (n > 0 && i + n < text.size() &&
           (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) {
      --n;
    }
    if (n == 0) n = std::min<std::size_t>(45, text.size() - i);
    std::string chunk = text.substr(i, n);
    for (char& c : chunk) {
      if (c == '\r' || c == '\n') c = ' ';
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::base64(chunk) + "?=";
    i += n;
  }
  return out;
}

namespace {

std::string rfc5322_date(time::Instant t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// Body lines end in CRLF; a lone CR or LF becomes CRLF.
std::string crlf(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 40 + 2);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

}  // namespace

std::string compose_email(const OutboxRow& row, const EmailParts& parts) {
  std::string m;
  m += "From: " + parts.from + "\r\n";
  m += "To: " + row.to + "\r\n";
  m += "Subject: " + encode_header_text(row.subject) + "\r\n";
  m += "Date: " + rfc5322_date(parts.date) + "\r\n";
  std::string domain = parts.from.substr(parts.from.find('@') + 1);
  m += "Message-ID: <" + row.id + "@" + domain + ">\r\n";
  m += "X-Flowcast-Message-Id: " + row.id + "\r\n";
  if (!parts.unsubscribe_url.empty()) {
    m += "List-Unsubscribe: <" + parts.unsubscribe_url + ">\r\n";
    m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n";
  m += "\r\n";
  m += crlf(row.body);
  return m;
}

}  // namespace flowcast
