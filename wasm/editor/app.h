// The editor's state, independent of the platform: the bundled samples, the scenario being
// edited as a JSON document (the model panels read and change), what loading it said, and the
// last replay. platform_web.cc owns one App and calls draw() once per frame.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/model/scenario.h"

namespace flowcast::editor {

class Panel;

struct Sample {
  std::string file;  // e.g. "abandoned_cart.json" (the name used in diagnostics)
  std::string name;  // the scenario's own name, for lists
  std::string text;  // the file as fetched
};

class App {
 public:
  App();
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // --- samples (fetched by web/app.js) ---
  // Adds a sample; the first one added becomes the current scenario.
  void add_sample(std::string file, std::string name, std::string text);
  const std::vector<Sample>& samples() const { return samples_; }
  int selected_sample() const { return selected_; }  // -1: none
  // Makes sample `index` the current scenario: parses, validates and replays it.
  void select_sample(int index);

  // A line for the status bar (set by the page while it loads, or on errors).
  void set_status(std::string status) { status_ = std::move(status); }
  const std::string& status() const { return status_; }

  // --- the current scenario ---
  // The JSON model; nullptr when there is no scenario or its text is not JSON.
  const Json* model() const { return model_ ? &*model_ : nullptr; }
  // For panels that edit: change the document, then call model_changed() (revalidates, replays).
  Json* mutable_model() { return model_ ? &*model_ : nullptr; }
  void model_changed();

  // The name diagnostics use for the current scenario (the sample's file name).
  const std::string& source_name() const { return source_name_; }
  // Errors and warnings of the last load, in document order.
  const std::vector<LoadDiagnostic>& diagnostics() const { return diagnostics_; }
  bool has_errors() const { return !scenario_; }
  // The loaded scenario and its last replay; nullptr while the model has errors.
  const Scenario* scenario() const { return scenario_ ? &*scenario_ : nullptr; }
  const ReplayResult* last_replay() const { return replay_ ? &*replay_ : nullptr; }
  // Bumped on every (re)load, so panels can cache what they derive from the replay.
  std::uint64_t generation() const { return generation_; }

  // --- frame ---
  void draw();

 private:
  void take(LoadResult result);  // keeps the diagnostics, replays a valid scenario

  std::vector<std::unique_ptr<Panel>> panels_;
  std::vector<Sample> samples_;
  int selected_ = -1;
  std::string status_;

  std::optional<Json> model_;
  std::string source_name_;
  std::vector<LoadDiagnostic> diagnostics_;
  std::optional<Scenario> scenario_;
  std::optional<ReplayResult> replay_;
  std::uint64_t generation_ = 0;
};

}  // namespace flowcast::editor
