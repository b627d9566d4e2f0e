// Checking a scenario's `expect` entries against a replay (spec "Expectations", rule 35).
#pragma once

#include <string>
#include <vector>

#include "core/engine/replay.h"
#include "core/model/scenario.h"

namespace flowcast {

struct ExpectationFailure {
  std::size_t index = 0;     // position in `expect`
  std::string expectation;   // the entry as compact JSON
  std::string actual;        // what the contact actually got, in words
};

// Returns the failed expectations (empty: all hold).
std::vector<ExpectationFailure> check_expectations(const Scenario& scenario,
                                                   const ReplayResult& result);

}  // namespace flowcast
