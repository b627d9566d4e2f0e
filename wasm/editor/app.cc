#include "wasm/editor/app.h"

#include <utility>

#include "imgui.h"
#include "wasm/editor/panel.h"
#include "wasm/zone_archive.h"

namespace flowcast::editor {

namespace {

// The editor's panels, in drawing order. Add new panels here (see panel.h).
using PanelFactory = std::unique_ptr<Panel> (*)(App&);
constexpr PanelFactory kPanels[] = {
    make_samples_panel,
};

}  // namespace

App::App() {
  for (PanelFactory make : kPanels) panels_.push_back(make(*this));
}

App::~App() = default;

void App::add_sample(std::string file, std::string name, std::string text) {
  samples_.push_back({std::move(file), std::move(name), std::move(text)});
  if (selected_ < 0) select_sample(static_cast<int>(samples_.size()) - 1);
}

void App::select_sample(int index) {
  if (index < 0 || index >= static_cast<int>(samples_.size())) return;
  selected_ = index;
  const Sample& s = samples_[static_cast<std::size_t>(index)];
  source_name_ = s.file;
  Json doc = Json::parse(s.text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) model_.reset();
  else model_ = std::move(doc);
  // From the text, not the model: syntax errors and duplicate keys are reported exactly as the
  // command line reports them for the same file.
  take(load_scenario(s.text, &wasm::zone_source()));
}

void App::model_changed() {
  if (!model_) return;
  take(load_scenario_json(*model_, &wasm::zone_source()));
}

void App::take(LoadResult result) {
  ++generation_;
  diagnostics_ = std::move(result.diagnostics);
  replay_.reset();
  scenario_ = std::move(result.scenario);
  if (scenario_) replay_ = flowcast::replay(*scenario_);
}

void App::draw() {
  if (ImGui::BeginMainMenuBar()) {
    ImGui::TextUnformatted("Flowcast");
    ImGui::Separator();
    if (ImGui::BeginMenu("View")) {
      for (auto& p : panels_) ImGui::MenuItem(p->title().c_str(), nullptr, &p->open);
      ImGui::EndMenu();
    }
    if (!status_.empty()) {
      ImGui::Separator();
      ImGui::TextUnformatted(status_.c_str());
    }
    ImGui::EndMainMenuBar();
  }
  for (auto& p : panels_) p->draw();
}

}  // namespace flowcast::editor
