// Unit tests for core/time: civil dates, RFC 3339, durations, TZif zones and FileZoneSource.
#include <boost/test/unit_test.hpp>

#include <stdlib.h>  // mkdtemp

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/time/instant.h"
#include "core/time/zone.h"
#include "server/lib/file_zone_source.h"

using namespace flowcast::time;

namespace {

Instant at(std::string_view text) {
  const std::optional<Instant> t = parse_instant(text);
  BOOST_REQUIRE_MESSAGE(t.has_value(), "bad test instant " << text);
  return *t;
}

CivilTime local(int y, int mo, int d, int h, int mi, int s = 0) {
  return CivilTime{CivilDate{y, mo, d}, h * 3600 + mi * 60 + s};
}

// Zones come from the system tzdata, as the native program reads them.
std::shared_ptr<const Zone> system_zone(std::string_view name) {
  static const flowcast::FileZoneSource source;
  ZoneCache cache(&source);
  std::string error;
  std::shared_ptr<const Zone> zone = cache.find(name, &error);
  BOOST_REQUIRE_MESSAGE(zone != nullptr, "cannot load " << name << ": " << error);
  return zone;
}

std::string system_bytes(std::string_view name) {
  const std::optional<std::string> bytes = flowcast::FileZoneSource().tzif(name);
  BOOST_REQUIRE(bytes.has_value());
  return *bytes;
}

// --- A small TZif writer for hand-made zones -------------------------------------------------

void put_be(std::string& out, std::uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

struct TzifSpec {
  char version = '2';
  std::vector<std::pair<std::int64_t, std::uint8_t>> transitions;  // time, type index
  std::vector<std::int32_t> offsets{0};                            // one type per offset
  std::string footer;                                              // v2+ only
};

// One header and data block; designations are a single "X\0" shared by all types.
void put_block(std::string& out, const TzifSpec& spec, int time_size) {
  out += "TZif";
  out += spec.version == '1' ? '\0' : spec.version;
  out.append(15, '\0');
  const std::uint64_t counts[] = {0, 0, 0, spec.transitions.size(), spec.offsets.size(), 2};
  for (std::uint64_t c : counts) put_be(out, c, 4);
  for (const auto& tr : spec.transitions) {
    put_be(out, static_cast<std::uint64_t>(tr.first), time_size);
  }
  for (const auto& tr : spec.transitions) out += static_cast<char>(tr.second);
  for (std::int32_t o : spec.offsets) {
    put_be(out, static_cast<std::uint32_t>(o), 4);
    out += '\0';
    out += '\0';
  }
  out += std::string("X\0", 2);
}

std::string make_tzif(const TzifSpec& spec) {
  std::string out;
  put_block(out, spec, 4);
  if (spec.version == '1') return out;
  put_block(out, spec, 8);
  return out + "\n" + spec.footer + "\n";
}

// A zone with no transitions at all: the footer rule decides every instant.
std::shared_ptr<const Zone> footer_zone(const std::string& tz) {
  TzifSpec spec;
  spec.footer = tz;
  std::string error;
  std::shared_ptr<const Zone> zone = Zone::from_tzif("test", make_tzif(spec), &error);
  BOOST_REQUIRE_MESSAGE(zone != nullptr, "footer " << tz << ": " << error);
  return zone;
}

bool tzif_rejected(const std::string& bytes) {
  std::string error;
  const bool rejected = Zone::from_tzif("bad", bytes, &error) == nullptr;
  return rejected && !error.empty();
}

}  // namespace

// =============================================================================================
BOOST_AUTO_TEST_SUITE(time_civil)

BOOST_AUTO_TEST_CASE(epoch_is_day_zero_and_a_thursday) {
  BOOST_TEST(days_from_civil(CivilDate{1970, 1, 1}) == 0);
  BOOST_TEST((civil_from_days(0) == CivilDate{1970, 1, 1}));
  BOOST_TEST(weekday_from_days(0) == 3);
}

BOOST_AUTO_TEST_CASE(every_day_from_1600_to_2400_round_trips_and_is_consecutive) {
  const std::int64_t first = days_from_civil(CivilDate{1600, 1, 1});
  const std::int64_t last = days_from_civil(CivilDate{2400, 12, 31});
  CivilDate previous = civil_from_days(first - 1);
  for (std::int64_t d = first; d <= last; ++d) {
    const CivilDate c = civil_from_days(d);
    BOOST_REQUIRE_EQUAL(days_from_civil(c), d);
    const bool next_day = c.day == previous.day + 1 && c.month == previous.month;
    const bool next_month = c.day == 1 && (c.month == previous.month + 1 ||
                                           (c.month == 1 && previous.month == 12 &&
                                            c.year == previous.year + 1));
    BOOST_REQUIRE(next_day || next_month);
    previous = c;
  }
}

BOOST_AUTO_TEST_CASE(leap_years_follow_the_gregorian_rule) {
  auto after = [](CivilDate d) { return civil_from_days(days_from_civil(d) + 1); };
  BOOST_TEST((after(CivilDate{2024, 2, 28}) == CivilDate{2024, 2, 29}));
  BOOST_TEST((after(CivilDate{2000, 2, 28}) == CivilDate{2000, 2, 29}));
  BOOST_TEST((after(CivilDate{2100, 2, 28}) == CivilDate{2100, 3, 1}));
  BOOST_TEST((after(CivilDate{2026, 2, 28}) == CivilDate{2026, 3, 1}));
  BOOST_TEST((after(CivilDate{2026, 12, 31}) == CivilDate{2027, 1, 1}));
}

BOOST_AUTO_TEST_CASE(negative_days_are_before_1970) {
  BOOST_TEST((civil_from_days(-1) == CivilDate{1969, 12, 31}));
  BOOST_TEST(days_from_civil(CivilDate{1969, 12, 31}) == -1);
  BOOST_TEST(days_from_civil(CivilDate{1900, 1, 1}) == -25567);
  BOOST_TEST((civil_from_days(-719468) == CivilDate{0, 3, 1}));
  BOOST_TEST((civil_from_days(-719469) == CivilDate{0, 2, 29}));  // year 0 is a leap year
  BOOST_TEST((civil_from_days(days_from_civil(CivilDate{-1, 12, 31})) == CivilDate{-1, 12, 31}));
}

BOOST_AUTO_TEST_CASE(weekdays_count_from_monday) {
  BOOST_TEST(weekday_from_days(days_from_civil(CivilDate{2026, 3, 2})) == 0);   // Monday
  BOOST_TEST(weekday_from_days(days_from_civil(CivilDate{2026, 3, 29})) == 6);  // Sunday
  BOOST_TEST(weekday_from_days(-1) == 2);                                       // Wednesday
  BOOST_TEST(weekday_from_days(-7) == 3);
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(time_rfc3339)

BOOST_AUTO_TEST_CASE(accepts_utc_and_offsets_in_either_case) {
  BOOST_TEST(*parse_instant("1970-01-01T00:00:00Z") == 0);
  BOOST_TEST(*parse_instant("2026-03-02T14:00:00Z") == 1772460000);
  BOOST_TEST(*parse_instant("2026-03-02t14:00:00z") == 1772460000);
  BOOST_TEST(*parse_instant("2026-03-02T15:00:00+01:00") == 1772460000);
  BOOST_TEST(*parse_instant("2026-03-02T08:30:00-05:30") == 1772460000);
  BOOST_TEST(*parse_instant("2026-03-02T14:00:00-00:00") == 1772460000);
  BOOST_TEST(*parse_instant("2024-02-29T23:59:59+23:59") == at("2024-02-29T00:00:59Z"));
  BOOST_TEST(*parse_instant("1969-12-31T23:59:59Z") == -1);
}

BOOST_AUTO_TEST_CASE(rejects_impossible_dates_fractions_bad_offsets_and_garbage) {
  const char* bad[] = {
      "",  "Z", "2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
      "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
      "2026-01-00T00:00:00Z", "2026-03-02T24:00:00Z", "2026-03-02T14:60:00Z",
      "2026-03-02T14:00:60Z", "2026-03-02T14:00:00.5Z", "2026-03-02T14:00:00.000Z",
      "2026-03-02T14:00:00", "2026-03-02T14:00Z", "2026-03-02T14:00:00+01",
      "2026-03-02T14:00:00+0100", "2026-03-02T14:00:00+24:00", "2026-03-02T14:00:00+01:60",
      "2026-03-02T14:00:00Z ", " 2026-03-02T14:00:00Z", "2026-03-02T14:00:00ZZ",
      "2026-03-02 14:00:00Z", "2026-3-2T14:00:00Z", "26-03-02T14:00:00Z",
      "+2026-03-02T14:00:00Z", "2026-03-02T14:00:00+1:00", "2026-03-02T14:00:00 +01:00",
      "2026-03-02T14:00:00Z+01:00", "2026/03/02T14:00:00Z", "2026-03-02T-4:00:00Z"};
  for (const char* text : bad) BOOST_TEST(!parse_instant(text).has_value(), "accepted " << text);
}

BOOST_AUTO_TEST_CASE(format_writes_utc_with_z_and_round_trips) {
  BOOST_TEST(format_instant(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(format_instant(1772460000) == "2026-03-02T14:00:00Z");
  BOOST_TEST(format_instant(-1) == "1969-12-31T23:59:59Z");
  BOOST_TEST(format_instant(at("0001-01-01T00:00:00Z")) == "0001-01-01T00:00:00Z");
  BOOST_TEST(format_instant(at("9999-12-31T23:59:59Z")) == "9999-12-31T23:59:59Z");
  for (Instant t = -5000000000; t < 5000000000; t += 123456789) {
    BOOST_TEST(*parse_instant(format_instant(t)) == t);
  }
}

BOOST_AUTO_TEST_CASE(format_of_extreme_instants_does_not_overflow) {
  BOOST_TEST(!format_instant(std::numeric_limits<Instant>::max()).empty());
  BOOST_TEST(!format_instant(std::numeric_limits<Instant>::min()).empty());
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(time_duration)

BOOST_AUTO_TEST_CASE(parses_each_unit_with_one_day_exactly_24_hours) {
  BOOST_TEST(*parse_duration("30s") == 30);
  BOOST_TEST(*parse_duration("15m") == 900);
  BOOST_TEST(*parse_duration("1h") == 3600);
  BOOST_TEST(*parse_duration("2d") == 172800);
  BOOST_TEST(*parse_duration("1w") == 604800);
  BOOST_TEST(*parse_duration("0s") == 0);
  BOOST_TEST(*parse_duration("007m") == 420);
}

BOOST_AUTO_TEST_CASE(rejects_bad_syntax) {
  const char* bad[] = {"", "s", "1", "1x", "-1s", "+1s", "1.5h", " 1h", "1h ", "1H", "1hs",
                       "h1", "1 h", "1d2h", "0x10s"};
  for (const char* text : bad) BOOST_TEST(!parse_duration(text).has_value(), "accepted " << text);
}

BOOST_AUTO_TEST_CASE(rejects_overflow_instead_of_wrapping) {
  BOOST_TEST(*parse_duration("9223372036854775807s") == std::numeric_limits<Duration>::max());
  BOOST_TEST(!parse_duration("9223372036854775808s").has_value());
  BOOST_TEST(!parse_duration("99999999999999999999999s").has_value());
  BOOST_TEST(parse_duration("15250284452471w").has_value());
  BOOST_TEST(!parse_duration("15250284452472w").has_value());
  BOOST_TEST(!parse_duration("106751991167301d").has_value());
}

BOOST_AUTO_TEST_CASE(format_uses_the_largest_exact_unit) {
  BOOST_TEST(format_duration(0) == "0s");
  BOOST_TEST(format_duration(172800) == "2d");
  BOOST_TEST(format_duration(5400) == "90m");
  BOOST_TEST(format_duration(604800) == "1w");
  BOOST_TEST(format_duration(8 * 86400) == "8d");
  BOOST_TEST(format_duration(3601) == "3601s");
  BOOST_TEST(format_duration(-3600) == "-1h");
  for (const char* text : {"30s", "15m", "1h", "2d", "1w", "90m", "25h"}) {
    BOOST_TEST(format_duration(*parse_duration(text)) == text);
  }
}

BOOST_AUTO_TEST_CASE(time_of_day_is_strict_hh_mm) {
  BOOST_TEST(*parse_time_of_day("00:00") == 0);
  BOOST_TEST(*parse_time_of_day("08:30") == 510);
  BOOST_TEST(*parse_time_of_day("23:59") == 1439);
  const char* bad[] = {"", "8:30", "08:3", "24:00", "12:60", "12-30", "12:30 ", "1230",
                       "12:30:00", "ab:cd", "-1:30"};
  for (const char* text : bad) {
    BOOST_TEST(!parse_time_of_day(text).has_value(), "accepted " << text);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(time_zone)

BOOST_AUTO_TEST_CASE(utc_is_always_known_and_has_offset_zero) {
  ZoneCache cache(nullptr);
  std::shared_ptr<const Zone> utc = cache.find("UTC");
  BOOST_REQUIRE(utc);
  BOOST_TEST(utc->name() == "UTC");
  BOOST_TEST(utc->offset_at(at("2026-06-01T00:00:00Z")) == 0);
  BOOST_TEST(utc->from_local(local(2026, 6, 1, 12, 0)) == at("2026-06-01T12:00:00Z"));
  std::string error;
  BOOST_TEST(!cache.find("Europe/Paris", &error));
  BOOST_TEST(!error.empty());
}

BOOST_AUTO_TEST_CASE(etc_utc_comes_from_the_source_and_is_cached) {
  flowcast::FileZoneSource source;
  ZoneCache cache(&source);
  std::shared_ptr<const Zone> etc = cache.find("Etc/UTC");
  BOOST_REQUIRE(etc);
  BOOST_TEST(etc->name() == "Etc/UTC");
  BOOST_TEST(etc->offset_at(at("2050-01-01T00:00:00Z")) == 0);
  BOOST_TEST(cache.find("Etc/UTC") == etc);
  std::string error;
  BOOST_TEST(!cache.find("Mars/Olympus_Mons", &error));
  BOOST_TEST(error.find("Mars/Olympus_Mons") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(paris_switches_at_01z_on_the_last_sundays_of_2026) {
  auto paris = system_zone("Europe/Paris");
  BOOST_TEST(paris->offset_at(at("2026-03-29T00:59:59Z")) == 3600);
  BOOST_TEST(paris->offset_at(at("2026-03-29T01:00:00Z")) == 7200);
  BOOST_TEST(paris->offset_at(at("2026-10-25T00:59:59Z")) == 7200);
  BOOST_TEST(paris->offset_at(at("2026-10-25T01:00:00Z")) == 3600);
  BOOST_TEST((paris->to_local(at("2026-03-29T01:00:00Z")) == local(2026, 3, 29, 3, 0)));
  BOOST_TEST((paris->to_local(at("2026-03-29T00:59:59Z")) == local(2026, 3, 29, 1, 59, 59)));
  BOOST_TEST((paris->to_local(at("2026-12-31T23:30:00Z")) == local(2027, 1, 1, 0, 30)));
}

BOOST_AUTO_TEST_CASE(new_york_switches_on_the_us_sundays_of_2026) {
  auto ny = system_zone("America/New_York");
  BOOST_TEST(ny->offset_at(at("2026-03-08T06:59:59Z")) == -18000);
  BOOST_TEST(ny->offset_at(at("2026-03-08T07:00:00Z")) == -14400);
  BOOST_TEST(ny->offset_at(at("2026-11-01T05:59:59Z")) == -14400);
  BOOST_TEST(ny->offset_at(at("2026-11-01T06:00:00Z")) == -18000);
  BOOST_TEST((ny->to_local(at("2026-01-01T03:00:00Z")) == local(2025, 12, 31, 22, 0)));
}

BOOST_AUTO_TEST_CASE(from_local_in_a_gap_gives_the_end_of_the_gap) {
  auto paris = system_zone("Europe/Paris");
  BOOST_TEST(paris->from_local(local(2026, 3, 29, 2, 30)) == at("2026-03-29T01:00:00Z"));
  BOOST_TEST(paris->from_local(local(2026, 3, 29, 2, 0)) == at("2026-03-29T01:00:00Z"));
  BOOST_TEST(paris->from_local(local(2026, 3, 29, 3, 0)) == at("2026-03-29T01:00:00Z"));
  BOOST_TEST(paris->from_local(local(2026, 3, 29, 1, 59, 59)) == at("2026-03-29T00:59:59Z"));
  auto ny = system_zone("America/New_York");
  BOOST_TEST(ny->from_local(local(2026, 3, 8, 2, 15)) == at("2026-03-08T07:00:00Z"));
}

BOOST_AUTO_TEST_CASE(from_local_twice_shown_gives_the_first_occurrence) {
  auto paris = system_zone("Europe/Paris");
  BOOST_TEST(paris->from_local(local(2026, 10, 25, 2, 30)) == at("2026-10-25T00:30:00Z"));
  BOOST_TEST(paris->from_local(local(2026, 10, 25, 2, 0)) == at("2026-10-25T00:00:00Z"));
  BOOST_TEST(paris->from_local(local(2026, 10, 25, 3, 0)) == at("2026-10-25T02:00:00Z"));
  auto ny = system_zone("America/New_York");
  BOOST_TEST(ny->from_local(local(2026, 11, 1, 1, 30)) == at("2026-11-01T05:30:00Z"));
}

BOOST_AUTO_TEST_CASE(from_local_inverts_to_local_outside_gaps_and_overlaps) {
  auto paris = system_zone("Europe/Paris");
  for (Instant t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += 1777) {
    const CivilTime wall = paris->to_local(t);
    const bool ambiguous = wall.date == CivilDate{2026, 10, 25} &&
                           wall.seconds_of_day >= 2 * 3600 && wall.seconds_of_day < 3 * 3600;
    if (!ambiguous) BOOST_REQUIRE_EQUAL(paris->from_local(wall), t);
  }
}

BOOST_AUTO_TEST_CASE(instants_beyond_2040_follow_the_footer_rule) {
  auto paris = system_zone("Europe/Paris");
  BOOST_TEST(paris->offset_at(at("2050-07-01T00:00:00Z")) == 7200);
  BOOST_TEST(paris->offset_at(at("2050-01-01T00:00:00Z")) == 3600);
  BOOST_TEST(paris->offset_at(at("2050-03-27T00:59:59Z")) == 3600);  // last Sunday of March
  BOOST_TEST(paris->offset_at(at("2050-03-27T01:00:00Z")) == 7200);
  BOOST_TEST(paris->from_local(local(2050, 3, 27, 2, 30)) == at("2050-03-27T01:00:00Z"));
  BOOST_TEST(paris->offset_at(at("2426-07-01T00:00:00Z")) == 7200);
  auto ny = system_zone("America/New_York");
  BOOST_TEST(ny->offset_at(at("2100-03-14T06:59:59Z")) == -18000);  // second Sunday of March
  BOOST_TEST(ny->offset_at(at("2100-03-14T07:00:00Z")) == -14400);
}

BOOST_AUTO_TEST_CASE(footer_rule_alone_agrees_with_the_listed_transitions) {
  const std::pair<const char*, const char*> zones[] = {
      {"Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"},
      {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
      {"Australia/Lord_Howe", "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"},
      {"Europe/Dublin", "IST-1GMT0,M10.5.0,M3.5.0/1"},
      {"America/Nuuk", "<-02>2<-01>,M3.5.0/-1,M10.5.0/0"},
      {"America/Santiago", "<-04>4<-03>,M9.1.6/24,M4.1.6/24"}};
  for (const auto& [name, tz] : zones) {
    auto listed = system_zone(name);
    auto rule = footer_zone(tz);
    for (Instant t = at("2030-01-01T00:00:00Z"); t < at("2036-01-01T00:00:00Z"); t += 1800) {
      BOOST_REQUIRE_MESSAGE(listed->offset_at(t) == rule->offset_at(t),
                            name << " at " << format_instant(t));
    }
  }
}

BOOST_AUTO_TEST_CASE(lord_howe_has_a_thirty_minute_dst) {
  auto lh = system_zone("Australia/Lord_Howe");
  BOOST_TEST(lh->offset_at(at("2026-04-04T14:59:59Z")) == 39600);
  BOOST_TEST(lh->offset_at(at("2026-04-04T15:00:00Z")) == 37800);
  BOOST_TEST(lh->offset_at(at("2026-10-03T15:29:59Z")) == 37800);
  BOOST_TEST(lh->offset_at(at("2026-10-03T15:30:00Z")) == 39600);
  // 02:00-02:30 on 2026-10-04 does not exist; 01:30-02:00 on 2026-04-05 happens twice.
  BOOST_TEST(lh->from_local(local(2026, 10, 4, 2, 15)) == at("2026-10-03T15:30:00Z"));
  BOOST_TEST(lh->from_local(local(2026, 4, 5, 1, 45)) == at("2026-04-04T14:45:00Z"));
  BOOST_TEST(lh->offset_at(at("2060-01-01T00:00:00Z")) == 39600);
}

BOOST_AUTO_TEST_CASE(kolkata_is_five_thirty_without_dst) {
  auto kolkata = system_zone("Asia/Kolkata");
  for (const char* t : {"2026-01-15T00:00:00Z", "2026-07-15T00:00:00Z", "2070-07-15T00:00:00Z"}) {
    BOOST_TEST(kolkata->offset_at(at(t)) == 19800);
  }
  BOOST_TEST(kolkata->from_local(local(2026, 3, 2, 9, 0)) == at("2026-03-02T03:30:00Z"));
  BOOST_TEST((kolkata->to_local(at("2026-03-02T20:00:00Z")) == local(2026, 3, 3, 1, 30)));
}

BOOST_AUTO_TEST_CASE(footer_without_dst_is_a_fixed_offset) {
  auto plus3 = footer_zone("<+03>-3");
  BOOST_TEST(plus3->offset_at(at("2026-06-01T00:00:00Z")) == 10800);
  BOOST_TEST(plus3->offset_at(std::numeric_limits<Instant>::min()) == 10800);
  auto tehran = footer_zone("<+0330>-3:30");
  BOOST_TEST(tehran->offset_at(0) == 12600);
  auto west = footer_zone("<-0930>9:30");
  BOOST_TEST(west->offset_at(0) == -34200);
}

BOOST_AUTO_TEST_CASE(footer_julian_day_never_counts_february_29) {
  auto zone = footer_zone("AAA0BBB,J60/0,J300/0");
  // J60 is March 1 in every year, leap or not.
  BOOST_TEST(zone->offset_at(at("2024-02-29T23:59:59Z")) == 0);
  BOOST_TEST(zone->offset_at(at("2024-03-01T00:00:00Z")) == 3600);
  BOOST_TEST(zone->offset_at(at("2025-03-01T00:00:00Z")) == 3600);
}

BOOST_AUTO_TEST_CASE(footer_zero_based_day_counts_february_29) {
  auto zone = footer_zone("AAA0BBB,59/0,300/0");
  // Day 59 is February 29 in a leap year and March 1 otherwise.
  BOOST_TEST(zone->offset_at(at("2024-02-29T00:00:00Z")) == 3600);
  BOOST_TEST(zone->offset_at(at("2025-02-28T23:59:59Z")) == 0);
  BOOST_TEST(zone->offset_at(at("2025-03-01T00:00:00Z")) == 3600);
}

BOOST_AUTO_TEST_CASE(footer_with_all_year_dst_stays_in_dst) {
  auto zone = footer_zone("EST5EDT,0/0,J365/25");
  for (const char* t : {"2026-01-01T04:59:59Z", "2026-01-01T05:00:00Z", "2026-06-01T00:00:00Z",
                        "2026-12-31T23:00:00Z", "2027-01-01T05:00:00Z"}) {
    BOOST_TEST(zone->offset_at(at(t)) == -14400, t);
  }
}

BOOST_AUTO_TEST_CASE(footer_dst_name_without_dates_uses_us_rules) {
  auto zone = footer_zone("EST5EDT");
  BOOST_TEST(zone->offset_at(at("2026-03-08T06:59:59Z")) == -18000);
  BOOST_TEST(zone->offset_at(at("2026-03-08T07:00:00Z")) == -14400);
}

BOOST_AUTO_TEST_CASE(extreme_instants_do_not_crash) {
  auto paris = system_zone("Europe/Paris");
  for (Instant t : {std::numeric_limits<Instant>::min(), std::numeric_limits<Instant>::max()}) {
    paris->offset_at(t);
    paris->to_local(t);
  }
  paris->from_local(local(2147483647, 12, 31, 23, 59));
  paris->from_local(local(-2147483647, 1, 1, 0, 0));
}

BOOST_AUTO_TEST_CASE(hand_made_v1_file_uses_its_32_bit_transitions) {
  TzifSpec spec;
  spec.version = '1';
  spec.offsets = {0, 3600};
  spec.transitions = {{1000, 1}, {2000, 0}};
  std::string error;
  auto zone = Zone::from_tzif("v1", make_tzif(spec), &error);
  BOOST_REQUIRE_MESSAGE(zone, error);
  BOOST_TEST(zone->offset_at(999) == 0);
  BOOST_TEST(zone->offset_at(1000) == 3600);
  BOOST_TEST(zone->offset_at(2000) == 0);
  BOOST_TEST(zone->offset_at(at("2050-01-01T00:00:00Z")) == 0);
}

BOOST_AUTO_TEST_CASE(truncated_tzif_is_rejected_at_every_length) {
  const std::string bytes = system_bytes("Europe/Paris");
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    BOOST_REQUIRE_MESSAGE(tzif_rejected(bytes.substr(0, n)), "accepted prefix of " << n);
  }
}

BOOST_AUTO_TEST_CASE(garbage_and_bit_flips_never_crash) {
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (int round = 0; round < 200; ++round) {
    std::string junk = round % 2 ? "TZif2" : "";
    for (int i = 0; i < round * 7; ++i) junk += static_cast<char>(next() >> 24);
    BOOST_TEST(tzif_rejected(junk));
  }
  const std::string bytes = system_bytes("America/New_York");
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string flipped = bytes;
    flipped[i] = static_cast<char>(flipped[i] ^ (1 << (next() >> 29)));
    std::string error;
    if (auto zone = Zone::from_tzif("flip", flipped, &error)) {
      zone->offset_at(at("2026-03-08T07:00:00Z"));
      zone->from_local(local(2026, 3, 8, 2, 30));
      zone->from_local(local(2050, 11, 1, 1, 30));
    }
  }
}

BOOST_AUTO_TEST_CASE(inconsistent_headers_and_bad_footers_are_rejected) {
  TzifSpec huge;
  std::string bytes = make_tzif(huge);
  for (int i = 0; i < 4; ++i) bytes[20 + 12 + i] = '\xFF';  // v1 timecnt = 2^32 - 1
  BOOST_TEST(tzif_rejected(bytes));

  TzifSpec bad_index;
  bad_index.transitions = {{0, 5}};
  BOOST_TEST(tzif_rejected(make_tzif(bad_index)));

  TzifSpec descending;
  descending.offsets = {0, 3600};
  descending.transitions = {{2000, 1}, {1000, 0}};
  BOOST_TEST(tzif_rejected(make_tzif(descending)));

  TzifSpec bad_offset;
  bad_offset.offsets = {100000};
  BOOST_TEST(tzif_rejected(make_tzif(bad_offset)));

  for (const char* tz : {"CET", "C-1", "<AB>1", "CET-25", "CET-1CEST,M13.5.0,M10.5.0",
                         "CET-1CEST,M3.5.0", "CET-1CEST,M3.6.0,M10.5.0", "CET-1CEST,M3.5.7,M10.5.0",
                         "CET-1CEST,J0,J300", "CET-1CEST,366,300", "CET-1CEST,M3.5.0/168,M10.5.0",
                         "CET-1CEST,M3.5.0,M10.5.0 ", "CET-1\nCEST", "<+03"}) {
    TzifSpec spec;
    spec.footer = tz;
    BOOST_TEST(tzif_rejected(make_tzif(spec)), "accepted footer " << tz);
  }
  BOOST_TEST(tzif_rejected(make_tzif(TzifSpec{}) + "x"));
}

BOOST_AUTO_TEST_SUITE_END()

// =============================================================================================
BOOST_AUTO_TEST_SUITE(time_file_zone_source)

BOOST_AUTO_TEST_CASE(refuses_names_that_could_escape_the_root) {
  flowcast::FileZoneSource source;
  for (const char* name : {"", "../etc/passwd", "Europe/../../etc/passwd", "/etc/passwd",
                           "Europe//Paris", "Europe/", "Europe\\Paris", "Europe/Paris.tzif",
                           "./UTC", "Europe/Par is", "zone.tab"}) {
    BOOST_TEST(!flowcast::FileZoneSource::is_safe_name(name), name);
    BOOST_TEST(!source.tzif(name).has_value(), name);
  }
  BOOST_TEST(!source.tzif(std::string("UTC\0x", 5)).has_value());
  BOOST_TEST(flowcast::FileZoneSource::is_safe_name("Etc/GMT+5"));
  BOOST_TEST(flowcast::FileZoneSource::is_safe_name("America/Port-au-Prince"));
}

BOOST_AUTO_TEST_CASE(returns_tzif_files_and_nothing_else) {
  char pattern[] = "/tmp/flowcast_time_test_XXXXXX";
  BOOST_REQUIRE(mkdtemp(pattern) != nullptr);
  const std::filesystem::path root(pattern);
  std::filesystem::create_directory(root / "Fake");
  std::ofstream(root / "Fake" / "Text") << "not a zone file";
  std::ofstream(root / "Fake" / "Zone", std::ios::binary) << system_bytes("Asia/Kolkata");

  flowcast::FileZoneSource source(root.string());
  BOOST_TEST(!source.tzif("Fake/Text").has_value());
  BOOST_TEST(!source.tzif("Fake").has_value());  // a directory
  BOOST_TEST(!source.tzif("Fake/Missing").has_value());
  const std::optional<std::string> zone = source.tzif("Fake/Zone");
  BOOST_REQUIRE(zone.has_value());
  BOOST_TEST(zone->substr(0, 4) == "TZif");
  std::filesystem::remove_all(root);
}

BOOST_AUTO_TEST_SUITE_END()
