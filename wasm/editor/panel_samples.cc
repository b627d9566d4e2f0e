// "Samples": the bundled sample scenarios; a click opens one (File > Samples does the same). Below
// the list: what is open, and its errors (the Preview panel shows the replay).
#include <string>

#include "wasm/editor/app.h"
#include "wasm/editor/fields.h"
#include "wasm/editor/panel.h"

namespace flowcast::editor {
namespace {

class SamplesPanel : public Panel {
 public:
  explicit SamplesPanel(App& app) : Panel(app, "Samples") {}

 protected:
  ImVec2 default_pos() const override { return frac_pos(0.0f, 0.0f); }
  ImVec2 default_size() const override { return frac_size(0.22f, 0.36f); }

  void draw_content() override {
    const auto& samples = app_.samples();
    if (samples.empty()) {
      ImGui::TextDisabled("%s", app_.status().empty() ? "No samples in the bundle." : app_.status().c_str());
    }
    for (int i = 0; i < static_cast<int>(samples.size()); ++i) {
      const Sample& s = samples[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      if (ImGui::Selectable(s.name.c_str(), i == app_.selected_sample())) app_.select_sample(i);
      app_.note_rect("samples:" + s.file, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.file.c_str());
      ImGui::PopID();
    }
    ImGui::Separator();
    ImGui::TextDisabled("open: %s", app_.source_name().c_str());
    if (app_.has_errors()) diagnostics_under(app_, "");
  }
};

}  // namespace

std::unique_ptr<Panel> make_samples_panel(App& app) { return std::make_unique<SamplesPanel>(app); }

}  // namespace flowcast::editor
