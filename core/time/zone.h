// IANA time zones, read from TZif bytes (RFC 8536, versions 1-4).
//
// core/ does no I/O: a ZoneSource supplied by the caller returns the TZif bytes for a zone name
// (the native program reads /usr/share/zoneinfo, the wasm build an embedded copy). A Zone is
// immutable once built and answers both directions of the UTC <-> local mapping, including the
// POSIX TZ footer rule for instants after the last listed transition.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/instant.h"

namespace flowcast::time {

class Zone {
 public:
  // The UTC zone (no transitions).
  static std::shared_ptr<const Zone> utc();

  // Builds a zone from TZif bytes. On failure returns nullptr and sets *error.
  static std::shared_ptr<const Zone> from_tzif(std::string_view name, std::string_view bytes,
                                               std::string* error);

  const std::string& name() const { return name_; }

  // Seconds east of UTC in force at instant t.
  int offset_at(Instant t) const;

  // The local wall-clock reading at instant t.
  CivilTime to_local(Instant t) const;

  // The instant at which the local clock shows `local`.
  // A local time inside a DST gap maps to the end of the gap (the transition instant: 02:30 on
  // the spring-forward night in Paris gives 03:00 local = 01:00Z); a local time that occurs twice
  // maps to its first occurrence.
  Instant from_local(CivilTime local) const;

  // Implementation detail, public for the parser: one offset period starting at `at`.
  struct Transition {
    Instant at;
    int offset;  // seconds east of UTC from `at` on
  };
  // POSIX TZ rule for instants after the last transition (the TZif footer).
  struct PosixRule;

  Zone(std::string name, std::vector<Transition> transitions, int initial_offset,
       std::shared_ptr<const PosixRule> rule);

 private:
  std::string name_;
  std::vector<Transition> transitions_;  // sorted by `at`
  int initial_offset_ = 0;               // before the first transition
  std::shared_ptr<const PosixRule> rule_;  // may be null
};

// Supplies TZif bytes by zone name. Implemented outside core/ (files, embedded data, tests).
class ZoneSource {
 public:
  virtual ~ZoneSource() = default;
  // Returns the TZif bytes for an IANA name such as "Europe/Paris", or nullopt if unknown.
  virtual std::optional<std::string> tzif(std::string_view name) const = 0;
};

// Resolves and caches zones by name for one scenario. "UTC" is always known.
// Not thread-safe; owned by whoever owns the scenario.
class ZoneCache {
 public:
  explicit ZoneCache(const ZoneSource* source) : source_(source) {}
  // Returns the zone, or nullptr (with *error set) if the name is unknown or its data is bad.
  std::shared_ptr<const Zone> find(std::string_view name, std::string* error = nullptr);

 private:
  const ZoneSource* source_;
  std::map<std::string, std::shared_ptr<const Zone>, std::less<>> zones_;
};

}  // namespace flowcast::time
