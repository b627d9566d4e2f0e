// "Workflow": the selected workflow as a graph. One node per step, labelled in plain words with
// the last replay's counts (entered, sent, skipped), laid out in layers (flow.cc); edges for next,
// then/else, on_event/on_timeout and split paths. Drag to pan, wheel to zoom, click a node to
// inspect it; the toolbar switches workflows and adds or deletes steps.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/engine/output.h"
#include "imgui_internal.h"
#include "wasm/editor/app.h"
#include "wasm/editor/flow.h"
#include "wasm/editor/model_edit.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

constexpr float kNodeW = 210, kNodeH = 62, kGapX = 40, kGapY = 46;

ImU32 type_color(const std::string& type) {
  if (type == "send") return IM_COL32(45, 90, 150, 255);
  if (type == "delay" || type == "delay_until" || type == "wait_for") return IM_COL32(80, 70, 120, 255);
  if (type == "branch" || type == "split") return IM_COL32(140, 95, 35, 255);
  if (type == "exit") return IM_COL32(140, 50, 50, 255);
  if (type == "end") return IM_COL32(60, 60, 66, 255);
  if (type == "trigger") return IM_COL32(40, 110, 80, 255);
  return IM_COL32(40, 105, 110, 255);  // set, task, webhook
}

class GraphPanel : public Panel {
 public:
  explicit GraphPanel(App& app) : Panel(app, "Workflow") {}

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.22f, 0.0f); }
  ImVec2 default_size() const override { return frac_size(0.46f, 0.58f); }

  void draw_content() override {
    Json* doc = app_.mutable_model();
    if (!doc || !doc->is_object() || !doc->contains("workflows") || !(*doc)["workflows"].is_array() ||
        (*doc)["workflows"].empty()) {
      ImGui::TextDisabled("No workflows in this scenario.");
      return;
    }
    Json& wfs = (*doc)["workflows"];
    Selection& sel = app_.selection;
    sel.workflow = std::clamp(sel.workflow, 0, static_cast<int>(wfs.size()) - 1);
    toolbar(*doc, wfs);
    Json& wf = wfs[static_cast<std::size_t>(sel.workflow)];
    if (!wf.is_object()) return;
    if (flow_generation_ != app_.generation() || flow_workflow_ != sel.workflow) {
      flow_ = build_flow(wf);
      if (flow_workflow_ != sel.workflow || fit_source_ != app_.source_name()) fit_pending_ = true;
      fit_source_ = app_.source_name();
      flow_generation_ = app_.generation();
      flow_workflow_ = sel.workflow;
    }
    canvas(wf);
  }

 private:
  static std::string workflow_title(const Json& wf, int i) {
    std::string id = wf.is_object() && wf.contains("id") && wf["id"].is_string() ? wf["id"].get<std::string>() : "#" + std::to_string(i);
    if (wf.is_object() && wf.contains("name") && wf["name"].is_string() && !wf["name"].get<std::string>().empty()) {
      id += " - " + wf["name"].get<std::string>();
    }
    return id;
  }

  void toolbar(const Json& doc, Json& wfs) {
    Selection& sel = app_.selection;
    ImGui::SetNextItemWidth(220);
    const std::string current = workflow_title(wfs[static_cast<std::size_t>(sel.workflow)], sel.workflow);
    if (ImGui::BeginCombo("##workflow", current.c_str())) {
      for (int i = 0; i < static_cast<int>(wfs.size()); ++i) {
        ImGui::PushID(i);
        if (ImGui::Selectable(workflow_title(wfs[static_cast<std::size_t>(i)], i).c_str(), i == sel.workflow)) {
          sel.workflow = i;
          sel.step = -1;
        }
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button("+")) {  // a new workflow, with a trigger and no steps yet
      std::string id = "workflow";
      for (int k = 2;; ++k) {
        bool used = false;
        for (const Json& w : wfs) used |= w.is_object() && w.contains("id") && w["id"] == id;
        if (!used) break;
        id = "workflow_" + std::to_string(k);
      }
      wfs.push_back({{"id", id}, {"trigger", {{"event", "Checkout Started"}}}, {"steps", Json::array()}});
      sel.workflow = static_cast<int>(wfs.size()) - 1;
      sel.step = -1;
      app_.model_changed();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("New workflow");
    ImGui::SameLine();
    ImGui::BeginDisabled(wfs.size() < 2);
    if (ImGui::Button("-")) {
      wfs.erase(wfs.begin() + sel.workflow);
      sel.workflow = std::max(0, sel.workflow - 1);
      sel.step = -1;
      app_.model_changed();
    }
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Delete this workflow");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Fit")) fit_pending_ = true;
    ImGui::SameLine();
    if (ImGui::Button("Add step")) ImGui::OpenPopup("add_step");
    if (ImGui::BeginPopup("add_step")) {
      for (const char* type : kStepTypes) {
        if (ImGui::MenuItem(type)) {
          Json& wf = wfs[static_cast<std::size_t>(sel.workflow)];
          int after = sel.step;
          if (after < 0) after = wf.contains("steps") && wf["steps"].is_array() ? static_cast<int>(wf["steps"].size()) - 1 : -1;
          sel.step = insert_step(doc, wf, after, type);
          app_.model_changed();
        }
      }
      ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(sel.step < 0);
    if (ImGui::Button("Delete step")) {
      delete_step(wfs[static_cast<std::size_t>(sel.workflow)], sel.step);
      sel.step = -1;
      app_.model_changed();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("%d%%  drag: pan, wheel: zoom", static_cast<int>(std::lround(zoom_ * 100)));
  }

  // Node rectangle in world units (the trigger node is layer -1).
  ImVec2 world_pos(int layer, int order, int count) const {
    const float x = (static_cast<float>(order) - (static_cast<float>(count) - 1) / 2) * (kNodeW + kGapX);
    return ImVec2(x - kNodeW / 2, static_cast<float>(layer + 1) * (kNodeH + kGapY));
  }

  void canvas(Json& wf) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 50.0f);
    size.y = std::max(size.y, 50.0f);
    ImGui::InvisibleButton("canvas", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
    const bool hovered = ImGui::IsItemHovered();
    app_.note_rect("graph.canvas", p0, ImVec2(p0.x + size.x, p0.y + size.y));

    std::vector<int> per_layer(static_cast<std::size_t>(flow_.layers), 0);
    for (const FlowNode& n : flow_.nodes) per_layer[static_cast<std::size_t>(n.layer)]++;
    if (fit_pending_) {
      const float w = static_cast<float>(std::max(flow_.widest, 1)) * (kNodeW + kGapX);
      const float h = static_cast<float>(flow_.layers + 1) * (kNodeH + kGapY);
      zoom_ = std::clamp(std::min((size.x - 20) / w, (size.y - 20) / h), 0.7f, 1.2f);
      pan_ = ImVec2(0, 0);
      fit_pending_ = false;
    }
    const ImVec2 origin(p0.x + size.x / 2 + pan_.x, p0.y + 14 + pan_.y);
    if (hovered && io.MouseWheel != 0) {
      const float old = zoom_;
      zoom_ = std::clamp(zoom_ * std::pow(1.15f, io.MouseWheel), 0.2f, 3.0f);
      // Keep the point under the mouse still.
      const float k = zoom_ / old;
      pan_.x = (io.MousePos.x - (p0.x + size.x / 2)) * (1 - k) + pan_.x * k;
      pan_.y = (io.MousePos.y - (p0.y + 14)) * (1 - k) + pan_.y * k;
    }
    if (ImGui::IsItemActive() && (ImGui::IsMouseDragging(ImGuiMouseButton_Left) || ImGui::IsMouseDragging(ImGuiMouseButton_Right) ||
                                  ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
      pan_.x += io.MouseDelta.x;
      pan_.y += io.MouseDelta.y;
    }
    auto to_screen = [&](ImVec2 w) { return ImVec2(origin.x + w.x * zoom_, origin.y + w.y * zoom_); };

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(p0, ImVec2(p0.x + size.x, p0.y + size.y), true);
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), IM_COL32(24, 26, 30, 255));

    // Node rectangles on screen: index -1 = trigger (stored last).
    std::vector<ImVec2> tl(flow_.nodes.size() + 1);
    for (std::size_t i = 0; i < flow_.nodes.size(); ++i) {
      const FlowNode& n = flow_.nodes[i];
      tl[i] = to_screen(world_pos(n.layer, n.order, per_layer[static_cast<std::size_t>(n.layer)]));
    }
    tl.back() = to_screen(world_pos(-1, 0, 1));
    const float nw = kNodeW * zoom_, nh = kNodeH * zoom_;

    // Edges first, under the nodes.
    const ImU32 edge_col = IM_COL32(150, 155, 165, 255);
    auto edge = [&](ImVec2 a_tl, ImVec2 b_tl, bool downward, const std::string& label) {
      ImVec2 a, b, c1, c2;
      if (downward) {
        a = ImVec2(a_tl.x + nw / 2, a_tl.y + nh);
        b = ImVec2(b_tl.x + nw / 2, b_tl.y);
        const float dy = std::max(20.0f * zoom_, (b.y - a.y) / 2);
        c1 = ImVec2(a.x, a.y + dy);
        c2 = ImVec2(b.x, b.y - dy);
      } else {  // back or sideways edge: around the right side
        a = ImVec2(a_tl.x + nw, a_tl.y + nh / 2);
        b = ImVec2(b_tl.x + nw, b_tl.y + nh / 2);
        const float dx = 60 * zoom_ + std::fabs(a.y - b.y) * 0.15f;
        c1 = ImVec2(a.x + dx, a.y);
        c2 = ImVec2(b.x + dx, b.y);
      }
      dl->AddBezierCubic(a, c1, c2, b, edge_col, 1.5f);
      // Arrow head along the last control segment.
      ImVec2 d(b.x - c2.x, b.y - c2.y);
      const float len = std::sqrt(d.x * d.x + d.y * d.y);
      if (len > 0.01f) {
        d.x /= len;
        d.y /= len;
        const float s = 7 * std::max(zoom_, 0.5f);
        dl->AddTriangleFilled(b, ImVec2(b.x - d.x * s - d.y * s * 0.5f, b.y - d.y * s + d.x * s * 0.5f),
                              ImVec2(b.x - d.x * s + d.y * s * 0.5f, b.y - d.y * s - d.x * s * 0.5f), edge_col);
      }
      if (!label.empty()) {
        const float t = 0.5f, u = 1 - t;
        const ImVec2 m(u * u * u * a.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * b.x,
                       u * u * u * a.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * b.y);
        const float fs = ImGui::GetFontSize() * std::max(zoom_, 0.6f);
        const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0, label.c_str());
        dl->AddRectFilled(ImVec2(m.x - ts.x / 2 - 3, m.y - ts.y / 2 - 1), ImVec2(m.x + ts.x / 2 + 3, m.y + ts.y / 2 + 1),
                          IM_COL32(24, 26, 30, 230), 3);
        dl->AddText(ImGui::GetFont(), fs, ImVec2(m.x - ts.x / 2, m.y - ts.y / 2), IM_COL32(230, 200, 120, 255), label.c_str());
      }
    };
    edge(tl.back(), tl[0], true, "");  // trigger -> first step (or End)
    for (const FlowEdge& e : flow_.edges) {
      const FlowNode& a = flow_.nodes[static_cast<std::size_t>(e.from)];
      const FlowNode& b = flow_.nodes[static_cast<std::size_t>(e.to)];
      edge(tl[static_cast<std::size_t>(e.from)], tl[static_cast<std::size_t>(e.to)], b.layer > a.layer, e.label);
    }

    // Nodes.
    const Summary* sum = app_.summary();
    const Scenario* sc = app_.scenario();
    const ReplayResult* r = app_.last_replay();
    const int w = app_.selection.workflow;
    const bool counts = sum && sc && w < static_cast<int>(sum->steps.size()) &&
                        sum->steps[static_cast<std::size_t>(w)].size() + 1 == flow_.nodes.size();
    int hovered_node = -2;  // -1: trigger
    const float fs = ImGui::GetFontSize() * zoom_;
    ImFont* font = ImGui::GetFont();
    for (int i = -1; i < static_cast<int>(flow_.nodes.size()); ++i) {
      const ImVec2 a = i < 0 ? tl.back() : tl[static_cast<std::size_t>(i)];
      const ImVec2 b(a.x + nw, a.y + nh);
      const std::string type = i < 0 ? "trigger" : flow_.nodes[static_cast<std::size_t>(i)].type;
      const bool is_end = i == flow_.end();
      const bool selected = (i == app_.selection.step) || (i < 0 && app_.selection.step < 0);
      dl->AddRectFilled(a, b, type_color(type), 6 * zoom_);
      dl->AddRect(a, b, selected ? IM_COL32(255, 215, 90, 255) : IM_COL32(0, 0, 0, 120), 6 * zoom_, 0,
                  selected ? 2.5f : 1.0f);
      if (hovered && ImGui::IsMouseHoveringRect(a, b)) hovered_node = i;
      std::string title, label, line3;
      if (i < 0) {
        title = "trigger";
        label = trigger_label(wf);
        if (r && w < static_cast<int>(r->output.stats.size())) {
          const WorkflowStats& st = r->output.stats[static_cast<std::size_t>(w)];
          char buf[128];
          std::snprintf(buf, sizeof buf, "enrolled %lld  goal %lld  exited %lld", static_cast<long long>(st.enrolled),
                        static_cast<long long>(st.goal), static_cast<long long>(st.exited));
          line3 = buf;
        }
      } else {
        const FlowNode& n = flow_.nodes[static_cast<std::size_t>(i)];
        title = is_end ? "" : n.id + "  (" + n.type + ")";
        label = n.label;
        if (is_end && r && w < static_cast<int>(r->output.stats.size())) {
          line3 = "completed " + std::to_string(r->output.stats[static_cast<std::size_t>(w)].completed);
        } else if (counts && !is_end) {
          const StepSummary& st = sum->steps[static_cast<std::size_t>(w)][static_cast<std::size_t>(i)];
          char buf[128];
          if (n.type == "send") {
            std::snprintf(buf, sizeof buf, "entered %lld  sent %lld  skipped %lld", static_cast<long long>(st.entered),
                          static_cast<long long>(st.sent), static_cast<long long>(st.skipped));
          } else {
            std::snprintf(buf, sizeof buf, "entered %lld", static_cast<long long>(st.entered));
          }
          line3 = buf;
        }
        app_.note_rect("graph.node:" + (is_end ? std::string("(end)") : n.id), a, b);
      }
      if (i < 0) app_.note_rect("graph.node:(trigger)", a, b);
      if (zoom_ < 0.3f) continue;  // too small to read
      const ImVec4 clip(a.x + 4, a.y, b.x - 4, b.y);
      const float pad = 6 * zoom_;
      dl->AddText(font, fs * 0.9f, ImVec2(a.x + pad, a.y + pad * 0.6f), IM_COL32(200, 205, 215, 170), title.c_str(), nullptr, 0, &clip);
      dl->AddText(font, fs, ImVec2(a.x + pad, a.y + pad * 0.6f + fs), IM_COL32(255, 255, 255, 255), label.c_str(), nullptr,
                  nw - 2 * pad, &clip);
      if (!line3.empty()) {
        dl->AddText(font, fs * 0.9f, ImVec2(a.x + pad, b.y - pad * 0.6f - fs), IM_COL32(170, 230, 170, 255), line3.c_str(), nullptr, 0,
                    &clip);
      }
    }
    dl->PopClipRect();

    if (hovered_node >= -1 && hovered_node != flow_.end()) {
      const std::string tip = hovered_node < 0 ? trigger_label(wf) : flow_.nodes[static_cast<std::size_t>(hovered_node)].label;
      ImGui::SetTooltip("%s", tip.c_str());
    }
    // Delete (or Backspace) removes the selected step while the graph has focus.
    if (ImGui::IsWindowFocused() && !ImGui::GetIO().WantTextInput && app_.selection.step >= 0 &&
        (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false) ||
         ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace), false))) {
      delete_step(wf, app_.selection.step);
      app_.selection.step = -1;
      app_.model_changed();
      return;
    }
    // A click (press and release without dragging) selects.
    if (ImGui::IsItemDeactivated() && !ImGui::IsMouseDragPastThreshold(ImGuiMouseButton_Left) && hovered_node >= -1 &&
        hovered_node != flow_.end()) {
      app_.selection.step = hovered_node;
    }
  }

  Flow flow_;
  std::uint64_t flow_generation_ = ~std::uint64_t{0};
  int flow_workflow_ = -1;
  std::string fit_source_;
  bool fit_pending_ = true;
  float zoom_ = 1.0f;
  ImVec2 pan_{0, 0};
};

}  // namespace

std::unique_ptr<Panel> make_graph_panel(App& app) { return std::make_unique<GraphPanel>(app); }

}  // namespace flowcast::editor
