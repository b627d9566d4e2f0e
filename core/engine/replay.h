// Replaying a whole scenario: sorts its events, drives an Engine over them and returns the
// output together with what the report writer needs to name things.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/engine.h"
#include "core/engine/output.h"
#include "core/model/scenario.h"

namespace flowcast {

struct ReplayOptions {
  bool trace = false;
  bool schedule_prefilter = true;  // see EngineOptions
  // Called now and then with (events processed, events total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct ReplayResult {
  bool empty = false;  // no start and no events: nothing happened (rule 1)
  time::Instant start = 0;
  time::Instant end = 0;
  EngineOutput output;
  std::vector<std::string> contact_ids;  // by contact index
  std::vector<std::string> contact_zones;  // by contact index: the zone used for local times
};

// The effective replay window: settings or the defaults (rule 1).
struct ReplayWindow {
  bool empty = false;
  time::Instant start = 0;
  time::Instant end = 0;
};
ReplayWindow replay_window(const Scenario& scenario);

// The events in replay order: stable-sorted by `at` (file order breaks ties).
std::vector<const Event*> replay_order(const Scenario& scenario);

ReplayResult replay(const Scenario& scenario, const ReplayOptions& options = {});

}  // namespace flowcast
