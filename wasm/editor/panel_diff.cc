// "Diff": pin the current replay as a baseline, edit, and see which contacts gain, lose or move
// which messages (core's diff_replays, the same as `flowcast diff`), with per-template totals.
#include <algorithm>
#include <string>

#include "core/time/instant.h"
#include "wasm/editor/app.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

// "03-02 11:00" (UTC): short enough for a narrow panel; the tooltip has the full instant.
std::string short_time(time::Instant t) {
  const std::string s = time::format_instant(t);
  return s.substr(5, 5) + " " + s.substr(11, 5);
}

class DiffPanel : public Panel {
 public:
  explicit DiffPanel(App& app) : Panel(app, "Diff") {}

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.0f, 0.36f); }
  ImVec2 default_size() const override { return frac_size(0.22f, 0.64f); }

  void draw_content() override {
    ImGui::BeginDisabled(!app_.last_replay());
    if (ImGui::Button(app_.has_baseline() ? "Re-pin baseline" : "Pin baseline")) app_.pin_baseline();
    app_.note_rect("diff.pin", ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ImGui::EndDisabled();
    if (app_.has_baseline()) {
      ImGui::SameLine();
      if (ImGui::Button("Clear")) app_.clear_baseline();
    }
    if (!app_.has_baseline()) {
      ImGui::TextWrapped("Pin the current result, then edit: this panel shows who gains, loses or moves which message.");
      return;
    }
    const ReportDiff* d = app_.diff();
    if (!d) {
      ImGui::TextDisabled("The scenario has errors: no current replay to compare.");
      return;
    }
    std::size_t added = 0, removed = 0, moved = 0;
    for (const MessageChange& c : d->changes) {
      (c.kind == MessageChange::Kind::added ? added : c.kind == MessageChange::Kind::removed ? removed : moved)++;
    }
    if (d->changes.empty()) ImGui::TextUnformatted("Same messages as the baseline.");
    else ImGui::Text("%zu gained, %zu lost, %zu moved", added, removed, moved);

    constexpr ImGuiTableFlags kTable = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("totals", 4, kTable)) {
      for (const char* h : {"template", "before", "after", "change"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const auto& [id, t] : d->totals) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(id.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(t.before));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(t.after));
        ImGui::TableNextColumn();
        const long long delta = static_cast<long long>(t.after - t.before);
        if (delta) ImGui::TextColored(delta > 0 ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.5f, 0.45f, 1), "%+lld", delta);
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    // Changes, clipped: one row each, the contact's name on its first change.
    ImGui::BeginChild("changes", ImVec2(0, 0), true);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(d->changes.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const MessageChange& c = d->changes[static_cast<std::size_t>(i)];
        const bool first = i == 0 || d->changes[static_cast<std::size_t>(i) - 1].contact != c.contact;
        ImGui::PushID(i);
        if (ImGui::Selectable(first ? c.contact.c_str() : "", app_.selection.contact == c.contact, 0, ImVec2(80, 0))) {
          app_.selection.contact = c.contact;
        }
        ImGui::PopID();
        ImGui::SameLine(88);
        switch (c.kind) {
          case MessageChange::Kind::added:
            ImGui::TextColored(ImVec4(0.5f, 0.9f, 0.5f, 1), "+ %s %s", c.template_id.c_str(), short_time(*c.after).c_str());
            break;
          case MessageChange::Kind::removed:
            ImGui::TextColored(ImVec4(1, 0.5f, 0.45f, 1), "- %s %s", c.template_id.c_str(), short_time(*c.before).c_str());
            break;
          case MessageChange::Kind::moved:
            ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1), "~ %s %s -> %s", c.template_id.c_str(),
                               short_time(*c.before).c_str(), short_time(*c.after).c_str());
            break;
        }
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("%s %s: %s -> %s (UTC)", c.contact.c_str(), c.template_id.c_str(),
                            c.before ? time::format_instant(*c.before).c_str() : "none",
                            c.after ? time::format_instant(*c.after).c_str() : "none");
        }
      }
    }
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Panel> make_diff_panel(App& app) { return std::make_unique<DiffPanel>(app); }

}  // namespace flowcast::editor
