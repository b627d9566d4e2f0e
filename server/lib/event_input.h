// Events and contacts as the API receives them, validated by the scenario loader so that the
// API accepts exactly what a scenario file accepts (same keys, same messages). Only `at` is
// optional here: it defaults to the server's now.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model/event.h"
#include "core/time/zone.h"

namespace flowcast {

struct IncomingEvent {
  std::optional<time::Instant> at;  // nullopt: now
  std::string contact;
  std::string type;
  Json properties = Json::object();
  std::optional<std::string> id;
};

struct InputErrors {
  std::vector<std::string> lines;  // "request: /pointer: message", one per mistake
  bool empty() const { return lines.empty(); }
};

// `body` is one event object or {"batch": [event, ...]}. Pointers in errors are relative to the
// request body (/batch/3/type). At most `max_batch` events.
std::vector<IncomingEvent> parse_api_events(const Json& body, const time::ZoneSource* zones,
                                            std::size_t max_batch, InputErrors* errors);

// Validates a list of event objects built by the server (Segment and shop mappings); `prefix`
// names where they came from in errors.
std::vector<IncomingEvent> validate_events(const Json& events, const time::ZoneSource* zones,
                                           const std::string& prefix, InputErrors* errors);

// A contact body of PUT /v1/contacts/{id}: the scenario contact shape without `id`.
struct IncomingContact {
  std::optional<std::string> email, phone, timezone;
  Json properties = Json::object();
  std::map<std::string, bool, std::less<>> subscriptions;  // only the channels given
};
std::optional<IncomingContact> parse_api_contact(const std::string& id, const Json& body,
                                                 const time::ZoneSource* zones,
                                                 InputErrors* errors);

}  // namespace flowcast
