// Civil-date arithmetic and the text forms of instants, durations and times of day.
//
// Everything is integer arithmetic on 64-bit values, so results are identical on every platform.
#include "core/time/instant.h"

#include <algorithm>
#include <limits>

namespace flowcast::time {
namespace {

// Keeps civil_from_days' internal arithmetic defined for absurd inputs (about +-3e9 years).
constexpr std::int64_t kMaxAbsDays = std::int64_t{1} << 40;

// Division rounding toward negative infinity, safe for every int64 numerator.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if (a % b != 0 && ((a % b < 0) != (b < 0))) --q;
  return q;
}

// The non-negative remainder matching floor_div.
std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `width` decimal digits at text[pos], or returns -1.
int read_fixed(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos > text.size() || text.size() - pos < width) return -1;
  int v = 0;
  for (std::size_t i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (!is_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Appends v zero-padded to `width` digits (v >= 0).
void append_padded(std::string& out, std::int64_t v, std::size_t width) {
  std::string digits = std::to_string(v);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

// The UTC offset suffix of an RFC 3339 timestamp, in seconds east, or nullopt.
std::optional<int> parse_offset_suffix(std::string_view s) {
  if (s.size() == 1 && (s[0] == 'Z' || s[0] == 'z')) return 0;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  int hh = read_fixed(s, 1, 2);
  int mm = read_fixed(s, 4, 2);
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return std::nullopt;
  int seconds = hh * 3600 + mm * 60;
  return s[0] == '-' ? -seconds : seconds;
}

}  // namespace

std::int64_t days_from_civil(CivilDate d) {
  // Hinnant: shift the year to start in March so the leap day is the last day of the year.
  const std::int64_t y = std::int64_t{d.year} - (d.month <= 2 ? 1 : 0);
  const std::int64_t m = d.month;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;                              // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = std::clamp(days, -kMaxAbsDays, kMaxAbsDays) + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;                                      // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                    // [0, 11]
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
}

int weekday_from_days(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>((days % 7 + 10) % 7);
}

std::optional<Instant> parse_instant(std::string_view text) {
  // Fixed layout: YYYY-MM-DDTHH:MM:SS followed by the offset.
  if (text.size() < 20) return std::nullopt;
  if (text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':') return std::nullopt;
  if (text[10] != 'T' && text[10] != 't') return std::nullopt;
  const int year = read_fixed(text, 0, 4);
  const int month = read_fixed(text, 5, 2);
  const int day = read_fixed(text, 8, 2);
  const int hour = read_fixed(text, 11, 2);
  const int minute = read_fixed(text, 14, 2);
  const int second = read_fixed(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (day > days_in_month(year, month)) return std::nullopt;
  // Leap seconds (:60) cannot be represented on a POSIX time line, so they are refused.
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return std::nullopt;
  }
  const std::optional<int> offset = parse_offset_suffix(text.substr(19));
  if (!offset) return std::nullopt;
  const std::int64_t days = days_from_civil(CivilDate{year, month, day});
  return days * kDay + hour * kHour + minute * kMinute + second - *offset;
}

std::string format_instant(Instant t) {
  const std::int64_t days = floor_div(t, kDay);
  const std::int64_t sod = floor_mod(t, kDay);
  const CivilDate d = civil_from_days(days);
  std::string out;
  if (d.year < 0) out += '-';
  append_padded(out, d.year < 0 ? -std::int64_t{d.year} : d.year, 4);
  out += '-';
  append_padded(out, d.month, 2);
  out += '-';
  append_padded(out, d.day, 2);
  out += 'T';
  append_padded(out, sod / kHour, 2);
  out += ':';
  append_padded(out, sod % kHour / kMinute, 2);
  out += ':';
  append_padded(out, sod % kMinute, 2);
  out += 'Z';
  return out;
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  Duration unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = kMinute; break;
    case 'h': unit = kHour; break;
    case 'd': unit = kDay; break;
    case 'w': unit = kWeek; break;
    default: return std::nullopt;
  }
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t count = 0;
  for (char c : text.substr(0, text.size() - 1)) {
    if (!is_digit(c)) return std::nullopt;
    const int digit = c - '0';
    if (count > (kMax - digit) / 10) return std::nullopt;
    count = count * 10 + digit;
  }
  if (count > kMax / unit) return std::nullopt;
  return count * unit;
}

std::string format_duration(Duration d) {
  if (d == 0) return "0s";
  // Largest unit first; the remainder test works for negative values too.
  if (d % kWeek == 0) return std::to_string(d / kWeek) + "w";
  if (d % kDay == 0) return std::to_string(d / kDay) + "d";
  if (d % kHour == 0) return std::to_string(d / kHour) + "h";
  if (d % kMinute == 0) return std::to_string(d / kMinute) + "m";
  return std::to_string(d) + "s";
}

std::optional<int> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  const int hh = read_fixed(text, 0, 2);
  const int mm = read_fixed(text, 3, 2);
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return std::nullopt;
  return hh * 60 + mm;
}

}  // namespace flowcast::time
