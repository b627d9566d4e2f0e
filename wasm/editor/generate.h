// A generator of realistic shoppers for the Contacts panel: contacts with names, addresses and
// time zones, and a plausible event history each (viewing, starting checkout, ordering, shipping,
// sometimes unsubscribing), deterministic from a seed.
#pragma once

#include <cstdint>

#include "core/model/event.h"

namespace flowcast::editor {

// Appends `count` shoppers to doc["contacts"] and their events to doc["events"], between the
// scenario's start (or its first event, or 2026-03-02) and 14 days later. Ids never clash with
// existing contacts.
void generate_shoppers(Json& doc, int count, std::uint64_t seed);

}  // namespace flowcast::editor
