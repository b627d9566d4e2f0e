// Structural edits of a workflow in the JSON model: add, delete and rename steps, and change a
// step's type, keeping every reference to step ids consistent.
#pragma once

#include <string>

#include "core/model/event.h"

namespace flowcast::editor {

// The step types, in the order menus list them.
inline constexpr const char* kStepTypes[] = {"send",  "delay", "delay_until", "wait_for", "branch",
                                             "split", "set",   "task",        "webhook",  "exit"};

// An id not yet used by a step of `wf`, based on `base` ("wait", "wait_2", ...).
std::string unique_step_id(const Json& wf, const std::string& base);

// Inserts a new step of `type` with sensible defaults after step `after` (-1: at the start).
// `doc` is the whole scenario (for the first template id). Returns the new step's index.
int insert_step(const Json& doc, Json& wf, int after, const std::string& type);

// Removes step `index`. References to it go where it went (its `next`, else the following step,
// else the end).
void delete_step(Json& wf, int index);

// Renames a step and every reference to it in the workflow.
void rename_step(Json& wf, const std::string& from, const std::string& to);

// Changes a step's type: drops the keys the new type does not allow, adds its required defaults.
void set_step_type(const Json& doc, Json& step, const std::string& type);

}  // namespace flowcast::editor
