// append_json_string() and append_json_number(): see json_text.h. Ill-formed UTF-8 (rare: only
// through expression results) still goes through nlohmann for its exact replacement rules.
#include "core/util/json_text.h"

#include <charconv>
#include <cmath>

namespace flowcast {
namespace {

// Length of the well-formed UTF-8 sequence that starts at s[i] (Unicode table 3-7), 0 when it
// is ill-formed. REQUIRES: s[i] >= 0x80.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto continuation = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80; };
  const std::size_t left = s.size() - i;
  const unsigned char c = byte(0);
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && continuation(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3) return 0;
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;  // no surrogates
    return byte(1) >= lo && byte(1) <= hi && continuation(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4) return 0;
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;  // no overlong forms
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return byte(1) >= lo && byte(1) <= hi && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::size_t mark = out.size();
  out += '"';
  std::size_t verbatim = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0) {
        out.resize(mark);
        out += nlohmann::json(std::string(s))
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
      }
      i += n;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(s, verbatim, i - verbatim);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
        break;
    }
    verbatim = ++i;
  }
  out.append(s, verbatim, std::string_view::npos);
  out += '"';
}

void append_json_number(std::string& out, const nlohmann::json& v) {
  char buf[64];
  char* end = buf;
  switch (v.type()) {
    case nlohmann::json::value_t::number_integer:
      end = std::to_chars(buf, buf + sizeof buf, v.get_ref<const std::int64_t&>()).ptr;
      break;
    case nlohmann::json::value_t::number_unsigned:
      end = std::to_chars(buf, buf + sizeof buf, v.get_ref<const std::uint64_t&>()).ptr;
      break;
    case nlohmann::json::value_t::number_float: {
      const double x = v.get_ref<const double&>();
      if (!std::isfinite(x)) {
        out += "null";
        return;
      }
      // nlohmann's own Grisu2 conversion, as its serializer calls it.
      end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);
      break;
    }
    default:
      out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
  }
  out.append(buf, end);
}

void append_json(std::string& out, const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null:
      out += "null";
      return;
    case nlohmann::json::value_t::boolean:
      out += v.get_ref<const bool&>() ? "true" : "false";
      return;
    case nlohmann::json::value_t::string:
      append_json_string(out, v.get_ref<const std::string&>());
      return;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      append_json_number(out, v);
      return;
    default:
      out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
  }
}

}  // namespace flowcast
