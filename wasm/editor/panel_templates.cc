// "Templates": the scenario's templates. Pick one to edit its channel, kind, subject and body
// (Mustache, checked as typed); below, the messages of that template the selected contact got in
// the last replay, rendered (subject and body) exactly as the engine renders them.
#include <string>

#include "core/report/report_text.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "wasm/editor/app.h"
#include "wasm/editor/fields.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

class TemplatesPanel : public Panel {
 public:
  explicit TemplatesPanel(App& app) : Panel(app, "Templates") { open = false; }

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.50f, 0.04f); }
  ImVec2 default_size() const override { return frac_size(0.48f, 0.60f); }

  void draw_content() override {
    Json* doc = app_.mutable_model();
    if (!doc || !doc->is_object()) {
      ImGui::TextDisabled("No scenario.");
      return;
    }
    if (!doc->contains("templates") || !(*doc)["templates"].is_object()) (*doc)["templates"] = Json::object();
    Json& templates = (*doc)["templates"];
    ImGui::BeginChild("list", ImVec2(190, 0), true);
    for (auto it = templates.begin(); it != templates.end(); ++it) {
      if (ImGui::Selectable(it.key().c_str(), it.key() == selected_)) selected_ = it.key();
      app_.note_rect("templates:" + it.key(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##new", "new template id", &new_id_);
    if (ImGui::Button("Add") && !new_id_.empty() && !templates.contains(new_id_)) {
      templates[new_id_] = {{"channel", "email"}, {"subject", "Hello {{contact.first_name}}"}, {"body", ""}};
      selected_ = new_id_;
      new_id_.clear();
      app_.model_changed();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("edit", ImVec2(0, 0), false);
    if (!selected_.empty() && templates.contains(selected_) && templates[selected_].is_object()) {
      edit(templates, templates[selected_]);
    } else {
      ImGui::TextDisabled("Pick a template on the left.");
    }
    ImGui::EndChild();
  }

 private:
  void edit(Json& templates, Json& t) {
    const std::string where = "/templates/" + selected_;
    ImGui::Text("%s", selected_.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("delete")) {
      templates.erase(selected_);
      selected_.clear();
      app_.model_changed();
      return;
    }
    choice_field(app_, t, "channel", "channel", {"email", "sms", "push"}, where);
    choice_field(app_, t, "kind", "kind", {"marketing", "transactional"}, where);
    const bool email = t.contains("channel") && t["channel"] == "email";
    if (email) text_field(app_, t, "subject", "subject", Check::mustache, where, true);
    mustache_field(app_, t, "body", "body", where, ImGui::GetTextLineHeight() * 6);
    diagnostics_under(app_, where);

    section("Rendered for the selected contact");
    const std::string& contact = app_.selection.contact;
    if (contact.empty()) {
      ImGui::TextDisabled("Click a contact in Preview or Contacts.");
      return;
    }
    const Scenario* sc = app_.scenario();
    const ReplayResult* r = sc ? app_.rendered() : nullptr;
    if (!r) {
      ImGui::TextDisabled("The scenario has errors.");
      return;
    }
    const std::int32_t ti = sc->find_template(selected_);
    int shown = 0;
    for (const MessageRecord& m : r->output.messages) {
      if (static_cast<std::int32_t>(m.template_index) != ti || r->contact_ids[m.contact] != contact) continue;
      ++shown;
      ImGui::TextColored(ImVec4(0.6f, 0.8f, 1.0f, 1.0f), "%s  %s%s", format_local(*sc, r->contact_zones[m.contact], m.at).c_str(),
                         message_status_name(m.status), m.reason.empty() ? "" : (" (" + m.reason + ")").c_str());
      if (m.subject) ImGui::TextWrapped("Subject: %s", m.subject->c_str());
      ImGui::TextWrapped("%s", m.body.c_str());
      ImGui::Separator();
    }
    if (!shown) ImGui::TextDisabled("%s got no %s message in this replay.", contact.c_str(), selected_.c_str());
  }

  std::string selected_;
  std::string new_id_;
};

}  // namespace

std::unique_ptr<Panel> make_templates_panel(App& app) { return std::make_unique<TemplatesPanel>(app); }

}  // namespace flowcast::editor
