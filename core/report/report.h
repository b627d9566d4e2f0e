// The `flowcast.report/1` document (spec "Report" and exact rules 32-34).
//
// Written by hand rather than through a JSON DOM: key order is fixed by the spec, the output must
// be byte-identical on every platform, and reports of millions of messages should stream out
// without building a tree. Layout: top-level keys one per line, one record per line.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/engine/replay.h"
#include "core/model/scenario.h"
#include "core/util/json_text.h"  // append_json_string, for report writers

namespace flowcast {

std::string report_json(const Scenario& scenario, const ReplayResult& result);

// The same bytes, handed to `sink` in pieces of about a megabyte as they are written.
using ReportSink = std::function<void(std::string_view)>;
void write_report_json(const Scenario& scenario, const ReplayResult& result,
                       const ReportSink& sink);


}  // namespace flowcast
