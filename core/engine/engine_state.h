// Private runtime state of the Engine (contacts, enrollments, due items). Only core/engine/*.cc
// includes this file.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/engine.h"

namespace flowcast {

// Per (workflow, key) bookkeeping of one contact.
struct KeyState {
  std::int64_t active = -1;          // enrollment id, -1 when none
  std::uint32_t count = 0;           // enrollments so far (split's n)
  time::Instant last_start = 0;      // valid when count > 0
};

struct Engine::ContactState {
  // The contact as it is now. A listed contact starts as the scenario's own and is copied only
  // when an event or a `set` step first changes it: most never are, and a copy of every
  // contact's properties would cost as much as the scenario's.
  const Contact& contact() const { return owned ? *owned : *listed; }
  Contact& mutable_contact() {
    if (!owned) owned = std::make_unique<Contact>(*listed);
    return *owned;
  }
  const Contact* listed = nullptr;  // in the scenario; null for contacts only events name
  std::unique_ptr<Contact> owned;
  std::uint32_t index = 0;
  std::shared_ptr<const time::Zone> zone;
  std::vector<expr::HistoryEntry> history;  // processing order
  std::vector<std::uint32_t> active;  // active enrollment ids, creation order
  std::vector<KeyState> unkeyed;  // per workflow without a key (sized on first use)
  std::map<std::pair<std::uint32_t, std::string>, KeyState> keys;  // (keyed workflow, key JSON)
  std::vector<std::int8_t> condition_value;  // per workflow: last condition value (-1 unknown)
  // Sent marketing messages per channel, in time order (frequency cap).
  std::vector<time::Instant> sent_marketing[3];
};

enum class WaitKind : std::uint8_t { none, delay, delay_until, wait_for, quiet_hours };

struct Engine::Enrollment {
  std::uint32_t id = 0;
  std::uint32_t workflow = 0;
  std::uint32_t contact = 0;
  std::string key_text;  // compact JSON of the key (the record holds the key itself)
  std::uint32_t number = 1;  // n-th enrollment of this contact+key in the workflow
  const Event* trigger = nullptr;
  bool active = true;

  std::int32_t step = kEnd;           // the step being waited on
  WaitKind wait = WaitKind::none;
  std::uint32_t token = 0;            // bumps on every wait; stale due items carry an old one
  std::optional<time::Instant> wait_until;
  std::optional<time::Instant> deferred_from;  // quiet hours: when the send was first due
  // Rule 5: for each delay_until step this enrollment passed, the last instant it did. Kept per
  // step: a loop through two delay_until steps must not let the first pass twice at one instant.
  std::vector<std::pair<std::int32_t, time::Instant>> passed_delay_until;
  bool passed(std::int32_t s, time::Instant at) const {
    for (const auto& [passed_step, when] : passed_delay_until) {
      if (passed_step == s) return when == at;
    }
    return false;
  }
  void mark_passed(std::int32_t s, time::Instant at) {
    for (auto& [passed_step, when] : passed_delay_until) {
      if (passed_step == s) {
        when = at;
        return;
      }
    }
    passed_delay_until.emplace_back(s, at);
  }
  std::vector<std::uint32_t> arrivals;  // per step: times arrived (message occurrence ids)
};

// Recent events of the type a schedule's `if` requires (expr::required_event), with the contact
// that had each: a tick evaluates only those contacts instead of every contact.
struct Engine::SegmentIndex {
  std::uint32_t workflow = 0;
  std::string type;
  std::optional<time::Duration> window;  // null: the whole history counts
  std::deque<std::pair<time::Instant, std::uint32_t>> recent;  // (event at, contact index)
};

struct Engine::DueItem {
  enum class Kind : std::uint8_t { resume, tick } kind = Kind::resume;
  time::Instant at = 0;
  std::uint64_t sequence = 0;  // scheduling order breaks ties
  std::uint32_t target = 0;    // enrollment id or workflow index
  std::uint32_t token = 0;     // resume: the enrollment's token; tick: unused
  std::int64_t tick = 0;       // tick number
};

}  // namespace flowcast
