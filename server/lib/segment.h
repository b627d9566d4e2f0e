// Segment-compatible ingestion: the `track` and `identify` calls of Segment's HTTP tracking API
// (and `batch` of them) turned into Flowcast events, so existing Segment clients can point at
// Flowcast. userId (or anonymousId) is the contact; messageId makes the call idempotent.
#pragma once

#include <string>
#include <vector>

#include "core/model/event.h"

namespace flowcast {

struct SegmentMapping {
  Json events = Json::array();  // Flowcast event objects (validated afterwards)
  std::vector<std::string> errors;
  int ignored = 0;              // page, screen, group, alias calls: accepted and ignored
};

// `type` is "track", "identify" or "batch" (from the path); `body` the request JSON.
SegmentMapping map_segment(const std::string& type, const Json& body);

// An ISO 8601 timestamp with fractional seconds ("...:00.123Z") cut to whole seconds.
std::string whole_seconds(const std::string& timestamp);

}  // namespace flowcast
