// Our TZif reader against Google's cctz, on the same system tzdata: the offset at instants from
// 1900 to 2500 and the instant of local times (gaps give the transition, repeated times their
// first occurrence), around every transition and on a weekly grid. The two were written
// independently, so agreement checks the table, the footer rule and its 400-year cycle.
#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "core/time/zone.h"
#include "server/lib/file_zone_source.h"

namespace {

using flowcast::time::CivilDate;
using flowcast::time::CivilTime;
using flowcast::time::Instant;
using flowcast::time::Zone;
using flowcast::time::ZoneCache;
// Whole seconds: a nanosecond system_clock overflows in 2262.
using Seconds = cctz::time_point<cctz::seconds>;

// Northern and southern DST, negative DST (Dublin, Casablanca), half-hour and 45-minute
// offsets, 30-minute DST (Lord Howe), zones that dropped or changed DST, no DST.
const char* const kZones[] = {
    "Europe/Paris",        "America/New_York",   "Australia/Lord_Howe", "Asia/Kolkata",
    "America/Sao_Paulo",   "Africa/Casablanca",  "Europe/Dublin",       "Pacific/Apia",
    "America/St_Johns",    "Asia/Tehran",        "Pacific/Chatham",     "Antarctica/Troll",
    "Australia/Sydney",    "America/Santiago",   "Europe/London",       "Asia/Kathmandu",
    "Pacific/Kiritimati",  "America/Adak",       "Europe/Moscow",       "Asia/Gaza",
    "America/Asuncion",    "Pacific/Auckland",   "UTC",                 "America/Godthab",
};

constexpr Instant kDay = 86400;
constexpr Instant kFrom = -2208988800;  // 1900-01-01
constexpr Instant kTo = 16725225600;    // 2500-01-01

Seconds tp(Instant t) { return Seconds(cctz::seconds(t)); }
Instant seconds(Seconds p) { return p.time_since_epoch().count(); }

// Instants worth checking: a weekly grid, and both sides of every cctz transition.
std::vector<Instant> instants(const cctz::time_zone& tz) {
  std::vector<Instant> out;
  for (Instant t = kFrom; t < kTo; t += 7 * kDay + 3607) out.push_back(t);
  auto at = tp(kFrom);
  cctz::time_zone::civil_transition tr;
  while (tz.next_transition(at, &tr)) {
    const Instant t = seconds(tz.lookup(tr.to).trans);
    if (t >= kTo) break;
    for (Instant d : {-3601, -1, 0, 1, 3599}) out.push_back(t + d);
    at = tp(t + 1);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(offsets_and_local_times_agree_with_cctz) {
  const flowcast::FileZoneSource source;
  for (const char* name : kZones) {
    cctz::time_zone tz;
    BOOST_TEST_REQUIRE(cctz::load_time_zone(name, &tz), "cctz cannot load " << name);
    ZoneCache cache(&source);
    std::string error;
    const std::shared_ptr<const Zone> zone = cache.find(name, &error);
    BOOST_TEST_REQUIRE(zone != nullptr, name << ": " << error);
    int offset_mismatches = 0;
    int local_mismatches = 0;
    const std::vector<Instant> points = instants(tz);
    BOOST_TEST_REQUIRE(points.size() > 30000u);
    BOOST_TEST_MESSAGE(name << ": " << points.size() << " instants");
    for (Instant t : points) {
      const int expected = tz.lookup(tp(t)).offset;
      if (zone->offset_at(t) != expected && ++offset_mismatches <= 3) {
        BOOST_ERROR(name << " offset at " << t << ": " << zone->offset_at(t) << " vs cctz "
                         << expected);
      }
      // The local reading of t, and of t shifted by half an hour (inside gaps and overlaps).
      for (Instant shift : {Instant{0}, Instant{1800}}) {
        const cctz::civil_second cs = cctz::convert(tp(t), tz) + shift;
        const cctz::time_zone::civil_lookup cl = tz.lookup(cs);
        const Instant want = seconds(cl.kind == cctz::time_zone::civil_lookup::SKIPPED
                                         ? cl.trans
                                         : cl.pre);
        const CivilTime local{CivilDate{static_cast<int>(cs.year()), cs.month(), cs.day()},
                              cs.hour() * 3600 + cs.minute() * 60 + cs.second()};
        const Instant got = zone->from_local(local);
        if (got != want && ++local_mismatches <= 3) {
          BOOST_ERROR(name << " from_local of " << cctz::format("%Y-%m-%dT%H:%M:%S", tp(t), tz)
                           << " + " << shift << " s: " << got << " vs cctz " << want);
        }
      }
    }
    BOOST_TEST(offset_mismatches == 0, name << ": " << offset_mismatches << " offsets differ");
    BOOST_TEST(local_mismatches == 0, name << ": " << local_mismatches << " local times differ");
  }
}
