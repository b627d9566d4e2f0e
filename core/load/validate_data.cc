// `contacts` and `events`: the sample data. Both can be large, so values are moved out of the
// document when the loader owns it and pointers are only rendered for mistakes.
#include <unordered_map>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kContactKeys[] = {"id",       "email",      "phone",
                                             "timezone", "properties", "subscriptions"};
constexpr std::string_view kEventKeys[] = {"at", "contact", "type", "properties", "id"};

void validate_subscriptions(Ctx& c, const Json& j, const Path& p, Contact& out) {
  if (!expect_object(c, j, p)) return;
  Obj o(c, j, p, kChannelNames);
  for (std::string_view ch : kChannelNames) {
    if (const Json* v = o.get(ch)) {
      if (auto b = read_bool(c, *v, p / ch)) out.subscriptions.emplace(std::string(ch), *b);
    }
  }
}

// The properties that `identify`, `subscribe` and `unsubscribe` act on must make sense.
void validate_special_event(Ctx& c, std::string_view type, const Json& props, const Path& p) {
  if (type == "identify") {
    for (std::string_view k : {std::string_view("email"), std::string_view("phone")}) {
      auto it = props.find(k);
      if (it != props.end()) read_nullable_string(c, *it, p / k);
    }
  } else if (type == "subscribe" || type == "unsubscribe") {
    auto it = props.find("channel");
    if (it != props.end()) read_channel(c, *it, p / "channel");
  }
}

}  // namespace

void validate_contacts(Ctx& c, const Json& j, const Path& p, std::vector<Contact>& out) {
  if (!expect_array(c, j, p)) return;
  out.reserve(j.size());
  std::unordered_map<std::string_view, std::size_t> first_index;
  first_index.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    Path cp = p / i;
    if (!expect_object(c, j[i], cp)) continue;
    Obj o(c, j[i], cp, kContactKeys);
    Contact contact;
    if (const Json* v = o.require("id")) {
      if (auto id = read_id(c, *v, cp / "id")) {
        auto [it, inserted] = first_index.emplace(v->get_ref<const std::string&>(), i);
        if (!inserted) {
          c.error(cp / "id", "duplicate contact id " + quote(*id) + " (also used by " +
                                 (p / it->second).str() + ")");
        }
        contact.id = std::move(*id);
      }
    }
    if (const Json* v = o.get("email")) {
      if (auto e = read_nullable_string(c, *v, cp / "email")) contact.email = std::move(*e);
    }
    if (const Json* v = o.get("phone")) {
      if (auto ph = read_nullable_string(c, *v, cp / "phone")) contact.phone = std::move(*ph);
    }
    if (const Json* v = o.get("timezone")) {
      if (auto z = read_timezone(c, *v, cp / "timezone")) contact.timezone = std::move(*z);
    }
    if (const Json* v = o.get("properties")) {
      if (expect_object(c, *v, cp / "properties")) contact.properties = take(c, *v);
    }
    if (const Json* v = o.get("subscriptions")) {
      validate_subscriptions(c, *v, cp / "subscriptions", contact);
    }
    if (c.error_count == 0) out.push_back(std::move(contact));
  }
}

void validate_events(Ctx& c, const Json& j, const Path& p, std::vector<Event>& out) {
  if (!expect_array(c, j, p)) return;
  if (j.size() > 0xFFFFFFFFu) {
    c.error(p, "too many events");
    return;
  }
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    Path ep = p / i;
    if (!expect_object(c, j[i], ep)) continue;
    Obj o(c, j[i], ep, kEventKeys);
    Event e;
    e.file_index = static_cast<std::uint32_t>(i);
    if (const Json* v = o.require("at")) {
      if (auto t = read_instant(c, *v, ep / "at")) e.at = *t;
    }
    if (const Json* v = o.require("contact")) {
      if (auto s = read_id(c, *v, ep / "contact")) e.contact = std::move(*s);
    }
    if (const Json* v = o.require("type")) {
      if (auto s = read_id(c, *v, ep / "type")) e.type = std::move(*s);
    }
    if (const Json* v = o.get("id")) {
      if (auto s = read_id(c, *v, ep / "id")) e.id = std::move(*s);
    }
    if (const Json* v = o.get("properties")) {
      Path pp = ep / "properties";
      if (expect_object(c, *v, pp)) {
        validate_special_event(c, e.type, *v, pp);
        if (c.error_count == 0) e.properties = take(c, *v);
      }
    }
    // Once there is an error nothing will be returned: stop building, keep validating.
    if (c.error_count == 0) out.push_back(std::move(e));
  }
}

}  // namespace flowcast::load_detail
