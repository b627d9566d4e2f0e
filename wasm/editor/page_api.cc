// The editor's JS entry points (embind), used by web/app.js and the browser tests through
// window.flowcastTest:
//   editorAddSample(file, name, bytes)  editorSetStatus(text)  editorSelectedSample() -> file
//   editorOpenText(name, text)          editorScenarioText() -> the model as a file
//   editorSelectSample(file) -> bool    editorSelect(workflow, step, contact)
//   editorPinBaseline()  editorUndo()  editorRedo()  editorShowPanel(title, open) -> bool
//   editorState() -> JSON: what is open, errors, totals, digest, selection, diff, widget rects
// loadZones and the engine API come from wasm/bindings.cc.
#include <emscripten/bind.h>

#include <string>

#include "wasm/editor/app.h"
#include "wasm/editor/platform.h"

namespace flowcast::editor {
namespace {

void add_sample(const std::string& file, const std::string& name, const std::string& text) {
  if (App* a = the_app()) a->add_sample(file, name, text);
}

void set_status(const std::string& status) {
  if (App* a = the_app()) a->set_status(status);
}

std::string selected_sample() {
  App* a = the_app();
  if (!a || a->selected_sample() < 0) return "";
  return a->samples()[static_cast<std::size_t>(a->selected_sample())].file;
}

void open_text(const std::string& name, const std::string& text) {
  if (App* a = the_app()) a->open_text(name, text);
}

std::string scenario_text() {
  App* a = the_app();
  return a ? a->scenario_text() : "";
}

bool select_sample(const std::string& file) {
  App* a = the_app();
  if (!a) return false;
  for (std::size_t i = 0; i < a->samples().size(); ++i) {
    if (a->samples()[i].file == file) {
      a->select_sample(static_cast<int>(i));
      return true;
    }
  }
  return false;
}

void select(int workflow, int step, const std::string& contact) {
  if (App* a = the_app()) a->selection = Selection{workflow, step, contact};
}

bool show_panel(const std::string& title, bool open) {
  App* a = the_app();
  return a && a->show_panel(title, open);
}

void pin_baseline() {
  if (App* a = the_app()) a->pin_baseline();
}
void undo() {
  if (App* a = the_app()) a->undo();
}
void redo() {
  if (App* a = the_app()) a->redo();
}

std::string state() {
  App* a = the_app();
  if (!a) return "null";
  Json s;
  s["source"] = a->source_name();
  s["sample"] = selected_sample();
  s["generation"] = a->generation();
  s["has_model"] = a->model() != nullptr;
  s["errors"] = Json::array();
  for (const LoadDiagnostic& d : a->diagnostics()) s["errors"].push_back(format_diagnostic(a->source_name(), d));
  s["has_errors"] = a->has_errors();
  s["replay_ms"] = a->last_replay_ms();
  s["undo_depth"] = a->undo_depth();
  s["can_redo"] = a->can_redo();
  s["selection"] = {{"workflow", a->selection.workflow}, {"step", a->selection.step}, {"contact", a->selection.contact}};
  if (const Summary* sum = a->summary()) {
    Json t = Json::object();
    for (const TemplateSummary& ts : sum->templates) {
      t[ts.id] = {{"sent", ts.sent}, {"skipped", ts.skipped}, {"deferred", ts.deferred}, {"skipped_by_reason", ts.skipped_by_reason}};
    }
    s["totals"] = {{"sent", sum->sent}, {"skipped", sum->skipped}, {"deferred", sum->deferred}, {"templates", t},
                   {"contacts", sum->contacts.size()}};
    s["digest"] = std::to_string(sum->digest);  // a string: 64 bits do not fit a JS number
  } else {
    s["totals"] = nullptr;
  }
  if (const ReportDiff* d = a->diff()) {
    std::size_t added = 0, removed = 0, moved = 0;
    for (const MessageChange& c : d->changes) {
      (c.kind == MessageChange::Kind::added ? added : c.kind == MessageChange::Kind::removed ? removed : moved)++;
    }
    s["diff"] = {{"gained", added}, {"lost", removed}, {"moved", moved}};
  } else {
    s["diff"] = nullptr;
  }
  if (!a->selection.contact.empty() && a->scenario()) s["explain"] = a->explain(a->selection.contact);
  Json rects = Json::object();
  for (const auto& [name, r] : a->rects()) rects[name] = {r.x0, r.y0, r.x1, r.y1};
  s["rects"] = rects;
  return s.dump();
}

}  // namespace
}  // namespace flowcast::editor

EMSCRIPTEN_BINDINGS(flowcast_editor) {
  using namespace flowcast::editor;
  emscripten::function("editorAddSample", &add_sample);
  emscripten::function("editorSetStatus", &set_status);
  emscripten::function("editorSelectedSample", &selected_sample);
  emscripten::function("editorOpenText", &open_text);
  emscripten::function("editorScenarioText", &scenario_text);
  emscripten::function("editorSelectSample", &select_sample);
  emscripten::function("editorSelect", &select);
  emscripten::function("editorPinBaseline", &pin_baseline);
  emscripten::function("editorShowPanel", &show_panel);
  emscripten::function("editorUndo", &undo);
  emscripten::function("editorRedo", &redo);
  emscripten::function("editorState", &state);
}
