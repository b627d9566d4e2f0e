// Time zones from TZif bytes (RFC 8536) plus the POSIX TZ footer rule, and the per-scenario cache.
//
// Parsing never throws and never reads out of bounds: every length is checked in 64-bit
// arithmetic (size_t is 32-bit on wasm32) before the bytes are touched.
#include "core/time/zone.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace flowcast::time {

// A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3", with offsets as seconds east of UTC.
struct Zone::PosixRule {
  // The day a DST change happens on, in one of the three POSIX forms.
  struct Date {
    enum class Kind { julian_no_leap, zero_based, month_week_day };
    Kind kind = Kind::month_week_day;
    int day = 0;      // Jn: 1..365 (Feb 29 never counted); n: 0..365
    int month = 0;    // Mm.w.d
    int week = 0;     // 1..5, 5 = last
    int weekday = 0;  // 0 = Sunday
    std::int32_t time = 2 * 3600;  // local seconds after midnight, -167h..167h (RFC 8536 v3)
  };
  int std_offset = 0;
  bool has_dst = false;
  int dst_offset = 0;
  Date start;  // switch to DST, given in local standard time
  Date end;    // switch back, given in local daylight time
  // With DST: the rule's transitions for 1968..2372, sorted (ties in generation order). The
  // calendar repeats every 400 years, so instants are shifted into 1970..2370 and looked up
  // here: a binary search instead of working out the years around each instant again.
  std::vector<Zone::Transition> cycle;
};

namespace {

using PosixRule = Zone::PosixRule;
using Transition = Zone::Transition;

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();
// The Gregorian calendar repeats exactly every 400 years (a whole number of weeks).
constexpr std::int64_t k400Years = 146097 * kDay;
// RFC 8536 bounds for a UT offset: -25:59:59 .. +25:59:59 give a safe margin for searches.
constexpr int kMinUtOffset = -89999;
constexpr int kMaxUtOffset = 93599;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if (a % b != 0 && ((a % b < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// t + d without overflow (clamped to the int64 range).
Instant saturating_add(Instant t, std::int64_t d) {
  if (d > 0 && t > kInt64Max - d) return kInt64Max;
  if (d < 0 && t < kInt64Min - d) return kInt64Min;
  return t + d;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// ---------------------------------------------------------------------------------------------
// POSIX TZ footer rule

// The day (days since the epoch) on which `date` falls in `year`.
std::int64_t rule_day(const PosixRule::Date& date, int year) {
  const std::int64_t jan1 = days_from_civil(CivilDate{year, 1, 1});
  switch (date.kind) {
    case PosixRule::Date::Kind::julian_no_leap:
      return jan1 + date.day - 1 + (is_leap(year) && date.day >= 60 ? 1 : 0);
    case PosixRule::Date::Kind::zero_based:
      return jan1 + date.day;
    case PosixRule::Date::Kind::month_week_day:
      break;
  }
  const std::int64_t first = days_from_civil(CivilDate{year, date.month, 1});
  const int first_weekday = (weekday_from_days(first) + 1) % 7;  // POSIX counts from Sunday
  std::int64_t day = first + (date.weekday - first_weekday + 7) % 7 + (date.week - 1) * 7;
  // Week 5 means "the last such weekday": step back when it spills into the next month.
  const int next_month_year = date.month == 12 ? year + 1 : year;
  const int next_month = date.month == 12 ? 1 : date.month + 1;
  while (day >= days_from_civil(CivilDate{next_month_year, next_month, 1})) day -= 7;
  return day;
}

// The DST start and end instants of `year`, in that order.
std::pair<Transition, Transition> rule_year(const PosixRule& rule, int year) {
  const Instant start = rule_day(rule.start, year) * kDay + rule.start.time - rule.std_offset;
  const Instant end = rule_day(rule.end, year) * kDay + rule.end.time - rule.dst_offset;
  return {Transition{start, rule.dst_offset}, Transition{end, rule.std_offset}};
}

// Fills rule.cycle: the transitions of every year that an instant of 1970..2370 can depend on
// (two years either side: the latest transition at or before any such instant is among them).
void build_cycle(PosixRule& rule) {
  rule.cycle.clear();
  if (!rule.has_dst) return;
  for (int y = 1968; y <= 2372; ++y) {
    auto [start, end] = rule_year(rule, y);
    rule.cycle.push_back(start);
    rule.cycle.push_back(end);
  }
  std::stable_sort(rule.cycle.begin(), rule.cycle.end(),
                   [](const Transition& a, const Transition& b) { return a.at < b.at; });
}

// The first transition of the cycle after t0.
std::vector<Transition>::const_iterator cycle_after(const PosixRule& rule, Instant t0) {
  return std::upper_bound(rule.cycle.begin(), rule.cycle.end(), t0,
                          [](Instant v, const Transition& tr) { return v < tr.at; });
}

// The rule's offset at any instant: shifted by whole 400-year cycles to stay near 1970.
int rule_offset(const PosixRule& rule, Instant t) {
  if (!rule.has_dst) return rule.std_offset;
  const auto it = cycle_after(rule, floor_mod(t, k400Years));
  // Among equal instants the last one generated wins (an all-year DST rule stays in DST).
  return it == rule.cycle.begin() ? rule.std_offset : std::prev(it)->offset;
}

// Instants in (lo, hi] at which the rule changes offset; hi - lo must be a few days at most.
std::vector<Instant> rule_changes(const PosixRule& rule, Instant lo, Instant hi) {
  std::vector<Instant> out;
  if (!rule.has_dst) return out;
  const Instant lo0 = floor_mod(lo, k400Years);
  const Instant shift = lo - lo0;
  for (auto it = cycle_after(rule, lo0); it != rule.cycle.end() && it->at <= hi - shift; ++it) {
    out.push_back(it->at + shift);
  }
  return out;
}

// Reads a POSIX TZ string; every method returns false on a syntax error.
class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : text_(text) {}

  bool parse(PosixRule* rule) {
    if (!name() || !offset(24, &rule->std_offset)) return false;
    rule->std_offset = -rule->std_offset;  // POSIX offsets count hours west of UTC
    if (done()) return true;
    rule->has_dst = true;
    if (!name()) return false;
    rule->dst_offset = rule->std_offset + 3600;
    if (!done() && peek() != ',') {
      if (!offset(24, &rule->dst_offset)) return false;
      rule->dst_offset = -rule->dst_offset;
    }
    if (done()) return default_us_rule(rule);
    return take(',') && date(&rule->start) && take(',') && date(&rule->end) && done();
  }

 private:
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // A zone abbreviation: 3+ letters, or <...> with letters, digits, '+' and '-'.
  bool name() {
    std::size_t count = 0;
    if (take('<')) {
      while (is_alpha(peek()) || is_digit(peek()) || peek() == '+' || peek() == '-') {
        ++pos_;
        ++count;
      }
      return count >= 3 && take('>');
    }
    while (is_alpha(peek())) {
      ++pos_;
      ++count;
    }
    return count >= 3;
  }

  // An unsigned decimal of 1..max_digits digits, at most `limit`.
  bool number(std::size_t max_digits, int limit, int* out) {
    int v = 0;
    std::size_t digits = 0;
    while (is_digit(peek()) && digits < max_digits) {
      v = v * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    *out = v;
    return digits > 0 && v <= limit;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours at most max_hours.
  bool offset(int max_hours, int* seconds) {
    const bool negative = take('-');
    if (!negative) take('+');
    int hh = 0, mm = 0, ss = 0;
    if (!number(3, max_hours, &hh)) return false;
    if (take(':')) {
      if (!number(2, 59, &mm)) return false;
      if (take(':') && !number(2, 59, &ss)) return false;
    }
    *seconds = (negative ? -1 : 1) * (hh * 3600 + mm * 60 + ss);
    return true;
  }

  // Jn | n | Mm.w.d, then an optional /time.
  bool date(PosixRule::Date* d) {
    using Kind = PosixRule::Date::Kind;
    if (take('J')) {
      d->kind = Kind::julian_no_leap;
      if (!number(3, 365, &d->day) || d->day < 1) return false;
    } else if (take('M')) {
      d->kind = Kind::month_week_day;
      if (!number(2, 12, &d->month) || d->month < 1 || !take('.')) return false;
      if (!number(1, 5, &d->week) || d->week < 1 || !take('.')) return false;
      if (!number(1, 6, &d->weekday)) return false;
    } else {
      d->kind = Kind::zero_based;
      if (!number(3, 365, &d->day)) return false;
    }
    d->time = 2 * 3600;
    if (take('/')) {
      int t = 0;
      if (!offset(167, &t)) return false;
      d->time = t;
    }
    return true;
  }

  // A DST name without dates: tzcode's historical default, the US rules.
  static bool default_us_rule(PosixRule* rule) {
    rule->start = PosixRule::Date{PosixRule::Date::Kind::month_week_day, 0, 3, 2, 0, 7200};
    rule->end = PosixRule::Date{PosixRule::Date::Kind::month_week_day, 0, 11, 1, 0, 7200};
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// TZif reader

// A bounds-checked big-endian cursor over the file bytes.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t remaining() const { return bytes_.size() - pos_; }
  bool has(std::uint64_t n) const { return n <= remaining(); }

  bool skip(std::uint64_t n) {
    if (!has(n)) return false;
    pos_ += static_cast<std::size_t>(n);
    return true;
  }
  bool u8(std::uint8_t* out) {
    if (!has(1)) return false;
    *out = static_cast<std::uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool be(int width, std::uint64_t* out) {
    if (!has(static_cast<std::uint64_t>(width))) return false;
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<std::uint8_t>(bytes_[pos_++]);
    *out = v;
    return true;
  }
  // A two's-complement signed value of 4 or 8 bytes.
  bool signed_be(int width, std::int64_t* out) {
    std::uint64_t v = 0;
    if (!be(width, &v)) return false;
    if (width == 4) {
      *out = static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    } else {
      *out = static_cast<std::int64_t>(v);
    }
    return true;
  }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

struct TzifHeader {
  char version = 0;  // 0 for v1, otherwise '2', '3', '4', ...
  std::uint64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

// The parts of one data block that matter here.
struct TzifData {
  std::vector<Instant> times;
  std::vector<std::uint8_t> type_of;  // per transition
  std::vector<int> type_offsets;      // per local time type
};

bool read_header(ByteReader& in, TzifHeader* h, std::string* error) {
  std::uint64_t magic = 0;
  std::uint8_t version = 0;
  if (!in.be(4, &magic) || magic != 0x545A6966 || !in.u8(&version) || !in.skip(15)) {
    *error = "not TZif data";
    return false;
  }
  h->version = static_cast<char>(version);
  if (h->version != 0 && h->version < '2') {
    *error = "unknown TZif version";
    return false;
  }
  std::uint64_t* counts[] = {&h->isutcnt, &h->isstdcnt, &h->leapcnt,
                             &h->timecnt, &h->typecnt,  &h->charcnt};
  for (std::uint64_t* c : counts) {
    if (!in.be(4, c)) {
      *error = "truncated TZif header";
      return false;
    }
  }
  if (h->typecnt == 0 || (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
      (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)) {
    *error = "inconsistent TZif header counts";
    return false;
  }
  return true;
}

// Bytes of the data block that follows a header, for 4- or 8-byte times.
std::uint64_t block_size(const TzifHeader& h, std::uint64_t time_size) {
  return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
         h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
}

bool read_times(ByteReader& in, const TzifHeader& h, int time_size, TzifData* data,
                std::string* error) {
  data->times.reserve(static_cast<std::size_t>(h.timecnt));
  for (std::uint64_t i = 0; i < h.timecnt; ++i) {
    std::int64_t t = 0;
    in.signed_be(time_size, &t);
    if (!data->times.empty() && t <= data->times.back()) {
      *error = "TZif transition times are not ascending";
      return false;
    }
    data->times.push_back(t);
  }
  data->type_of.reserve(static_cast<std::size_t>(h.timecnt));
  for (std::uint64_t i = 0; i < h.timecnt; ++i) {
    std::uint8_t idx = 0;
    in.u8(&idx);
    if (idx >= h.typecnt) {
      *error = "TZif transition names a missing time type";
      return false;
    }
    data->type_of.push_back(idx);
  }
  return true;
}

bool read_types(ByteReader& in, const TzifHeader& h, TzifData* data, std::string* error) {
  for (std::uint64_t i = 0; i < h.typecnt; ++i) {
    std::int64_t utoff = 0;
    std::uint8_t isdst = 0, desigidx = 0;
    in.signed_be(4, &utoff);
    in.u8(&isdst);
    in.u8(&desigidx);
    if (utoff < kMinUtOffset || utoff > kMaxUtOffset || isdst > 1 ||
        (h.charcnt != 0 && desigidx >= h.charcnt)) {
      *error = "bad TZif local time type";
      return false;
    }
    data->type_offsets.push_back(static_cast<int>(utoff));
  }
  return true;
}

// Reads one data block; the caller has checked that all of its bytes are present.
bool read_block(ByteReader& in, const TzifHeader& h, int time_size, TzifData* data,
                std::string* error) {
  if (h.leapcnt != 0) {
    *error = "TZif data with leap seconds is not supported";
    return false;
  }
  if (!read_times(in, h, time_size, data, error) || !read_types(in, h, data, error)) return false;
  in.skip(h.charcnt + h.isstdcnt + h.isutcnt);
  return true;
}

// The footer of a v2+ file: "\n" TZ-string "\n" and nothing after it.
bool read_footer(ByteReader& in, std::shared_ptr<const PosixRule>* rule, std::string* error) {
  const std::string_view rest = in.rest();
  if (rest.size() < 2 || rest.front() != '\n' || rest.back() != '\n') {
    *error = "missing TZif footer";
    return false;
  }
  const std::string_view tz = rest.substr(1, rest.size() - 2);
  if (tz.find('\n') != std::string_view::npos) {
    *error = "trailing bytes after the TZif footer";
    return false;
  }
  if (tz.empty()) return true;
  auto parsed = std::make_shared<PosixRule>();
  if (!PosixParser(tz).parse(parsed.get())) {
    *error = "bad TZ string in TZif footer";
    return false;
  }
  build_cycle(*parsed);
  *rule = std::move(parsed);
  return true;
}

// Transitions with their offsets, dropping those that keep the previous offset.
std::vector<Transition> to_transitions(const TzifData& data) {
  std::vector<Transition> out;
  int previous = data.type_offsets[0];
  for (std::size_t i = 0; i < data.times.size(); ++i) {
    const int offset = data.type_offsets[data.type_of[i]];
    if (offset == previous) continue;
    out.push_back(Transition{data.times[i], offset});
    previous = offset;
  }
  return out;
}

std::shared_ptr<const Zone> fail(std::string* error, const std::string& message) {
  if (error) *error = message;
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Zone

Zone::Zone(std::string name, std::vector<Transition> transitions, int initial_offset,
           std::shared_ptr<const PosixRule> rule)
    : name_(std::move(name)),
      transitions_(std::move(transitions)),
      initial_offset_(initial_offset),
      rule_(std::move(rule)) {}

std::shared_ptr<const Zone> Zone::utc() {
  static const std::shared_ptr<const Zone> zone =
      std::make_shared<const Zone>("UTC", std::vector<Transition>{}, 0, nullptr);
  return zone;
}

std::shared_ptr<const Zone> Zone::from_tzif(std::string_view name, std::string_view bytes,
                                            std::string* error) {
  std::string message;
  ByteReader in(bytes);
  TzifHeader header;
  if (!read_header(in, &header, &message)) return fail(error, message);
  int time_size = 4;
  if (header.version != 0) {
    // v2+: skip the 32-bit block and use the 64-bit one that follows its own header.
    if (!in.skip(block_size(header, 4))) return fail(error, "truncated TZif data");
    if (!read_header(in, &header, &message)) return fail(error, message);
    time_size = 8;
  }
  if (!in.has(block_size(header, static_cast<std::uint64_t>(time_size)))) {
    return fail(error, "truncated TZif data");
  }
  TzifData data;
  if (!read_block(in, header, time_size, &data, &message)) return fail(error, message);
  std::shared_ptr<const PosixRule> rule;
  if (header.version != 0 && !read_footer(in, &rule, &message)) return fail(error, message);
  return std::make_shared<const Zone>(std::string(name), to_transitions(data),
                                      data.type_offsets[0], std::move(rule));
}

int Zone::offset_at(Instant t) const {
  // RFC 8536: the footer rule governs after the last transition, and everywhere if there are none.
  if (rule_ && (transitions_.empty() || t > transitions_.back().at)) return rule_offset(*rule_, t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                             [](Instant v, const Transition& tr) { return v < tr.at; });
  return it == transitions_.begin() ? initial_offset_ : std::prev(it)->offset;
}

CivilTime Zone::to_local(Instant t) const {
  const Instant local = saturating_add(t, offset_at(t));
  const std::int64_t days = floor_div(local, kDay);
  return CivilTime{civil_from_days(days), static_cast<int>(floor_mod(local, kDay))};
}

namespace {

// The offset in force at lo, then every change of offset in (lo, hi], as computed by offset_at.
std::vector<Transition> changes_between(const Zone& zone,
                                        const std::vector<Transition>& table,
                                        const PosixRule* rule, Instant lo, Instant hi) {
  std::vector<Instant> candidates;
  auto tr = std::upper_bound(table.begin(), table.end(), lo,
                             [](Instant v, const Transition& x) { return v < x.at; });
  for (; tr != table.end() && tr->at <= hi; ++tr) candidates.push_back(tr->at);
  if (rule) {
    for (Instant at : rule_changes(*rule, lo, hi)) candidates.push_back(at);
    // Where the table hands over to the rule, the offset may change too.
    if (!table.empty() && table.back().at >= lo && table.back().at < hi) {
      candidates.push_back(table.back().at + 1);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<Transition> out{Transition{lo, zone.offset_at(lo)}};
  for (Instant at : candidates) {
    const int offset = zone.offset_at(at);
    if (offset != out.back().offset) out.push_back(Transition{at, offset});
  }
  return out;
}

}  // namespace

Instant Zone::from_local(CivilTime local) const {
  const Instant wall = days_from_civil(local.date) * kDay + local.seconds_of_day;
  // Offsets are within +-26h, so two days either side hold every instant that could match.
  const std::vector<Transition> changes =
      changes_between(*this, transitions_, rule_.get(), wall - 2 * kDay, wall + 2 * kDay);
  // Every offset in force nearby gives one candidate; the earliest consistent one wins.
  std::optional<Instant> best;
  for (const Transition& c : changes) {
    const Instant t = wall - c.offset;
    if (offset_at(t) == c.offset && (!best || t < *best)) best = t;
  }
  if (best) return *best;
  // In a gap: the clock jumped over `wall` at the transition whose offsets straddle it.
  for (std::size_t i = 1; i < changes.size(); ++i) {
    const Instant at = changes[i].at;
    if (at + changes[i - 1].offset <= wall && wall < at + changes[i].offset) return at;
  }
  return wall - offset_at(wall);  // unreachable for consistent data; stays deterministic
}

// ---------------------------------------------------------------------------------------------
// ZoneCache

std::shared_ptr<const Zone> ZoneCache::find(std::string_view name, std::string* error) {
  if (name == "UTC") return Zone::utc();
  if (auto it = zones_.find(name); it != zones_.end()) return it->second;
  const std::optional<std::string> bytes = source_ ? source_->tzif(name) : std::nullopt;
  if (!bytes) return fail(error, "unknown time zone \"" + std::string(name) + "\"");
  std::string message;
  std::shared_ptr<const Zone> zone = Zone::from_tzif(name, *bytes, &message);
  if (!zone) {
    return fail(error, "bad data for time zone \"" + std::string(name) + "\": " + message);
  }
  zones_.emplace(std::string(name), zone);
  return zone;
}

}  // namespace flowcast::time
