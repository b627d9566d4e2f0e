// Inspector widgets that edit one key of a JSON object in the model. Each draws the field, writes
// what is typed straight into the model (App::model_changed: replay, undo step per field) and
// checks the value as it is typed: expressions with core's compiler (error and column shown under
// the field, with a caret), durations, times of day, JSON literals.
#pragma once

#include <string>
#include <vector>

#include "core/model/event.h"

namespace flowcast::editor {

class App;

enum class Check { none, expression, mustache, duration, time_of_day, instant, reenroll, json };

// A one-line text field for obj[key] (a string; `json` edits any value as JSON text).
// `optional`: an empty field removes the key. Returns true when the model changed.
bool text_field(App& app, Json& obj, const char* key, const char* label, Check check,
                const std::string& where, bool optional = false, const char* hint = "");

// A multi-line text field for obj[key] (a Mustache text), checked as it is typed.
bool mustache_field(App& app, Json& obj, const char* key, const char* label, const std::string& where,
                    float height);

// A step id field: commits on Enter or when the field loses focus, renaming references.
bool step_id_field(App& app, Json& wf, int step, const std::string& where);

// A combo for a step reference (next / then / else / on_event / on_timeout / a path's next):
// "(default)" = key absent, "End" = null, or one of the workflow's step ids.
bool step_ref_field(App& app, Json& obj, const char* key, const char* label, const Json& steps,
                    const char* absent_text, const std::string& where);

// A combo over `choices` for obj[key] (a string), with free text for values not in the list.
bool choice_field(App& app, Json& obj, const char* key, const char* label,
                  const std::vector<std::string>& choices, const std::string& where);

// The model's diagnostics whose pointer starts with `pointer`, in red (warnings in yellow).
void diagnostics_under(const App& app, const std::string& pointer, bool exact_or_child = true);

// A titled separator between groups of fields.
void section(const char* title);

// The error of a value under `check` ("" if fine); *column is set for expressions (1-based).
std::string check_value(Check check, const std::string& text, int* column);

}  // namespace flowcast::editor
