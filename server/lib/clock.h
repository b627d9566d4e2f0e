// The live server's clock seam. core/ never reads a clock; the server drives the engine with
// one of these. SystemClock is the wall clock; ManualClock only moves when told to (tests and
// `flowcast serve --clock manual`), so a test can step through days in milliseconds.
#pragma once

#include <atomic>

#include "core/time/instant.h"

namespace flowcast {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual time::Instant now() const = 0;
  // True iff this clock is moved by ManualClock::set (the admin clock endpoint is refused otherwise).
  virtual bool manual() const { return false; }
};

class SystemClock final : public Clock {
 public:
  time::Instant now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(time::Instant start) : now_(start) {}
  time::Instant now() const override { return now_.load(); }
  bool manual() const override { return true; }
  // REQUIRES: t >= now() (time never goes back; the caller checks).
  void set(time::Instant t) { now_.store(t); }

 private:
  std::atomic<time::Instant> now_;
};

}  // namespace flowcast
