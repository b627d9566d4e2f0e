// Instants, durations, times of day and civil dates.
//
// An Instant is a count of seconds since 1970-01-01T00:00:00Z (UTC, no leap seconds).
// A Duration is a count of seconds. Both are 64-bit on every platform (wasm32 included),
// so reports are byte-identical everywhere. Nothing here reads a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flowcast::time {

using Instant = std::int64_t;
using Duration = std::int64_t;

inline constexpr Duration kMinute = 60;
inline constexpr Duration kHour = 3600;
inline constexpr Duration kDay = 86400;
inline constexpr Duration kWeek = 7 * kDay;

// A date on the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// A wall-clock reading: date plus seconds since local midnight.
struct CivilTime {
  CivilDate date;
  int seconds_of_day = 0;  // 0..86399
  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

// Days since 1970-01-01 for a civil date, and back (Howard Hinnant's algorithms).
std::int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(std::int64_t days);
// 0 = Monday ... 6 = Sunday.
int weekday_from_days(std::int64_t days);

// Parses RFC 3339 with whole seconds: "2026-03-02T14:00:00Z" or "...+01:00" / "...-05:30".
// Lower-case 't'/'z' are accepted as RFC 3339 allows. Returns nullopt on anything else,
// including impossible dates (Feb 30), fractional seconds and out-of-range offsets.
std::optional<Instant> parse_instant(std::string_view text);

// Always "YYYY-MM-DDTHH:MM:SSZ" in UTC.
std::string format_instant(Instant t);

// Parses ^[0-9]+[smhdw]$ (1d = 86400 s exactly). Zero is accepted here; callers that need a
// positive duration check it themselves. Returns nullopt on overflow or bad syntax.
std::optional<Duration> parse_duration(std::string_view text);

// Shortest exact text for a duration in the largest unit that divides it: "2d", "90m", "0s".
std::string format_duration(Duration d);

// Parses "HH:MM" (00:00..23:59, two digits each). Returns minutes since midnight.
std::optional<int> parse_time_of_day(std::string_view text);

}  // namespace flowcast::time
