// "Preview": the replay of the current scenario, redone after every edit. Per template: sent,
// skipped by reason, deferred by quiet hours. Per contact: a swimlane on a shared, zoomable time
// axis (events as ticks; sent, skipped and deferred messages drawn differently; the contact's
// quiet hours shaded), in a clipped list that stays smooth for 100,000 contacts. Click a contact
// for its explain story.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/report/report_text.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "wasm/editor/app.h"
#include "wasm/editor/fields.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

const ImU32 kSent = IM_COL32(90, 200, 120, 255);
const ImU32 kSkipped = IM_COL32(235, 90, 80, 255);
const ImU32 kDeferred = IM_COL32(240, 170, 60, 255);
const ImU32 kEvent = IM_COL32(150, 160, 180, 200);
const ImU32 kQuiet = IM_COL32(70, 80, 140, 70);

class PreviewPanel : public Panel {
 public:
  explicit PreviewPanel(App& app) : Panel(app, "Preview") {}

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.22f, 0.58f); }
  ImVec2 default_size() const override { return frac_size(0.78f, 0.42f); }

  void draw_content() override {
    const Scenario* sc = app_.scenario();
    const ReplayResult* r = app_.last_replay();
    const Summary* sum = app_.summary();
    if (!sc || !r || !sum) {
      if (app_.model()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "The scenario has errors; fix them to see the preview.");
      else ImGui::TextDisabled("No scenario (or its text is not JSON).");
      diagnostics_under(app_, "");
      return;
    }
    if (generation_ != app_.generation()) refresh(*sc, *r, *sum);
    ImGui::Text("%lld sent, %lld skipped, %lld deferred by quiet hours - %zu contacts, %zu events (replay %.1f ms)",
                static_cast<long long>(sum->sent), static_cast<long long>(sum->skipped),
                static_cast<long long>(sum->deferred), r->contact_ids.size(), sc->events.size(),
                app_.last_replay_ms());
    for (const LoadDiagnostic& d : app_.diagnostics()) {  // warnings only (errors stop the replay)
      ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.35f, 1.0f), "%s", format_diagnostic(app_.source_name(), d).c_str());
    }
    templates_table(*sum);
    const bool story = !app_.selection.contact.empty();
    const float story_w = story ? std::max(260.0f, ImGui::GetContentRegionAvail().x * 0.36f) : 0.0f;
    ImGui::BeginChild("lanes", ImVec2(story ? -story_w : 0, 0), false);
    lanes(*sc, *r, *sum);
    ImGui::EndChild();
    if (story) {
      ImGui::SameLine();
      ImGui::BeginChild("story", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
      ImGui::Text("%s", app_.selection.contact.c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton("close")) app_.selection.contact.clear();
      ImGui::Separator();
      if (!app_.selection.contact.empty()) ImGui::TextUnformatted(app_.explain(app_.selection.contact).c_str());
      ImGui::EndChild();
    }
  }

 private:
  void refresh(const Scenario& sc, const ReplayResult& r, const Summary& sum) {
    generation_ = app_.generation();
    if (r.start != range_start_ || r.end != range_end_) {  // a new window: show all of it
      range_start_ = r.start;
      range_end_ = r.end;
      view_start_ = static_cast<double>(r.start);
      view_end_ = static_cast<double>(std::max(r.end, r.start + 1));
    }
    zones_.clear();
    for (const std::string& z : r.contact_zones) {
      zones_.push_back(sc.zones ? sc.zones->find(z) : nullptr);
    }
    (void)sum;
    filter_dirty_ = true;
  }

  void templates_table(const Summary& sum) {
    constexpr ImGuiTableFlags kTable = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    const float h = std::min(6.0f, static_cast<float>(sum.templates.size()) + 1.0f) * ImGui::GetTextLineHeightWithSpacing() + 8;
    if (!ImGui::BeginTable("templates", 5, kTable | ImGuiTableFlags_ScrollY, ImVec2(0, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* c : {"template", "channel", "sent", "skipped (why)", "deferred"}) ImGui::TableSetupColumn(c);
    ImGui::TableHeadersRow();
    for (const TemplateSummary& t : sum.templates) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(t.id.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(t.channel);
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(t.sent));
      ImGui::TableNextColumn();
      std::string why;
      for (const auto& [reason, n] : t.skipped_by_reason) why += (why.empty() ? " (" : ", ") + reason + " " + std::to_string(n);
      if (!why.empty()) why += ")";
      ImGui::Text("%lld%s", static_cast<long long>(t.skipped), why.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(t.deferred));
    }
    ImGui::EndTable();
  }

  void lanes(const Scenario& sc, const ReplayResult& r, const Summary& sum) {
    ImGui::SetNextItemWidth(200);
    if (ImGui::InputTextWithHint("##filter", "search contacts", &filter_)) filter_dirty_ = true;
    ImGui::SameLine();
    ImGui::Checkbox("only with messages", &only_messages_) ? (void)(filter_dirty_ = true) : (void)0;
    ImGui::SameLine();
    if (ImGui::SmallButton("whole window")) {
      view_start_ = static_cast<double>(r.start);
      view_end_ = static_cast<double>(std::max(r.end, r.start + 1));
    }
    ImGui::SameLine();
    ImGui::TextDisabled("Ctrl+wheel: zoom time, Shift+wheel: pan");
    if (filter_dirty_) {
      rows_.clear();
      for (std::uint32_t c = 0; c < r.contact_ids.size(); ++c) {
        if (only_messages_ && sum.contacts[c].messages.empty()) continue;
        if (!filter_.empty() && r.contact_ids[c].find(filter_) == std::string::npos) continue;
        rows_.push_back(c);
      }
      filter_dirty_ = false;
    }

    constexpr ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                       ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("contacts", 3, kTable)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("contact", ImGuiTableColumnFlags_WidthFixed, 130);
    ImGui::TableSetupColumn("sent/skip/def", ImGuiTableColumnFlags_WidthFixed, 90);
    ImGui::TableSetupColumn("timeline", ImGuiTableColumnFlags_WidthStretch);
    // Header row with the time axis in the last column.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    ImGui::TableNextColumn();
    ImGui::TableHeader("contact");
    ImGui::TableNextColumn();
    ImGui::TableHeader("sent/skip/def");
    ImGui::TableNextColumn();
    const ImVec2 axis0 = ImGui::GetCursorScreenPos();
    const float lane_w = std::max(ImGui::GetContentRegionAvail().x, 40.0f);
    ImGui::TableHeader("");
    axis(axis0, lane_w);
    lane_x0_ = axis0.x;
    lane_w_ = lane_w;
    zoom_input(axis0.x, lane_w);

    const float row_h = ImGui::GetTextLineHeightWithSpacing() + 4;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()), row_h);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::uint32_t c = rows_[static_cast<std::size_t>(i)];
        const ContactSummary& cs = sum.contacts[c];
        ImGui::TableNextRow(0, row_h);
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c));
        const std::string& id = r.contact_ids[c];
        if (ImGui::Selectable(id.c_str(), app_.selection.contact == id, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, row_h - 4))) {
          app_.selection.contact = app_.selection.contact == id ? std::string() : id;
        }
        if (i < 50) app_.note_rect("preview.contact:" + id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::Text("%lld / %lld / %lld", static_cast<long long>(cs.sent), static_cast<long long>(cs.skipped),
                    static_cast<long long>(cs.deferred));
        ImGui::TableNextColumn();
        lane(sc, r, c, cs, ImGui::GetCursorScreenPos(), row_h - 4);
      }
    }
    ImGui::EndTable();
  }

  float x_of(double t) const {
    return lane_x0_ + static_cast<float>((t - view_start_) / (view_end_ - view_start_)) * lane_w_;
  }

  void zoom_input(float x0, float w) {
    ImGuiIO& io = ImGui::GetIO();
    if (!ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) || io.MouseWheel == 0 || !(io.KeyCtrl || io.KeyShift)) return;
    const double span = view_end_ - view_start_;
    const double full = static_cast<double>(std::max<time::Instant>(range_end_ - range_start_, 1));
    if (io.KeyCtrl) {
      const double at = view_start_ + std::clamp((io.MousePos.x - x0) / w, 0.0f, 1.0f) * span;
      const double k = std::pow(0.8, io.MouseWheel);
      const double ns = std::clamp(span * k, 600.0, full * 4);
      view_start_ = at - (at - view_start_) * (ns / span);
      view_end_ = view_start_ + ns;
    } else {
      view_start_ -= io.MouseWheel * span * 0.1;
      view_end_ -= io.MouseWheel * span * 0.1;
    }
  }

  void axis(ImVec2 p, float w) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double span = view_end_ - view_start_;
    // Tick every day, or every 6 h / 1 h when zoomed in, or every week when zoomed out.
    double step = 86400;
    if (span / step > w / 40) step = 7 * 86400;
    else if (span / 3600 < w / 50) step = 3600;
    else if (span / (6 * 3600) < w / 50) step = 6 * 3600;
    const double first = std::ceil(view_start_ / step) * step;
    for (double t = first; t < view_end_; t += step) {
      const float x = p.x + static_cast<float>((t - view_start_) / span) * w;
      const std::string s = time::format_instant(static_cast<time::Instant>(t));
      const std::string label = step >= 86400 ? s.substr(5, 5) : s.substr(5, 5) + " " + s.substr(11, 5);
      dl->AddLine(ImVec2(x, p.y), ImVec2(x, p.y + 4), IM_COL32(160, 160, 170, 255));
      if (x + 40 < p.x + w) dl->AddText(ImVec2(x + 2, p.y), IM_COL32(160, 160, 170, 255), label.c_str());
    }
  }

  void lane(const Scenario& sc, const ReplayResult& r, std::uint32_t c, const ContactSummary& cs, ImVec2 p, float h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y0 = p.y, y1 = p.y + h, ym = (y0 + y1) / 2;
    dl->PushClipRect(ImVec2(lane_x0_, y0), ImVec2(lane_x0_ + lane_w_, y1), true);
    // Quiet hours in the contact's zone, one band per local day in view.
    if (sc.settings.quiet_hours && c < zones_.size() && zones_[c] && view_end_ - view_start_ < 120 * 86400.0) {
      const QuietHours& q = *sc.settings.quiet_hours;
      const time::Zone& z = *zones_[c];
      const time::CivilTime first = z.to_local(static_cast<time::Instant>(view_start_) - 86400);
      std::int64_t day = time::days_from_civil(first.date);
      for (int guard = 0; guard < 130; ++guard, ++day) {
        time::CivilTime a{time::civil_from_days(day), q.start_minute * 60};
        const bool wraps = q.end_minute <= q.start_minute;
        time::CivilTime b{time::civil_from_days(wraps ? day + 1 : day), q.end_minute * 60};
        const double ta = static_cast<double>(z.from_local(a)), tb = static_cast<double>(z.from_local(b));
        if (ta > view_end_) break;
        if (tb > view_start_ && tb > ta) dl->AddRectFilled(ImVec2(x_of(ta), y0), ImVec2(x_of(tb), y1), kQuiet);
      }
    }
    dl->AddLine(ImVec2(lane_x0_, ym), ImVec2(lane_x0_ + lane_w_, ym), IM_COL32(90, 95, 105, 255));
    const ImGuiIO& io = ImGui::GetIO();
    std::string tip;
    for (std::uint32_t e : cs.events) {
      const Event& ev = sc.events[e];
      const float x = x_of(static_cast<double>(ev.at));
      if (x < lane_x0_ - 4 || x > lane_x0_ + lane_w_ + 4) continue;
      dl->AddLine(ImVec2(x, y0 + 2), ImVec2(x, y1 - 2), kEvent, 2.0f);
      if (std::fabs(io.MousePos.x - x) < 4 && io.MousePos.y >= y0 && io.MousePos.y < y1) {
        tip += time::format_instant(ev.at) + "  event " + ev.type + "\n";
      }
    }
    for (std::uint32_t mi : cs.messages) {
      const MessageRecord& m = r.output.messages[mi];
      const float x = x_of(static_cast<double>(m.at));
      if (x < lane_x0_ - 8 || x > lane_x0_ + lane_w_ + 8) continue;
      const float rad = std::max(3.0f, h * 0.28f);
      if (m.deferred_from) {
        const float xf = x_of(static_cast<double>(*m.deferred_from));
        dl->AddLine(ImVec2(xf, ym), ImVec2(x, ym), kDeferred, 2.0f);
        dl->AddCircle(ImVec2(xf, ym), rad * 0.6f, kDeferred, 0, 1.5f);
      }
      if (m.status == MessageStatus::sent) {
        dl->AddCircleFilled(ImVec2(x, ym), rad, m.deferred_from ? kDeferred : kSent);
      } else {
        dl->AddLine(ImVec2(x - rad, ym - rad), ImVec2(x + rad, ym + rad), kSkipped, 2.5f);
        dl->AddLine(ImVec2(x - rad, ym + rad), ImVec2(x + rad, ym - rad), kSkipped, 2.5f);
      }
      if (std::fabs(io.MousePos.x - x) < rad + 1 && io.MousePos.y >= y0 && io.MousePos.y < y1) {
        tip += format_local(sc, r.contact_zones[c], m.at) + "  " + sc.templates[m.template_index].id + " " +
               message_status_name(m.status) + (m.reason.empty() ? "" : " (" + m.reason + ")") +
               (m.deferred_from ? ", deferred from " + format_local(sc, r.contact_zones[c], *m.deferred_from) : "") + "\n";
      }
    }
    dl->PopClipRect();
    if (!tip.empty() && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", tip.c_str());
  }

  std::uint64_t generation_ = ~std::uint64_t{0};
  time::Instant range_start_ = 0, range_end_ = 0;
  double view_start_ = 0, view_end_ = 1;
  float lane_x0_ = 0, lane_w_ = 1;
  std::vector<std::shared_ptr<const time::Zone>> zones_;  // by contact index
  std::string filter_;
  bool only_messages_ = false;
  bool filter_dirty_ = true;
  std::vector<std::uint32_t> rows_;  // contact indexes shown, after the filter
};

}  // namespace

std::unique_ptr<Panel> make_preview_panel(App& app) { return std::make_unique<PreviewPanel>(app); }

}  // namespace flowcast::editor
