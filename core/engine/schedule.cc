// Engine: schedule triggers (spec exact rule 3).
//
// Tick k is computed from tick 0, never by adding to the previous tick, so a daily schedule keeps
// its local wall-clock time across DST changes without drift: whole-day periods step the local
// date and map `at` back through the zone (rule 4 for gaps and repeats); other periods add exact
// seconds to the first tick.
#include <algorithm>

#include "core/engine/engine.h"
#include "core/engine/engine_state.h"

namespace flowcast {

std::optional<time::Instant> Engine::tick_time(std::uint32_t w, std::int64_t k) const {
  const Trigger& t = sc_.workflows[w].trigger;
  const time::Zone& z = *settings_zone_;
  time::CivilTime start_local = z.to_local(start_);
  // Without `at`, the first tick is `start` itself.
  int at_seconds = t.at_minute ? *t.at_minute * 60 : start_local.seconds_of_day;
  std::int64_t start_day = time::days_from_civil(start_local.date);
  // First tick: the first local `at` at or after start.
  std::int64_t first_day = start_day - 1;
  time::Instant first = 0;
  for (;; ++first_day) {
    first = z.from_local({time::civil_from_days(first_day), at_seconds});
    if (first >= start_) break;
    if (first_day > start_day + 2) return std::nullopt;  // defensive: zone data is broken
  }
  if (!t.at_minute) {
    // Without `at` the first tick is start itself, on start's local date (even inside a
    // repeated hour, where mapping the local time back gives the earlier occurrence).
    first = start_;
    first_day = start_day;
  }
  if (t.every % time::kDay == 0) {
    std::int64_t days = t.every / time::kDay;
    if (k == 0) return first;
    return z.from_local({time::civil_from_days(first_day + k * days), at_seconds});
  }
  return first + k * t.every;
}

void Engine::schedule_tick(std::uint32_t w, std::int64_t k) {
  auto at = tick_time(w, k);
  if (!at || *at >= end_) return;
  DueItem item;
  item.kind = DueItem::Kind::tick;
  item.at = *at;
  item.sequence = due_sequence_++;
  item.target = w;
  item.tick = k;
  due_.push(item);
}

void Engine::run_tick(std::uint32_t w, std::int64_t k, time::Instant at) {
  const Trigger& t = sc_.workflows[w].trigger;
  auto enroll_if = [&](std::uint32_t ci) {
    ContactState& c = *contacts_[ci];
    if (c.history.empty() && ci >= sc_.contacts.size()) return;  // not seen yet
    if (t.if_expr && !check(*t.if_expr, context(c, nullptr, nullptr, at), w, std::nullopt, ci)) {
      return;
    }
    try_enroll(w, ci, nullptr, at);
  };
  // Every contact that exists now, in order of existence (rule 8); enrollments made here add no
  // contacts, so the candidates cannot change during the tick.
  auto index = std::find_if(segment_indexes_.begin(), segment_indexes_.end(),
                            [&](const SegmentIndex& x) { return x.workflow == w; });
  if (index != segment_indexes_.end()) {
    for (std::uint32_t ci : segment_candidates(*index, at)) enroll_if(ci);
  } else {
    auto existing = static_cast<std::uint32_t>(contacts_.size());
    for (std::uint32_t ci = 0; ci < existing; ++ci) enroll_if(ci);
  }
  schedule_tick(w, k + 1);
}

void Engine::index_segment_event(const ContactState& c, const Event& e) {
  for (SegmentIndex& index : segment_indexes_) {
    if (index.type == e.type) index.recent.emplace_back(e.at, c.index);
  }
}

std::vector<std::uint32_t> Engine::segment_candidates(SegmentIndex& index, time::Instant at) {
  // count(T, W) at `at` selects events after at - W; ticks only move forward, so older entries
  // can never count again. (Entries need not be in time order: a stale one left behind a newer
  // one only adds a candidate that the full check then rejects.)
  time::Instant oldest = 0;
  if (index.window && !__builtin_sub_overflow(at, *index.window, &oldest)) {
    while (!index.recent.empty() && index.recent.front().first <= oldest) {
      index.recent.pop_front();
    }
  }
  std::vector<std::uint32_t> candidates;
  candidates.reserve(index.recent.size());
  for (const auto& entry : index.recent) candidates.push_back(entry.second);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return candidates;
}

}  // namespace flowcast
