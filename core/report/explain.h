// `explain`: one contact's story, step by step, from a traced replay, and the answer to
// "why did or didn't this contact get template T".
#pragma once

#include <optional>
#include <string>

#include "core/engine/replay.h"
#include "core/model/scenario.h"

namespace flowcast {

// REQUIRES: result comes from replay() with options.trace = true.
// Returns the story as text lines; nullopt if the contact never appeared.
std::optional<std::string> explain_contact(const Scenario& scenario, const ReplayResult& result,
                                           const std::string& contact,
                                           const std::optional<std::string>& template_id);

}  // namespace flowcast
