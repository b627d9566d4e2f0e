// Human-facing renderings of a replay: the terminal table and CSV for spreadsheets.
#pragma once

#include <string>

#include "core/engine/replay.h"
#include "core/model/scenario.h"

namespace flowcast {

// "YYYY-MM-DD HH:MM ±HH:MM" in the zone (falls back to UTC when the zone is unknown).
std::string format_local(const Scenario& scenario, const std::string& zone, time::Instant t);

// One line per message: local time, contact, template, status (and reason / deferral).
std::string report_table(const Scenario& scenario, const ReplayResult& result);

// RFC 4180 CSV, one row per message, with a header row.
std::string report_csv(const Scenario& scenario, const ReplayResult& result);

}  // namespace flowcast
