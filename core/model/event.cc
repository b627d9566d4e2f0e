// Channels, and the two questions the engine asks a contact before sending: is it subscribed,
// and does it have an address for the channel.
#include "core/model/event.h"

namespace flowcast {

const char* channel_name(Channel c) {
  switch (c) {
    case Channel::email:
      return "email";
    case Channel::sms:
      return "sms";
    case Channel::push:
      return "push";
  }
  return "email";
}

std::optional<Channel> parse_channel(std::string_view s) {
  if (s == "email") return Channel::email;
  if (s == "sms") return Channel::sms;
  if (s == "push") return Channel::push;
  return std::nullopt;
}

bool Contact::subscribed(Channel c) const {
  auto it = subscriptions.find(std::string_view(channel_name(c)));
  return it == subscriptions.end() || it->second;
}

bool Contact::has_address(Channel c) const {
  switch (c) {
    case Channel::email:
      return email.has_value() && !email->empty();
    case Channel::sms:
      return phone.has_value() && !phone->empty();
    case Channel::push:
      return true;
  }
  return false;
}

}  // namespace flowcast
