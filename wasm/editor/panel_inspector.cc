// "Inspector": every field of the selected workflow (trigger, key, re-enrollment, exit_on, goal,
// unenroll_from) or of the selected step, edited in place. Expressions, durations and times are
// checked as they are typed (fields.cc); the loader's diagnostics for what is shown follow.
#include <string>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "wasm/editor/app.h"
#include "wasm/editor/fields.h"
#include "wasm/editor/flow.h"
#include "wasm/editor/model_edit.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

std::vector<std::string> template_ids(const Json& doc) {
  std::vector<std::string> ids;
  if (doc.contains("templates") && doc["templates"].is_object()) {
    for (auto it = doc["templates"].begin(); it != doc["templates"].end(); ++it) ids.push_back(it.key());
  }
  return ids;
}

class InspectorPanel : public Panel {
 public:
  explicit InspectorPanel(App& app) : Panel(app, "Inspector") {}

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.68f, 0.0f); }
  ImVec2 default_size() const override { return frac_size(0.32f, 0.58f); }

  void draw_content() override {
    Json* doc = app_.mutable_model();
    if (!doc || !doc->is_object() || !doc->contains("workflows") || !(*doc)["workflows"].is_array() ||
        (*doc)["workflows"].empty()) {
      ImGui::TextDisabled("Nothing to inspect: no workflows.");
      if (!app_.model()) diagnostics_under(app_, "");
      return;
    }
    Json& wfs = (*doc)["workflows"];
    Selection& sel = app_.selection;
    if (sel.workflow < 0 || sel.workflow >= static_cast<int>(wfs.size())) sel.workflow = 0;
    Json& wf = wfs[static_cast<std::size_t>(sel.workflow)];
    if (!wf.is_object()) return;
    if (!wf.contains("steps") || !wf["steps"].is_array()) sel.step = -1;
    else if (sel.step >= static_cast<int>(wf["steps"].size())) sel.step = -1;
    const std::string where = "/workflows/" + std::to_string(sel.workflow);
    if (sel.step < 0) workflow_fields(*doc, wf, where);
    else step_fields(*doc, wf, sel.step, where);
  }

 private:
  void workflow_fields(const Json& doc, Json& wf, const std::string& where) {
    (void)doc;
    ImGui::TextDisabled("workflow %s", where.c_str());
    text_field(app_, wf, "id", "id", Check::none, where);
    text_field(app_, wf, "name", "name", Check::none, where, true);
    bool enabled = !wf.contains("enabled") || !wf["enabled"].is_boolean() || wf["enabled"].get<bool>();
    if (ImGui::Checkbox("enabled", &enabled)) {
      if (enabled) wf.erase("enabled");
      else wf["enabled"] = false;
      app_.model_changed();
    }

    section("Trigger");
    if (!wf.contains("trigger") || !wf["trigger"].is_object()) wf["trigger"] = {{"event", ""}};
    Json& t = wf["trigger"];
    const std::string tw = where + "/trigger";
    int kind = t.contains("condition") ? 1 : t.contains("schedule") ? 2 : 0;
    const char* kinds[] = {"on an event", "when a condition becomes true", "on a schedule"};
    ImGui::SetNextItemWidth(-1);
    if (ImGui::Combo("##kind", &kind, kinds, 3)) {
      Json keep_if = t.contains("if") ? t["if"] : Json();
      if (kind == 0) t = {{"event", "Checkout Started"}};
      if (kind == 1) t = {{"condition", "contact.lifetime_value > 500"}};
      if (kind == 2) t = {{"schedule", {{"every", "1d"}, {"at", "10:00"}}}};
      if (kind != 1 && !keep_if.is_null()) t["if"] = keep_if;
      app_.model_changed();
    }
    if (kind == 0) {
      text_field(app_, t, "event", "event", Check::none, tw);
      text_field(app_, t, "if", "if", Check::expression, tw, true, "always");
    } else if (kind == 1) {
      text_field(app_, t, "condition", "condition", Check::expression, tw);
      bool existing = t.contains("include_existing") && t["include_existing"].is_boolean() && t["include_existing"].get<bool>();
      if (ImGui::Checkbox("include contacts for whom it already holds", &existing)) {
        if (existing) t["include_existing"] = true;
        else t.erase("include_existing");
        app_.model_changed();
      }
    } else {
      if (!t["schedule"].is_object()) t["schedule"] = Json::object();
      text_field(app_, t["schedule"], "every", "every", Check::duration, tw + "/schedule");
      text_field(app_, t["schedule"], "at", "at", Check::time_of_day, tw + "/schedule", true, "at start");
      text_field(app_, t, "if", "if", Check::expression, tw, true, "always");
    }
    diagnostics_under(app_, tw);

    section("Enrollment");
    text_field(app_, wf, "key", "key", Check::expression, where, true, "one per contact");
    text_field(app_, wf, "reenroll", "reenroll", Check::reenroll, where, true, "never");
    text_field(app_, wf, "goal", "goal", Check::expression, where, true, "none");
    unenroll_field(wf, where);

    section("Exit on");
    if (!wf.contains("exit_on") || !wf["exit_on"].is_array()) {
      if (ImGui::SmallButton("+ exit on an event")) {
        wf["exit_on"] = Json::array({{{"event", "Order Completed"}}});
        app_.model_changed();
      }
    } else {
      Json& ex = wf["exit_on"];
      for (std::size_t i = 0; i < ex.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (!ex[i].is_object()) ex[i] = Json::object();
        const std::string ew = where + "/exit_on/" + std::to_string(i);
        text_field(app_, ex[i], "event", "event", Check::none, ew);
        text_field(app_, ex[i], "if", "if", Check::expression, ew, true, "always");
        if (ImGui::SmallButton("remove")) {
          ex.erase(ex.begin() + static_cast<long>(i));
          if (ex.empty()) wf.erase("exit_on");
          app_.model_changed();
          ImGui::PopID();
          break;
        }
        ImGui::Separator();
        ImGui::PopID();
      }
      if (wf.contains("exit_on") && ImGui::SmallButton("+ another")) {
        wf["exit_on"].push_back({{"event", "Order Completed"}});
        app_.model_changed();
      }
    }
    ImGui::Spacing();
    ImGui::TextDisabled("Click a step in the Workflow panel to edit it.");
    diagnostics_under(app_, where, false);
  }

  void unenroll_field(Json& wf, const std::string& where) {
    std::string text;
    if (wf.contains("unenroll_from") && wf["unenroll_from"].is_array()) {
      for (const Json& v : wf["unenroll_from"]) text += (text.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("unenroll");
    ImGui::SameLine(110);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputTextWithHint("##unenroll", "workflow ids, comma-separated", &text)) {
      Json ids = Json::array();
      std::size_t p = 0;
      while (p <= text.size()) {
        std::size_t q = text.find(',', p);
        if (q == std::string::npos) q = text.size();
        std::string id = text.substr(p, q - p);
        id.erase(0, id.find_first_not_of(' '));
        id.erase(id.find_last_not_of(' ') + 1);
        if (!id.empty()) ids.push_back(id);
        p = q + 1;
      }
      if (ids.empty()) wf.erase("unenroll_from");
      else wf["unenroll_from"] = ids;
      app_.model_changed(where + "/unenroll_from");
    }
  }

  void step_fields(const Json& doc, Json& wf, int index, const std::string& wf_where) {
    Json& steps = wf["steps"];
    Json& s = steps[static_cast<std::size_t>(index)];
    if (!s.is_object()) s = Json::object();
    const std::string where = wf_where + "/steps/" + std::to_string(index);
    if (ImGui::SmallButton("< workflow")) app_.selection.step = -1;
    ImGui::SameLine();
    ImGui::TextDisabled("%s", where.c_str());
    ImGui::TextWrapped("%s", step_label(s).c_str());
    ImGui::Separator();
    step_id_field(app_, wf, index, where);
    const std::string type = s.contains("type") && s["type"].is_string() ? s["type"].get<std::string>() : "";
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("type");
    ImGui::SameLine(110);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##type", type.c_str())) {
      for (const char* t : kStepTypes) {
        if (ImGui::Selectable(t, type == t) && type != t) {
          set_step_type(doc, s, t);
          app_.model_changed();
        }
      }
      ImGui::EndCombo();
    }
    if (type == "send") {
      choice_field(app_, s, "template", "template", template_ids(doc), where);
    } else if (type == "delay") {
      text_field(app_, s, "duration", "duration", Check::duration, where, false, "1h");
    } else if (type == "delay_until") {
      text_field(app_, s, "time", "time", Check::time_of_day, where, false, "09:00");
      days_field(s, where);
    } else if (type == "wait_for") {
      text_field(app_, s, "event", "event", Check::none, where);
      text_field(app_, s, "if", "if", Check::expression, where, true, "any such event");
      text_field(app_, s, "timeout", "timeout", Check::duration, where, true, "until the horizon");
      step_ref_field(app_, s, "on_event", "on event", steps, "(next)", where);
      if (s.contains("timeout")) step_ref_field(app_, s, "on_timeout", "on timeout", steps, "(next)", where);
    } else if (type == "branch") {
      text_field(app_, s, "if", "if", Check::expression, where);
      step_ref_field(app_, s, "then", "then", steps, "(next)", where);
      step_ref_field(app_, s, "else", "else", steps, "(next)", where);
    } else if (type == "split") {
      paths_field(s, steps, where);
    } else if (type == "set") {
      text_field(app_, s, "properties", "properties", Check::json, where);
    } else if (type == "task") {
      text_field(app_, s, "title", "title", Check::none, where);
    } else if (type == "webhook") {
      text_field(app_, s, "url", "url", Check::none, where);
      text_field(app_, s, "body", "body", Check::none, where, true);
    }
    if (type != "exit") step_ref_field(app_, s, "next", "next", steps, "(following step)", where);

    ImGui::Spacing();
    if (ImGui::SmallButton("Delete this step")) {
      delete_step(wf, index);
      app_.selection.step = -1;
      app_.model_changed();
      return;
    }
    ImGui::Spacing();
    diagnostics_under(app_, where);
  }

  void days_field(Json& s, const std::string& where) {
    static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("days");
    ImGui::SameLine(110);
    bool on[7];
    const bool all = !s.contains("days") || !s["days"].is_array();
    for (int d = 0; d < 7; ++d) {
      on[d] = all;
      if (!all) {
        for (const Json& v : s["days"]) on[d] |= v == kDays[d];
      }
    }
    bool changed = false;
    for (int d = 0; d < 7; ++d) {
      if (d) ImGui::SameLine();
      changed |= ImGui::Checkbox(kDays[d], &on[d]);
    }
    if (changed) {
      Json days = Json::array();
      for (int d = 0; d < 7; ++d) {
        if (on[d]) days.push_back(kDays[d]);
      }
      if (days.size() == 7) s.erase("days");
      else s["days"] = days;  // empty: the validator says why
      app_.model_changed(where + "/days");
    }
  }

  void paths_field(Json& s, const Json& steps, const std::string& where) {
    if (!s.contains("paths") || !s["paths"].is_array()) s["paths"] = Json::array();
    Json& paths = s["paths"];
    for (std::size_t i = 0; i < paths.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (!paths[i].is_object()) paths[i] = Json::object();
      const std::string pw = where + "/paths/" + std::to_string(i);
      int weight = paths[i].contains("weight") && paths[i]["weight"].is_number_integer() ? paths[i]["weight"].get<int>() : 0;
      ImGui::AlignTextToFramePadding();
      ImGui::Text("path %zu", i + 1);
      ImGui::SameLine(110);
      ImGui::SetNextItemWidth(90);
      if (ImGui::InputInt("weight", &weight)) {
        paths[i]["weight"] = std::max(0, weight);
        app_.model_changed(pw + "/weight");
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("remove")) {
        paths.erase(paths.begin() + static_cast<long>(i));
        app_.model_changed();
        ImGui::PopID();
        break;
      }
      step_ref_field(app_, paths[i], "next", "  goes to", steps, "(next)", pw);
      ImGui::PopID();
    }
    if (ImGui::SmallButton("+ path")) {
      paths.push_back({{"weight", 50}});
      app_.model_changed();
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_inspector_panel(App& app) { return std::make_unique<InspectorPanel>(app); }

}  // namespace flowcast::editor
