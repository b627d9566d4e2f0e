#include "core/engine/render_root.h"

#include "core/time/instant.h"

namespace flowcast {

namespace {

// Follows `path` down through objects, as the Mustache lookup does.
const Json* descend(const Json* v, std::span<const std::string> path) {
  for (const std::string& part : path) {
    if (!v->is_object()) return nullptr;
    const auto it = v->find(part);
    if (it == v->end()) return nullptr;
    v = &*it;
  }
  return v;
}

const Json* member(const Json& object, const std::string& key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

Json RenderRoot::build(const Contact& c, const Event* trigger, const Json& workflow) {
  Json contact = c.properties;
  contact["id"] = c.id;
  contact["email"] = c.email ? Json(*c.email) : Json(nullptr);
  contact["phone"] = c.phone ? Json(*c.phone) : Json(nullptr);
  Json event = Json::object();
  if (trigger) {
    event = trigger->properties.to_json();
    event["type"] = trigger->type;
    event["at"] = time::format_instant(trigger->at);
  }
  return {{"contact", std::move(contact)}, {"event", std::move(event)}, {"workflow", workflow}};
}

const Json& RenderRoot::whole() const {
  return *keep(build(contact_, trigger_, workflow_));
}

const Json* RenderRoot::find(std::span<const std::string> path) const {
  const std::string& head = path.front();
  if (head == "contact") return find_contact(path.subspan(1));
  if (head == "event") return find_event(path.subspan(1));
  if (head == "workflow") return descend(&workflow_, path.subspan(1));
  return nullptr;
}

// The names the engine sets (id, email, phone) hide properties of the same name, as in build().
const Json* RenderRoot::find_contact(std::span<const std::string> path) const {
  if (path.empty()) return &whole()["contact"];
  const std::string& key = path.front();
  const Json* v = nullptr;
  if (key == "id") {
    v = keep(contact_.id);
  } else if (key == "email") {
    v = keep(contact_.email ? Json(*contact_.email) : Json(nullptr));
  } else if (key == "phone") {
    v = keep(contact_.phone ? Json(*contact_.phone) : Json(nullptr));
  } else {
    v = member(contact_.properties, key);
  }
  return v ? descend(v, path.subspan(1)) : nullptr;
}

const Json* RenderRoot::find_event(std::span<const std::string> path) const {
  if (path.empty()) return &whole()["event"];
  if (!trigger_) return nullptr;
  const std::string& key = path.front();
  const Json* v = nullptr;
  if (key == "type") {
    v = keep(trigger_->type);
  } else if (key == "at") {
    v = keep(time::format_instant(trigger_->at));
  } else {
    const std::optional<PropertyValue> p = trigger_->properties.find(key);
    if (!p) return nullptr;
    if (p->is_string()) {
      // A string has nothing below it; rendering needs it as JSON for this render only.
      return path.size() == 1 ? keep(std::string(p->string())) : nullptr;
    }
    v = &p->json();
  }
  return v ? descend(v, path.subspan(1)) : nullptr;
}

}  // namespace flowcast
