// Service: contacts (upsert as events, view, erasure).
#include <algorithm>

#include "server/lib/crypto.h"
#include "server/lib/service.h"

namespace flowcast {

ApiResult Service::put_contact(const std::string& id, const IncomingContact& in) {
  std::lock_guard lock(mu_);
  auto current = contact_view_locked(id);
  // PUT replaces properties and addresses: what the body leaves out is removed (identify with
  // null). Subscriptions change only for the channels named (consent is never reset by a sync).
  Json props = in.properties;
  if (current) {
    for (auto it = current->contact.properties.begin(); it != current->contact.properties.end(); ++it) {
      if (!props.contains(it.key())) props[it.key()] = nullptr;
    }
  }
  props["email"] = in.email ? Json(*in.email) : Json(nullptr);
  props["phone"] = in.phone ? Json(*in.phone) : Json(nullptr);
  if (in.timezone) props["timezone"] = *in.timezone;
  std::vector<IncomingEvent> events;
  IncomingEvent identify;
  identify.contact = id;
  identify.type = "identify";
  identify.properties = std::move(props);
  events.push_back(std::move(identify));
  for (const auto& [channel, on] : in.subscriptions) {
    IncomingEvent s;
    s.contact = id;
    s.type = on ? "subscribe" : "unsubscribe";
    s.properties = {{"channel", channel}};
    events.push_back(std::move(s));
  }
  ApiResult r = ingest_locked(std::move(events));
  if (r.status != 202) return r;
  auto view = contact_view_locked(id);
  Json j = {{"id", id}, {"updated", true}};
  if (view) j["properties"] = view->contact.properties;
  return api_ok(std::move(j));
}

ApiResult Service::get_contact(const std::string& id) {
  std::optional<LiveEngines::ContactView> view;
  {
    std::lock_guard lock(mu_);
    view = contact_view_locked(id);
  }
  if (!view) return api_error(404, "no contact " + id);
  const Contact& c = view->contact;
  Json subs = Json::object();
  for (Channel ch : {Channel::email, Channel::sms, Channel::push}) {
    subs[channel_name(ch)] = c.subscribed(ch);
  }
  OutboxFilter f;
  f.contact = id;
  f.limit = 1000;
  Json messages = Json::array();
  for (const OutboxRow& r : storage_.list_outbox(f)) messages.push_back(outbox_json(r));
  Json j = {{"id", c.id},
            {"email", c.email ? Json(*c.email) : Json(nullptr)},
            {"phone", c.phone ? Json(*c.phone) : Json(nullptr)},
            {"properties", c.properties},
            {"subscriptions", std::move(subs)},
            {"events", view->events},
            {"enrollments", view->enrollments},
            {"messages", std::move(messages)}};
  return api_ok(std::move(j));
}

ApiResult Service::delete_contact(const std::string& id) {
  std::lock_guard lock(mu_);
  if (!contact_view_locked(id)) return api_error(404, "no contact " + id);
  std::int64_t deleted = 0;
  std::string error;
  if (!storage_.erase_contact(id, &deleted, &error)) {
    return api_error(503, "the contact could not be erased; nothing was changed");
  }
  unsaved_.erase(std::remove_if(unsaved_.begin(), unsaved_.end(),
                                [&](const OutboxRow& r) { return r.contact == id; }),
                 unsaved_.end());
  // The engines forget the contact by being rebuilt from the log without it; other contacts'
  // outbox ids do not depend on it, so nothing is sent again.
  auto fresh = rebuild_locked(live_->done(), &error);
  if (!fresh) return api_error(500, "the contact was erased but the engines could not be rebuilt");
  fresh->raise_floor(live_->frontier());
  live_ = std::move(fresh);
  // The other servers of a cluster rebuild too when they see a new value (the contact may be
  // in their engines' partitions).
  if (storage_.shared()) {
    erasures_seen_ = crypto::random_hex(16);
    storage_.set_meta("erasures", *erasures_seen_);
  }
  return api_ok({{"erased", id}, {"events_deleted", deleted}});
}

}  // namespace flowcast
