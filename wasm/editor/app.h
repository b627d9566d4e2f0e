// The editor's state, independent of the platform: the bundled samples, the scenario being
// edited as a JSON document (the model panels read and change), what loading it said, the last
// replay and what is derived from it, undo/redo history, the pinned diff baseline, and the
// selection shared by the panels. platform_web.cc owns one App and calls draw() once per frame.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/model/scenario.h"
#include "core/report/diff.h"
#include "imgui.h"
#include "wasm/editor/summary.h"

namespace flowcast::editor {

class Panel;

struct Sample {
  std::string file;  // e.g. "abandoned_cart.json" (the name used in diagnostics)
  std::string name;  // the scenario's own name, for lists
  std::string text;  // the file as fetched
};

// What the panels share: the workflow and step being looked at, the contact being explained.
struct Selection {
  int workflow = 0;   // index into the model's "workflows"
  int step = -1;      // index into that workflow's "steps"; -1: the workflow itself
  std::string contact;  // "" : none
};

class App {
 public:
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // --- samples (fetched by web/app.js) ---
  // Adds a sample; the first one added becomes the current scenario (unless one is open).
  void add_sample(std::string file, std::string name, std::string text);
  const std::vector<Sample>& samples() const { return samples_; }
  int selected_sample() const { return selected_; }  // -1: none
  // Makes sample `index` the current scenario: parses, validates and replays it.
  void select_sample(int index);

  // Opens a scenario from text (file picker, share link). Starts a new undo history.
  void open_text(std::string name, std::string_view text);
  // The current model as a file (2-space indented JSON, newline at the end); "" without a model.
  std::string scenario_text() const;

  // A line for the status bar (set by the page while it loads, or on errors).
  void set_status(std::string status) { status_ = std::move(status); }
  const std::string& status() const { return status_; }

  // --- the current scenario ---
  // The JSON model; nullptr when there is no scenario or its text is not JSON.
  const Json* model() const { return model_ ? &*model_ : nullptr; }
  // For panels that edit: change the document, then call model_changed(), which records the
  // previous state for undo, revalidates and replays. Consecutive changes with the same non-empty
  // `edit_key` within a second (typing in one field) are one undo step.
  Json* mutable_model() { return model_ ? &*model_ : nullptr; }
  void model_changed(std::string_view edit_key = {});

  bool can_undo() const { return !undo_.empty(); }
  bool can_redo() const { return !redo_.empty(); }
  void undo();
  void redo();
  std::size_t undo_depth() const { return undo_.size(); }

  // The name diagnostics use for the current scenario (the sample's or file's name).
  const std::string& source_name() const { return source_name_; }
  // Errors and warnings of the last load, in document order.
  const std::vector<LoadDiagnostic>& diagnostics() const { return diagnostics_; }
  bool has_errors() const { return !scenario_; }
  // The loaded scenario and its last replay; nullptr while the model has errors.
  const Scenario* scenario() const { return scenario_.get(); }
  const ReplayResult* last_replay() const { return replay_.get(); }
  // Totals and per-contact indexes of the last replay; nullptr while the model has errors.
  const Summary* summary() const { return summary_.get(); }
  // Bumped on every (re)load, so panels can cache what they derive from the replay.
  std::uint64_t generation() const { return generation_; }
  double last_replay_ms() const { return replay_ms_; }

  // One contact's story (core's explain, from a traced replay made on demand and cached).
  const std::string& explain(const std::string& contact);

  // The last replay again with message bodies rendered (on demand, cached); nullptr on errors.
  const ReplayResult* rendered();

  // --- diff baseline ---
  void pin_baseline();
  void clear_baseline();
  bool has_baseline() const { return static_cast<bool>(baseline_replay_); }
  // The current replay against the baseline; nullptr without a baseline or a current replay.
  const ReportDiff* diff();

  Selection selection;

  // --- test hooks: panels name the screen rectangles of widgets a browser test clicks ---
  struct Rect { float x0, y0, x1, y1; };
  void note_rect(const std::string& name, ImVec2 min, ImVec2 max) {
    rects_[name] = {min.x, min.y, max.x, max.y};
  }
  const std::map<std::string, Rect>& rects() const { return rects_; }

  // Opens or closes the panel with this title (the View menu does the same); false if none.
  bool show_panel(const std::string& title, bool open);

  // --- frame ---
  void draw();

 private:
  void take(LoadResult result);  // keeps the diagnostics, replays a valid scenario
  void restore(const std::string& snapshot);
  void draw_menu();

  std::vector<std::unique_ptr<Panel>> panels_;
  std::vector<Sample> samples_;
  int selected_ = -1;
  std::string status_;

  std::optional<Json> model_;
  std::string source_name_;
  std::vector<LoadDiagnostic> diagnostics_;
  std::shared_ptr<const Scenario> scenario_;
  std::shared_ptr<const ReplayResult> replay_;
  std::unique_ptr<Summary> summary_;
  std::uint64_t generation_ = 0;
  double replay_ms_ = 0;

  // Undo: snapshots (compact JSON) of the model before each change.
  std::vector<std::string> undo_, redo_;
  std::string snapshot_;  // the model as of the last change
  std::string last_edit_key_;
  double last_edit_time_ = -1e9;

  std::uint64_t traced_generation_ = ~std::uint64_t{0};
  std::unique_ptr<ReplayResult> traced_;
  std::map<std::string, std::string> explained_;
  std::uint64_t rendered_generation_ = ~std::uint64_t{0};
  std::unique_ptr<ReplayResult> rendered_;

  std::shared_ptr<const Scenario> baseline_scenario_;
  std::shared_ptr<const ReplayResult> baseline_replay_;
  std::uint64_t diff_generation_ = ~std::uint64_t{0};
  std::unique_ptr<ReportDiff> diff_;

  std::map<std::string, Rect> rects_;
};

}  // namespace flowcast::editor
