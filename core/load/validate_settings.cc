// `settings`: start, end (after start), timezone, quiet_hours, frequency_cap, seed.
#include <limits>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kSettingsKeys[] = {"start",       "end",           "timezone",
                                              "quiet_hours", "frequency_cap", "seed"};
constexpr std::string_view kQuietHoursKeys[] = {"start", "end"};
constexpr std::string_view kCapKeys[] = {"max", "window"};

}  // namespace

void validate_settings(Ctx& c, const Json& j, const Path& p, Settings& out) {
  if (!expect_object(c, j, p)) return;
  Obj o(c, j, p, kSettingsKeys);

  if (const Json* v = o.get("start")) {
    if (auto t = read_instant(c, *v, p / "start")) out.start = *t;
  }
  if (const Json* v = o.get("end")) {
    if (auto t = read_instant(c, *v, p / "end")) {
      out.end = *t;
      if (out.start && *t <= *out.start) c.error(p / "end", "end must be after start");
    }
  }
  if (const Json* v = o.get("timezone")) {
    if (auto z = read_timezone(c, *v, p / "timezone")) out.timezone = std::move(*z);
  }
  if (const Json* v = o.get("quiet_hours")) {
    Path qp = p / "quiet_hours";
    if (expect_object(c, *v, qp)) {
      Obj q(c, *v, qp, kQuietHoursKeys);
      const Json* s = q.require("start");
      const Json* e = q.require("end");
      std::optional<int> sm = s ? read_time_of_day(c, *s, qp / "start") : std::nullopt;
      std::optional<int> em = e ? read_time_of_day(c, *e, qp / "end") : std::nullopt;
      if (sm && em) out.quiet_hours = QuietHours{*sm, *em};
    }
  }
  if (const Json* v = o.get("frequency_cap")) {
    Path fp = p / "frequency_cap";
    if (expect_object(c, *v, fp)) {
      Obj f(c, *v, fp, kCapKeys);
      const Json* m = f.require("max");
      const Json* w = f.require("window");
      // Plain values rather than optionals: GCC 12 warns spuriously on the latter here.
      std::int64_t max = 0;
      bool max_ok = false;
      if (m) {
        if (auto v2 = read_integer(c, *m, fp / "max", 1)) {
          max = *v2;
          max_ok = max <= 2147483647;
          if (!max_ok) c.error(fp / "max", "frequency_cap max is too large");
        }
      }
      time::Duration window = 0;
      bool window_ok = false;
      if (w) {
        if (auto d = read_duration(c, *w, fp / "window", false)) {
          window = *d;
          window_ok = true;
        }
      }
      if (max_ok && window_ok) out.frequency_cap = FrequencyCap{static_cast<int>(max), window};
    }
  }
  if (const Json* v = o.get("seed")) {
    if (auto seed = read_integer(c, *v, p / "seed", std::numeric_limits<std::int64_t>::min())) {
      out.seed = *seed;
    }
  }
}

}  // namespace flowcast::load_detail
