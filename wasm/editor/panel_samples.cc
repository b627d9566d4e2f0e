// "Samples": the bundled sample scenarios on the left; the replay totals of the selected one on
// the right (messages, actions, enrollments, warnings, per workflow and per template), or its
// diagnostics when it does not load.
#include <cstdint>
#include <string>
#include <vector>

#include "core/load/load.h"
#include "core/time/instant.h"
#include "wasm/editor/app.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

struct TemplateRow {
  std::string id;
  const char* channel = "";
  std::int64_t sent = 0, skipped = 0;
};

struct Totals {
  std::uint64_t generation = ~std::uint64_t{0};
  std::int64_t sent = 0, skipped = 0;
  std::vector<TemplateRow> templates;  // the scenario's order (sorted by id)
};

class SamplesPanel : public Panel {
 public:
  explicit SamplesPanel(App& app) : Panel(app, "Samples") {}

 protected:
  ImVec2 default_size() const override { return ImVec2(860, 480); }

  void draw_content() override {
    const auto& samples = app_.samples();
    if (samples.empty()) {
      ImGui::TextDisabled("%s", app_.status().empty() ? "No samples in the bundle."
                                                      : app_.status().c_str());
      return;
    }
    ImGui::BeginChild("list", ImVec2(300, 0), true);
    for (int i = 0; i < static_cast<int>(samples.size()); ++i) {
      const Sample& s = samples[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      if (ImGui::Selectable(s.name.c_str(), i == app_.selected_sample())) app_.select_sample(i);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.file.c_str());
      ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("details", ImVec2(0, 0), false);
    draw_details();
    ImGui::EndChild();
  }

 private:
  void draw_details() {
    if (app_.selected_sample() < 0) return;
    const Sample& s = app_.samples()[static_cast<std::size_t>(app_.selected_sample())];
    ImGui::TextUnformatted(s.name.c_str());
    ImGui::TextDisabled("%s", s.file.c_str());
    ImGui::Separator();
    for (const LoadDiagnostic& d : app_.diagnostics()) {
      const bool error = d.severity == LoadDiagnostic::Severity::error;
      ImGui::PushStyleColor(ImGuiCol_Text, error ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f)
                                                 : ImVec4(1.0f, 0.8f, 0.35f, 1.0f));
      ImGui::TextWrapped("%s", format_diagnostic(app_.source_name(), d).c_str());
      ImGui::PopStyleColor();
    }
    const Scenario* sc = app_.scenario();
    const ReplayResult* r = app_.last_replay();
    if (!sc || !r) return;
    update_totals(*sc, *r);
    const EngineOutput& o = r->output;

    if (r->empty) {
      ImGui::TextUnformatted("Nothing happened: no start and no events.");
    } else {
      ImGui::Text("Replayed %s to %s", time::format_instant(r->start).c_str(),
                  time::format_instant(r->end).c_str());
    }
    ImGui::Text("Messages: %lld sent, %lld skipped", static_cast<long long>(totals_.sent),
                static_cast<long long>(totals_.skipped));
    ImGui::Text("Actions: %zu   Enrollments: %zu   Warnings: %zu", o.actions.size(),
                o.enrollments.size(), o.warnings.size());
    ImGui::Text("Contacts: %zu   Events: %zu", r->contact_ids.size(), sc->events.size());

    ImGui::Spacing();
    constexpr ImGuiTableFlags kTable =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("workflows", 7, kTable)) {
      const char* headers[] = {"workflow", "enrolled", "completed", "goal",
                               "exited",   "sent",     "skipped"};
      for (const char* h : headers) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (std::size_t w = 0; w < sc->workflows.size() && w < o.stats.size(); ++w) {
        const WorkflowStats& st = o.stats[w];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(sc->workflows[w].id.c_str());
        for (std::int64_t v : {st.enrolled, st.completed, st.goal, st.exited, st.sent, st.skipped}) {
          ImGui::TableNextColumn();
          ImGui::Text("%lld", static_cast<long long>(v));
        }
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::BeginTable("templates", 4, kTable)) {
      for (const char* h : {"template", "channel", "sent", "skipped"}) ImGui::TableSetupColumn(h);
      ImGui::TableHeadersRow();
      for (const TemplateRow& t : totals_.templates) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.id.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(t.channel);
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(t.sent));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(t.skipped));
      }
      ImGui::EndTable();
    }
  }

  // Message counts per template, recomputed only when the replay changes.
  void update_totals(const Scenario& sc, const ReplayResult& r) {
    if (totals_.generation == app_.generation()) return;
    totals_ = Totals{};
    totals_.generation = app_.generation();
    for (const Template& t : sc.templates) {
      totals_.templates.push_back({t.id, channel_name(t.channel), 0, 0});
    }
    for (const MessageRecord& m : r.output.messages) {
      const bool sent = m.status == MessageStatus::sent;
      (sent ? totals_.sent : totals_.skipped) += 1;
      if (m.template_index < totals_.templates.size()) {
        TemplateRow& row = totals_.templates[m.template_index];
        (sent ? row.sent : row.skipped) += 1;
      }
    }
  }

  Totals totals_;
};

}  // namespace

std::unique_ptr<Panel> make_samples_panel(App& app) { return std::make_unique<SamplesPanel>(app); }

}  // namespace flowcast::editor
