// A window of the editor. Panel::draw() owns ImGui::Begin/End (and the window's first placement);
// a subclass only fills the inside in draw_content().
//
// Adding a panel: write panel_NAME.cc with a class deriving from Panel and a factory
// make_NAME_panel(App&) declared below, then add that factory to kPanels in app.cc. The build
// picks up every wasm/editor/*.cc by itself.
#pragma once

#include <memory>
#include <string>

#include "imgui.h"

namespace flowcast::editor {

class App;

class Panel {
 public:
  Panel(App& app, std::string title) : app_(app), title_(std::move(title)) {}
  virtual ~Panel() = default;
  Panel(const Panel&) = delete;
  Panel& operator=(const Panel&) = delete;

  // Once per frame, between ImGui::NewFrame and ImGui::Render. Does nothing when closed.
  void draw() {
    if (!open) return;
    const ImVec2 pos = default_pos(), size = default_size();
    ImGui::SetNextWindowPos(pos, ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(size, ImGuiCond_FirstUseEver);
    if (ImGui::Begin(title_.c_str(), &open, window_flags())) draw_content();
    ImGui::End();  // always paired with Begin, even when collapsed
  }

  const std::string& title() const { return title_; }
  bool open = true;  // the window's close button and the View menu toggle this

 protected:
  // Where the window first appears and its first size, in CSS pixels.
  virtual ImVec2 default_pos() const { return ImVec2(16, 36); }
  virtual ImVec2 default_size() const { return ImVec2(480, 400); }
  // A rectangle given in fractions of the display (below the menu bar), for the two above.
  static ImVec2 frac_pos(float fx, float fy) {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    return ImVec2(6 + fx * (d.x - 12), 26 + fy * (d.y - 32));
  }
  static ImVec2 frac_size(float fw, float fh) {
    const ImVec2 d = ImGui::GetIO().DisplaySize;
    return ImVec2(fw * (d.x - 12) - 6, fh * (d.y - 32) - 6);
  }
  virtual ImGuiWindowFlags window_flags() const { return 0; }
  // The inside of the window (called between Begin and End, only when not collapsed).
  virtual void draw_content() = 0;

  App& app_;

 private:
  std::string title_;
};

// The panels, one file each.
std::unique_ptr<Panel> make_samples_panel(App& app);    // panel_samples.cc
std::unique_ptr<Panel> make_graph_panel(App& app);      // panel_graph.cc
std::unique_ptr<Panel> make_inspector_panel(App& app);  // panel_inspector.cc
std::unique_ptr<Panel> make_preview_panel(App& app);    // panel_preview.cc
std::unique_ptr<Panel> make_diff_panel(App& app);       // panel_diff.cc
std::unique_ptr<Panel> make_templates_panel(App& app);  // panel_templates.cc
std::unique_ptr<Panel> make_contacts_panel(App& app);   // panel_contacts.cc

}  // namespace flowcast::editor
