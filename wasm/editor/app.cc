#include "wasm/editor/app.h"

#include <chrono>
#include <utility>

#include "core/report/explain.h"
#include "imgui.h"
#include "wasm/editor/host.h"
#include "wasm/editor/panel.h"
#include "wasm/zone_archive.h"

namespace flowcast::editor {

namespace {

// The editor's panels, in drawing order. Add new panels here (see panel.h).
using PanelFactory = std::unique_ptr<Panel> (*)(App&);
constexpr PanelFactory kPanels[] = {
    make_samples_panel, make_graph_panel,    make_inspector_panel, make_preview_panel,
    make_diff_panel,    make_templates_panel, make_contacts_panel,
};

constexpr std::size_t kUndoLimit = 200;
constexpr std::size_t kUndoBytes = std::size_t{256} << 20;
constexpr double kCoalesceSeconds = 1.0;

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

App::App() {
  for (PanelFactory make : kPanels) panels_.push_back(make(*this));
}

App::~App() = default;

void App::add_sample(std::string file, std::string name, std::string text) {
  samples_.push_back({std::move(file), std::move(name), std::move(text)});
  if (selected_ < 0 && !model_ && source_name_.empty()) {
    select_sample(static_cast<int>(samples_.size()) - 1);
  }
}

void App::select_sample(int index) {
  if (index < 0 || index >= static_cast<int>(samples_.size())) return;
  const Sample& s = samples_[static_cast<std::size_t>(index)];
  open_text(s.file, s.text);
  selected_ = index;
}

void App::open_text(std::string name, std::string_view text) {
  selected_ = -1;
  source_name_ = std::move(name);
  Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) model_.reset();
  else model_ = std::move(doc);
  undo_.clear();
  redo_.clear();
  last_edit_key_.clear();
  snapshot_ = model_ ? model_->dump() : std::string();
  selection = Selection{};
  // From the text, not the model: syntax errors and duplicate keys are reported exactly as the
  // command line reports them for the same file.
  take(load_scenario(text, &wasm::zone_source()));
}

std::string App::scenario_text() const {
  if (!model_) return "";
  return model_->dump(2) + "\n";
}

void App::model_changed(std::string_view edit_key) {
  if (!model_) return;
  const double t = ImGui::GetCurrentContext() ? ImGui::GetTime() : 0.0;
  const bool coalesce = !edit_key.empty() && edit_key == last_edit_key_ &&
                        t - last_edit_time_ < kCoalesceSeconds && !undo_.empty();
  if (!coalesce) {
    undo_.push_back(std::move(snapshot_));
    // At most kUndoLimit steps and kUndoBytes of snapshots (a 100,000-contact scenario is
    // 180 MB a snapshot): the oldest go first, the last one always stays.
    std::size_t bytes = 0;
    for (const std::string& u : undo_) bytes += u.size();
    while (undo_.size() > 1 && (undo_.size() > kUndoLimit || bytes > kUndoBytes)) {
      bytes -= undo_.front().size();
      undo_.erase(undo_.begin());
    }
  }
  redo_.clear();
  last_edit_key_ = std::string(edit_key);
  last_edit_time_ = t;
  snapshot_ = model_->dump();
  take(load_scenario_json(*model_, &wasm::zone_source()));
}

void App::undo() {
  if (undo_.empty()) return;
  redo_.push_back(std::move(snapshot_));
  std::string s = std::move(undo_.back());
  undo_.pop_back();
  restore(s);
}

void App::redo() {
  if (redo_.empty()) return;
  undo_.push_back(std::move(snapshot_));
  std::string s = std::move(redo_.back());
  redo_.pop_back();
  restore(s);
}

void App::restore(const std::string& snapshot) {
  last_edit_key_.clear();
  snapshot_ = snapshot;
  Json doc = Json::parse(snapshot, nullptr, false);
  if (doc.is_discarded()) return;  // snapshots are dumps of a model: always JSON
  model_ = std::move(doc);
  take(load_scenario_json(*model_, &wasm::zone_source()));
}

void App::take(LoadResult result) {
  ++generation_;
  diagnostics_ = std::move(result.diagnostics);
  replay_.reset();
  summary_.reset();
  traced_.reset();
  explained_.clear();
  rendered_.reset();
  diff_.reset();
  scenario_.reset();
  if (!result.scenario) return;
  scenario_ = std::make_shared<const Scenario>(std::move(*result.scenario));
  const double t0 = now_ms();
  replay_ = std::make_shared<const ReplayResult>(flowcast::replay(*scenario_));
  replay_ms_ = now_ms() - t0;
  summary_ = std::make_unique<Summary>(summarize(*scenario_, *replay_));
}

const std::string& App::explain(const std::string& contact) {
  static const std::string kNone;
  if (!scenario_) return kNone;
  if (traced_generation_ != generation_ || !traced_) {
    ReplayOptions opt;
    opt.trace = true;
    traced_ = std::make_unique<ReplayResult>(flowcast::replay(*scenario_, opt));
    traced_generation_ = generation_;
    explained_.clear();
  }
  auto it = explained_.find(contact);
  if (it != explained_.end()) return it->second;
  std::optional<std::string> story = explain_contact(*scenario_, *traced_, contact, std::nullopt);
  return explained_[contact] = story ? *story : "'" + contact + "' never appears in this replay.\n";
}

const ReplayResult* App::rendered() {
  if (!scenario_) return nullptr;
  if (rendered_ && rendered_generation_ == generation_) return rendered_.get();
  // replay() without rendering bodies: drive the Engine the same way, with render_bodies on.
  const Scenario& sc = *scenario_;
  auto r = std::make_unique<ReplayResult>();
  const ReplayWindow w = replay_window(sc);
  if (w.empty) {
    r->empty = true;
  } else {
    r->start = w.start;
    r->end = w.end;
    EngineOptions opt;
    opt.render_bodies = true;
    Engine e(sc, w.start, w.end, opt);
    for (const Event* ev : replay_order(sc)) {
      if (ev->at >= w.end) break;
      e.ingest(*ev);
    }
    e.finish();
    r->output = std::move(e.mutable_output());
    for (std::uint32_t i = 0; i < e.contact_count(); ++i) {
      const Contact& c = e.contact(i);
      r->contact_ids.push_back(c.id);
      r->contact_zones.push_back(c.timezone.empty() ? sc.settings.timezone : c.timezone);
    }
  }
  rendered_ = std::move(r);
  rendered_generation_ = generation_;
  return rendered_.get();
}

void App::pin_baseline() {
  if (!scenario_ || !replay_) return;
  baseline_scenario_ = scenario_;
  baseline_replay_ = replay_;
  diff_.reset();
}

void App::clear_baseline() {
  baseline_scenario_.reset();
  baseline_replay_.reset();
  diff_.reset();
}

const ReportDiff* App::diff() {
  if (!baseline_replay_ || !replay_) return nullptr;
  if (!diff_ || diff_generation_ != generation_) {
    diff_ = std::make_unique<ReportDiff>(
        diff_replays(*baseline_scenario_, *baseline_replay_, *scenario_, *replay_));
    diff_generation_ = generation_;
  }
  return diff_.get();
}

void App::draw_menu() {
  ImGuiIO& io = ImGui::GetIO();
  // Shortcuts (text fields keep their own Ctrl+Z while one is being edited).
  if (io.KeyCtrl && !io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) {
      if (io.KeyShift) redo();
      else undo();
    } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) {
      redo();
    }
  }
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextUnformatted("Flowcast");
  ImGui::Separator();
  if (ImGui::BeginMenu("File")) {
    if (ImGui::BeginMenu("Samples", !samples_.empty())) {
      for (int i = 0; i < static_cast<int>(samples_.size()); ++i) {
        const Sample& s = samples_[static_cast<std::size_t>(i)];
        if (ImGui::MenuItem(s.name.c_str(), nullptr, i == selected_)) select_sample(i);
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Open...")) host::open_file();
    if (ImGui::MenuItem("Save (download)", nullptr, false, model_.has_value())) {
      host::download(source_name_.empty() ? "scenario.json" : source_name_, scenario_text());
    }
    if (ImGui::MenuItem("Copy share link", nullptr, false, model_.has_value())) {
      host::share(scenario_text());
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Edit")) {
    if (ImGui::MenuItem("Undo", "Ctrl+Z", false, can_undo())) undo();
    if (ImGui::MenuItem("Redo", "Ctrl+Y", false, can_redo())) redo();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    for (auto& p : panels_) ImGui::MenuItem(p->title().c_str(), nullptr, &p->open);
    ImGui::EndMenu();
  }
  ImGui::Separator();
  ImGui::TextDisabled("%s", source_name_.c_str());
  if (scenario_ && replay_) {
    ImGui::TextDisabled("| replay %.1f ms", replay_ms_);
  } else if (model_) {
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "| has errors");
  }
  if (!status_.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted(status_.c_str());
  }
  ImGui::EndMainMenuBar();
}

bool App::show_panel(const std::string& title, bool open) {
  for (auto& p : panels_) {
    if (p->title() == title) {
      p->open = open;
      return true;
    }
  }
  return false;
}

void App::draw() {
  rects_.clear();
  draw_menu();
  for (auto& p : panels_) p->draw();
}

}  // namespace flowcast::editor
