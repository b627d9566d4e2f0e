// std::from_chars for double, which Emscripten 3.1.6's libc++ lacks (libc++ gained floating-point
// from_chars only in LLVM 20). Force-included (-include) into core/ by wasm/CMakeLists.txt so that
// core/ compiles unchanged.
//
// Behaves like libstdc++'s (the native build's) for chars_format::general: an optional '-', then
// digits with an optional '.', then an optional exponent, or inf / infinity / nan; no leading
// whitespace, no '+'. The value is correctly rounded (musl's strtod, as fast_float in libstdc++).
// Overflow to infinity and underflow to zero give errc::result_out_of_range and leave `value`
// unchanged, as libstdc++ does; subnormal results are accepted.
#pragma once

#include <charconv>

#if defined(__EMSCRIPTEN__) && defined(_LIBCPP_VERSION) && !defined(__cpp_lib_to_chars)

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace flowcast_compat {

inline bool ascii_ieq(const char* p, const char* last, const char* word) {
  for (; *word; ++p, ++word) {
    if (p == last) return false;
    char c = *p;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != *word) return false;
  }
  return true;
}

inline std::from_chars_result from_chars_double(const char* first, const char* last,
                                                double& value) {
  const char* p = first;
  const bool negative = p != last && *p == '-';
  if (negative) ++p;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  // inf, infinity, nan, nan(n-char-sequence)
  if (p != last && !is_digit(*p) && *p != '.') {
    const double sign = negative ? -1.0 : 1.0;
    if (ascii_ieq(p, last, "infinity")) {
      value = sign * HUGE_VAL;
      return {p + 8, std::errc()};
    }
    if (ascii_ieq(p, last, "inf")) {
      value = sign * HUGE_VAL;
      return {p + 3, std::errc()};
    }
    if (ascii_ieq(p, last, "nan")) {
      const char* q = p + 3;
      if (q != last && *q == '(') {
        const char* r = q + 1;
        while (r != last && (is_digit(*r) || *r == '_' || (*r >= 'a' && *r <= 'z') ||
                             (*r >= 'A' && *r <= 'Z'))) {
          ++r;
        }
        if (r != last && *r == ')') q = r + 1;
      }
      value = std::copysign(std::nan(""), negative ? -1.0 : 1.0);
      return {q, std::errc()};
    }
    return {first, std::errc::invalid_argument};
  }
  const char* mantissa = p;
  bool any_digit = false, nonzero = false;
  while (p != last && is_digit(*p)) {
    any_digit = true;
    nonzero |= *p != '0';
    ++p;
  }
  if (p != last && *p == '.') {
    ++p;
    while (p != last && is_digit(*p)) {
      any_digit = true;
      nonzero |= *p != '0';
      ++p;
    }
  }
  if (!any_digit) return {first, std::errc::invalid_argument};
  if (p != last && (*p == 'e' || *p == 'E')) {
    const char* q = p + 1;
    if (q != last && (*q == '+' || *q == '-')) ++q;
    if (q != last && is_digit(*q)) {
      while (q != last && is_digit(*q)) ++q;
      p = q;
    }
  }
  const std::string text(negative ? mantissa - 1 : mantissa, p);
  errno = 0;
  const double v = std::strtod(text.c_str(), nullptr);
  if (std::isinf(v) || (v == 0.0 && nonzero)) return {p, std::errc::result_out_of_range};
  value = v;
  return {p, std::errc()};
}

}  // namespace flowcast_compat

namespace std {
inline from_chars_result from_chars(const char* first, const char* last, double& value) {
  return flowcast_compat::from_chars_double(first, last, value);
}
}  // namespace std

#endif
