// Events and contacts as the engine sees them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/model/properties.h"
#include "core/time/instant.h"

namespace flowcast {

// One thing a contact did (or that happened to them) at an instant.
struct Event {
  time::Instant at = 0;
  std::string contact;
  std::string type;
  Properties properties;             // a JSON object, compact (core/model/properties.h)
  std::optional<std::string> id;     // idempotency id: a later event with the same id is ignored
  std::uint32_t file_index = 0;      // position in the file's `events` array (stable tie-break)
};

enum class Channel : std::uint8_t { email, sms, push };
const char* channel_name(Channel c);
std::optional<Channel> parse_channel(std::string_view s);

// A contact's current state. `properties` is always an object.
struct Contact {
  std::string id;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::string timezone;  // empty: the settings time zone
  Json properties = Json::object();
  std::map<std::string, bool, std::less<>> subscriptions;  // channel name -> subscribed; absent = true

  bool subscribed(Channel c) const;
  // True iff the contact has a non-empty address for the channel (push always has one).
  bool has_address(Channel c) const;
};

}  // namespace flowcast
