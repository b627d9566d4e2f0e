// The Mustache root context of a message or action (spec exact rule 12): `contact`, `event`
// (the enrollment's trigger) and `workflow`, read in place instead of copied into a JSON object.
#pragma once

#include <forward_list>
#include <span>
#include <string>

#include "core/model/event.h"
#include "core/mustache/mustache.h"

namespace flowcast {

class RenderRoot final : public mustache::Root {
 public:
  // `workflow` is {"id": ..., "name": ...}. All three must outlive the root.
  RenderRoot(const Contact& contact, const Event* trigger, const Json& workflow)
      : contact_(contact), trigger_(trigger), workflow_(workflow) {}

  const Json* find(std::span<const std::string> path) const override;
  const Json& whole() const override;

  // The context as one JSON object, as whole() returns it.
  static Json build(const Contact& contact, const Event* trigger, const Json& workflow);

 private:
  const Json* keep(Json v) const { return &scratch_.emplace_front(std::move(v)); }
  const Json* find_contact(std::span<const std::string> path) const;
  const Json* find_event(std::span<const std::string> path) const;

  const Contact& contact_;
  const Event* trigger_;
  const Json& workflow_;
  // Values made on demand (id, email, at, ...): stable addresses, and no allocation for a render
  // that needs none (a deque allocates two blocks as it is built).
  mutable std::forward_list<Json> scratch_;
};

}  // namespace flowcast
