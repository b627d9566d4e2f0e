// Small lookups on the loaded scenario model (see scenario.h).
#include "core/model/scenario.h"

#include <algorithm>

namespace flowcast {

const char* step_type_name(StepType t) {
  switch (t) {
    case StepType::send:
      return "send";
    case StepType::delay:
      return "delay";
    case StepType::delay_until:
      return "delay_until";
    case StepType::wait_for:
      return "wait_for";
    case StepType::branch:
      return "branch";
    case StepType::split:
      return "split";
    case StepType::set:
      return "set";
    case StepType::task:
      return "task";
    case StepType::webhook:
      return "webhook";
    case StepType::exit:
      return "exit";
  }
  return "unknown";
}

std::int32_t Scenario::find_template(std::string_view id) const {
  // Templates are sorted by id (the loader builds them from a JSON object).
  auto it = std::lower_bound(templates.begin(), templates.end(), id,
                             [](const Template& t, std::string_view v) { return t.id < v; });
  if (it == templates.end() || it->id != id) return -1;
  return static_cast<std::int32_t>(it - templates.begin());
}

std::int32_t Scenario::find_workflow(std::string_view id) const {
  for (std::size_t i = 0; i < workflows.size(); ++i) {
    if (workflows[i].id == id) return static_cast<std::int32_t>(i);
  }
  return -1;
}

}  // namespace flowcast
