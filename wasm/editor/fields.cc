#include "wasm/editor/fields.h"

#include "core/expr/expr.h"
#include "core/mustache/mustache.h"
#include "core/time/instant.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "imgui_stdlib.h"
#include "wasm/editor/app.h"
#include "wasm/editor/model_edit.h"

namespace flowcast::editor {
namespace {

const ImVec4 kError(1.0f, 0.45f, 0.4f, 1.0f);
const ImVec4 kWarning(1.0f, 0.8f, 0.35f, 1.0f);

void label_column(const char* label) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine(110);
  ImGui::SetNextItemWidth(-1);
}

}  // namespace

std::string check_value(Check check, const std::string& text, int* column) {
  *column = 0;
  switch (check) {
    case Check::none: return "";
    case Check::expression: {
      expr::CompileResult r = expr::compile(text);
      if (r.errors.empty()) return "";
      *column = r.errors.front().column;
      return r.errors.front().message;
    }
    case Check::mustache: {
      mustache::CompileResult r = mustache::compile(text);
      if (r.errors.empty()) return "";
      *column = r.errors.front().column;
      return "line " + std::to_string(r.errors.front().line) + ", column " + std::to_string(r.errors.front().column) + ": " +
             r.errors.front().message;
    }
    case Check::duration:
      if (time::parse_duration(text)) return "";
      return "expected a duration such as 30m, 1h, 2d or 1w";
    case Check::time_of_day:
      if (time::parse_time_of_day(text)) return "";
      return "expected a time of day HH:MM, such as 09:00";
    case Check::instant:
      if (time::parse_instant(text)) return "";
      return "expected an RFC 3339 time such as 2026-03-02T14:00:00Z";
    case Check::reenroll:
      if (text == "never" || text == "always" || time::parse_duration(text)) return "";
      return "expected never, always or a duration such as 7d";
    case Check::json: {
      Json v = Json::parse(text, nullptr, false);
      if (!v.is_discarded()) return "";
      return "not valid JSON";
    }
  }
  return "";
}

bool text_field(App& app, Json& obj, const char* key, const char* label, Check check,
                const std::string& where, bool optional, const char* hint) {
  if (!obj.is_object()) {
    ImGui::TextDisabled("%s: (the parent is not a JSON object)", label);
    return false;
  }
  std::string value;
  auto it = obj.find(key);
  if (it != obj.end()) value = (check == Check::json || !it->is_string()) ? it->dump() : it->get<std::string>();
  ImGui::PushID(key);
  label_column(label);
  const bool changed = ImGui::InputTextWithHint("##v", hint, &value);
  app.note_rect("field:" + where + "/" + key, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  int column = 0;
  const std::string error = (optional && value.empty()) ? "" : check_value(check, value, &column);
  if (!error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kError);
    if (check == Check::expression) {
      // The default font is monospaced: a caret under the column.
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 110 + ImGui::GetStyle().FramePadding.x);
      ImGui::TextUnformatted((std::string(static_cast<std::size_t>(column > 0 ? column - 1 : 0), ' ') + "^").c_str());
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 110);
      ImGui::TextWrapped("column %d: %s", column, error.c_str());
    } else {
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 110);
      ImGui::TextWrapped("%s", error.c_str());
    }
    ImGui::PopStyleColor();
  }
  ImGui::PopID();
  if (!changed) return false;
  if (optional && value.empty()) {
    obj.erase(key);
  } else if (check == Check::json) {
    Json v = Json::parse(value, nullptr, false);
    obj[key] = v.is_discarded() ? Json(value) : v;  // keep the text until it parses
  } else {
    obj[key] = value;
  }
  app.model_changed(where + "/" + key);
  return true;
}

bool mustache_field(App& app, Json& obj, const char* key, const char* label, const std::string& where,
                    float height) {
  if (!obj.is_object()) {
    ImGui::TextDisabled("%s: (the parent is not a JSON object)", label);
    return false;
  }
  std::string value;
  auto it = obj.find(key);
  if (it != obj.end()) value = it->is_string() ? it->get<std::string>() : it->dump();
  ImGui::PushID(key);
  ImGui::TextUnformatted(label);
  const bool changed = ImGui::InputTextMultiline("##v", &value, ImVec2(-1, height));
  app.note_rect("field:" + where + "/" + key, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  int column = 0;
  const std::string error = check_value(Check::mustache, value, &column);
  if (!error.empty()) ImGui::TextColored(kError, "%s", error.c_str());
  ImGui::PopID();
  if (!changed) return false;
  obj[key] = value;
  app.model_changed(where + "/" + key);
  return true;
}

bool step_id_field(App& app, Json& wf, int step, const std::string& where) {
  Json& s = wf["steps"][static_cast<std::size_t>(step)];
  const std::string current = s.contains("id") && s["id"].is_string() ? s["id"].get<std::string>() : "";
  ImGui::PushID("id");
  static std::string buffer;  // only one field is edited at a time
  const ImGuiID active_id = ImGui::GetID("##v");
  label_column("id");
  std::string shown = (ImGui::GetActiveID() == active_id) ? buffer : current;
  ImGui::InputText("##v", &shown);
  if (ImGui::IsItemActive()) buffer = shown;
  bool changed = false;
  if (ImGui::IsItemDeactivatedAfterEdit() && buffer != current && !buffer.empty()) {
    rename_step(wf, current, buffer);
    app.model_changed(where + "/id");
    changed = true;
  }
  ImGui::PopID();
  return changed;
}

bool step_ref_field(App& app, Json& obj, const char* key, const char* label, const Json& steps,
                    const char* absent_text, const std::string& where) {
  if (!obj.is_object()) {
    ImGui::TextDisabled("%s: (the parent is not a JSON object)", label);
    return false;
  }
  auto it = obj.find(key);
  std::string preview = absent_text;
  if (it != obj.end()) preview = it->is_null() ? "End" : it->is_string() ? it->get<std::string>() : it->dump();
  bool changed = false;
  ImGui::PushID(key);
  label_column(label);
  if (ImGui::BeginCombo("##v", preview.c_str())) {
    if (ImGui::Selectable(absent_text, it == obj.end())) {
      obj.erase(key);
      changed = true;
    }
    if (ImGui::Selectable("End", it != obj.end() && it->is_null())) {
      obj[key] = nullptr;
      changed = true;
    }
    for (const Json& s : steps) {
      if (!s.is_object() || !s.contains("id") || !s["id"].is_string()) continue;
      const std::string id = s["id"].get<std::string>();
      if (ImGui::Selectable(id.c_str(), preview == id && it != obj.end() && it->is_string())) {
        obj[key] = id;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::PopID();
  if (changed) app.model_changed(where + "/" + key);
  return changed;
}

bool choice_field(App& app, Json& obj, const char* key, const char* label,
                  const std::vector<std::string>& choices, const std::string& where) {
  if (!obj.is_object()) {
    ImGui::TextDisabled("%s: (the parent is not a JSON object)", label);
    return false;
  }
  auto it = obj.find(key);
  const std::string current = it != obj.end() && it->is_string() ? it->get<std::string>() : "";
  bool changed = false;
  ImGui::PushID(key);
  label_column(label);
  if (ImGui::BeginCombo("##v", current.c_str())) {
    for (const std::string& c : choices) {
      if (ImGui::Selectable(c.c_str(), c == current) && c != current) {
        obj[key] = c;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  ImGui::PopID();
  if (changed) app.model_changed(where + "/" + key);
  return changed;
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", title);
  ImGui::Separator();
}

void diagnostics_under(const App& app, const std::string& pointer, bool exact_or_child) {
  for (const LoadDiagnostic& d : app.diagnostics()) {
    const bool match = d.pointer == pointer ||
                       (exact_or_child && d.pointer.size() > pointer.size() &&
                        d.pointer.compare(0, pointer.size(), pointer) == 0 &&
                        d.pointer[pointer.size()] == '/');
    if (!match) continue;
    const bool error = d.severity == LoadDiagnostic::Severity::error;
    ImGui::PushStyleColor(ImGuiCol_Text, error ? kError : kWarning);
    ImGui::TextWrapped("%s", format_diagnostic(app.source_name(), d).c_str());
    ImGui::PopStyleColor();
  }
}

}  // namespace flowcast::editor
