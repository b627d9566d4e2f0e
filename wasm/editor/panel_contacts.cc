// "Contacts": the scenario's contacts in a searchable, clipped table (listed contacts and those
// that only appear in events), the selected contact's fields and timeline of events, each event
// editable (time checked as typed, type, properties as JSON) or deletable, events added, and a
// generator that fills the scenario with N realistic shoppers (generate.cc).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_stdlib.h"
#include "wasm/editor/app.h"
#include "wasm/editor/fields.h"
#include "wasm/editor/generate.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

struct Row {
  std::string id;
  int listed = -1;           // index in doc["contacts"], -1 if only in events
  std::vector<int> events;   // indexes in doc["events"], by time (file order breaks ties)
};

class ContactsPanel : public Panel {
 public:
  explicit ContactsPanel(App& app) : Panel(app, "Contacts") { open = false; }

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.30f, 0.06f); }
  ImVec2 default_size() const override { return frac_size(0.60f, 0.62f); }

  void draw_content() override {
    Json* doc = app_.mutable_model();
    if (!doc || !doc->is_object()) {
      ImGui::TextDisabled("No scenario.");
      return;
    }
    if (generation_ != app_.generation()) index(*doc);
    ImGui::SetNextItemWidth(180);
    if (ImGui::InputTextWithHint("##search", "search contacts", &filter_)) filter_rows();
    ImGui::SameLine();
    ImGui::Text("%zu of %zu contacts", shown_.size(), rows_.size());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputInt("##n", &generate_n_, 10, 100);
    generate_n_ = std::clamp(generate_n_, 1, 100000);
    ImGui::SameLine();
    const bool add = ImGui::Button("Add shoppers");
    app_.note_rect("contacts.generate", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (add) {
      generate_shoppers(*doc, generate_n_, 0x5eed0000u + rows_.size());
      app_.model_changed();
      return;
    }
    ImGui::BeginChild("table", ImVec2(260, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown_.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Row& r = rows_[static_cast<std::size_t>(shown_[static_cast<std::size_t>(i)])];
        ImGui::PushID(i);
        if (ImGui::Selectable(r.id.c_str(), app_.selection.contact == r.id)) app_.selection.contact = r.id;
        ImGui::SameLine(170);
        ImGui::TextDisabled("%zu events", r.events.size());
        ImGui::PopID();
      }
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("detail", ImVec2(0, 0), false);
    auto it = by_id_.find(app_.selection.contact);
    if (it == by_id_.end()) ImGui::TextDisabled("Pick a contact on the left.");
    else detail(*doc, rows_[it->second]);
    ImGui::EndChild();
  }

 private:
  void index(const Json& doc) {
    generation_ = app_.generation();
    rows_.clear();
    by_id_.clear();
    auto row = [&](const std::string& id) -> Row& {
      auto [pos, fresh] = by_id_.emplace(id, rows_.size());
      if (fresh) rows_.push_back(Row{id, -1, {}});
      return rows_[pos->second];
    };
    if (doc.contains("contacts") && doc["contacts"].is_array()) {
      for (std::size_t i = 0; i < doc["contacts"].size(); ++i) {
        const Json& c = doc["contacts"][i];
        if (c.is_object() && c.contains("id") && c["id"].is_string()) row(c["id"].get<std::string>()).listed = static_cast<int>(i);
      }
    }
    if (doc.contains("events") && doc["events"].is_array()) {
      const Json& evs = doc["events"];
      for (std::size_t i = 0; i < evs.size(); ++i) {
        if (evs[i].is_object() && evs[i].contains("contact") && evs[i]["contact"].is_string()) {
          row(evs[i]["contact"].get<std::string>()).events.push_back(static_cast<int>(i));
        }
      }
      auto at = [&](int i) {
        const Json& e = evs[static_cast<std::size_t>(i)];
        return e.contains("at") && e["at"].is_string() ? e["at"].get<std::string>() : std::string();
      };
      for (Row& r : rows_) {
        std::stable_sort(r.events.begin(), r.events.end(), [&](int a, int b) { return at(a) < at(b); });
      }
    }
    filter_rows();
  }

  void filter_rows() {
    shown_.clear();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (filter_.empty() || rows_[i].id.find(filter_) != std::string::npos) shown_.push_back(static_cast<int>(i));
    }
  }

  void detail(Json& doc, const Row& r) {
    ImGui::Text("%s", r.id.c_str());
    if (r.listed >= 0) {
      Json& c = doc["contacts"][static_cast<std::size_t>(r.listed)];
      const std::string where = "/contacts/" + std::to_string(r.listed);
      text_field(app_, c, "email", "email", Check::none, where, true);
      text_field(app_, c, "timezone", "timezone", Check::none, where, true, "the scenario's");
      text_field(app_, c, "properties", "properties", Check::json, where, true, "{}");
      diagnostics_under(app_, where);
    } else {
      ImGui::TextDisabled("Not listed in contacts: known from its events only.");
    }
    section("Timeline");
    if (ImGui::SmallButton("+ event")) {
      std::string at = "2026-03-02T09:00:00Z";
      if (!r.events.empty()) {
        const Json& last = doc["events"][static_cast<std::size_t>(r.events.back())];
        if (last.contains("at") && last["at"].is_string()) {
          if (auto t = time::parse_instant(last["at"].get<std::string>())) at = time::format_instant(*t + time::kHour);
        }
      }
      if (!doc.contains("events") || !doc["events"].is_array()) doc["events"] = Json::array();
      doc["events"].push_back({{"at", at}, {"contact", r.id}, {"type", "Checkout Started"}, {"properties", Json::object()}});
      app_.model_changed();
      return;
    }
    for (int e : r.events) {
      Json& ev = doc["events"][static_cast<std::size_t>(e)];
      const std::string where = "/events/" + std::to_string(e);
      ImGui::PushID(e);
      ImGui::Separator();
      text_field(app_, ev, "at", "at", Check::instant, where);
      text_field(app_, ev, "type", "type", Check::none, where);
      text_field(app_, ev, "properties", "properties", Check::json, where, true, "{}");
      diagnostics_under(app_, where);
      const bool remove = ImGui::SmallButton("delete event");
      ImGui::PopID();
      if (remove) {
        doc["events"].erase(doc["events"].begin() + e);
        app_.model_changed();
        return;  // indexes changed
      }
    }
  }

  std::uint64_t generation_ = ~std::uint64_t{0};
  std::vector<Row> rows_;
  std::map<std::string, std::size_t> by_id_;
  std::vector<int> shown_;
  std::string filter_;
  int generate_n_ = 100;
};

}  // namespace

std::unique_ptr<Panel> make_contacts_panel(App& app) { return std::make_unique<ContactsPanel>(app); }

}  // namespace flowcast::editor
