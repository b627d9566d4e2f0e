// Differential checks of the two load paths (tests/unit/fast_load_test.cc, fuzz/fuzz_fast_load.cc):
// two LoadResults are the same when they have the same diagnostics, byte for byte, and, when
// they hold a scenario, the same scenario: every field of the data sections compared strictly
// (nlohmann's integer, unsigned and float kept apart, floats bit for bit, because expressions and
// reports tell them apart), and optionally the same report bytes after a replay.
#pragma once

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/report/report.h"

namespace flowcast::testing {

// Equal values of the same JSON types (1, 1u and 1.0 differ; so do 0.0 and -0.0).
inline bool strict_equal(const Json& a, const Json& b) {
  std::vector<std::pair<const Json*, const Json*>> todo{{&a, &b}};
  while (!todo.empty()) {
    auto [x, y] = todo.back();
    todo.pop_back();
    if (x->type() != y->type()) return false;
    switch (x->type()) {
      case Json::value_t::object: {
        if (x->size() != y->size()) return false;
        auto ix = x->begin();
        auto iy = y->begin();
        for (; ix != x->end(); ++ix, ++iy) {
          if (ix.key() != iy.key()) return false;
          todo.emplace_back(&*ix, &*iy);
        }
        break;
      }
      case Json::value_t::array:
        if (x->size() != y->size()) return false;
        for (std::size_t i = 0; i < x->size(); ++i) todo.emplace_back(&(*x)[i], &(*y)[i]);
        break;
      case Json::value_t::number_float: {
        const double dx = x->get<double>();
        const double dy = y->get<double>();
        if (std::memcmp(&dx, &dy, sizeof dx) != 0) return false;
        break;
      }
      default:
        if (*x != *y) return false;
        break;
    }
  }
  return true;
}

// "" when `got` and `want` are the same, else what differs first. `with_report`: also replay
// both scenarios and compare the report bytes.
inline std::string load_difference(const LoadResult& got, const LoadResult& want,
                                   bool with_report) {
  if (got.diagnostics.size() != want.diagnostics.size()) {
    return "diagnostics: " + std::to_string(got.diagnostics.size()) + " vs " +
           std::to_string(want.diagnostics.size());
  }
  for (std::size_t i = 0; i < got.diagnostics.size(); ++i) {
    const LoadDiagnostic& g = got.diagnostics[i];
    const LoadDiagnostic& w = want.diagnostics[i];
    const std::string gs = format_diagnostic("f.json", g);
    const std::string ws = format_diagnostic("f.json", w);
    if (gs != ws || g.severity != w.severity || g.pointer != w.pointer || g.line != w.line ||
        g.column != w.column || g.message != w.message) {
      return "diagnostic " + std::to_string(i) + ": '" + gs + "' vs '" + ws + "'";
    }
  }
  if (got.ok() != want.ok()) return got.ok() ? "accepted vs rejected" : "rejected vs accepted";
  if (!got.ok()) return "";
  const Scenario& a = *got.scenario;
  const Scenario& b = *want.scenario;
  if (a.name != b.name || a.description != b.description) return "name or description";
  const Settings& sa = a.settings;
  const Settings& sb = b.settings;
  if (sa.start != sb.start || sa.end != sb.end || sa.timezone != sb.timezone ||
      sa.seed != sb.seed || sa.quiet_hours.has_value() != sb.quiet_hours.has_value() ||
      sa.frequency_cap.has_value() != sb.frequency_cap.has_value()) {
    return "settings";
  }
  if (a.templates.size() != b.templates.size()) return "template count";
  for (std::size_t i = 0; i < a.templates.size(); ++i) {
    if (a.templates[i].id != b.templates[i].id) return "template " + std::to_string(i);
  }
  if (a.workflows.size() != b.workflows.size()) return "workflow count";
  for (std::size_t i = 0; i < a.workflows.size(); ++i) {
    if (a.workflows[i].id != b.workflows[i].id ||
        a.workflows[i].steps.size() != b.workflows[i].steps.size()) {
      return "workflow " + std::to_string(i);
    }
  }
  if (a.contacts.size() != b.contacts.size()) {
    return "contact count " + std::to_string(a.contacts.size()) + " vs " +
           std::to_string(b.contacts.size());
  }
  for (std::size_t i = 0; i < a.contacts.size(); ++i) {
    const Contact& x = a.contacts[i];
    const Contact& y = b.contacts[i];
    if (x.id != y.id || x.email != y.email || x.phone != y.phone || x.timezone != y.timezone ||
        x.subscriptions != y.subscriptions || !strict_equal(x.properties, y.properties)) {
      return "contact " + std::to_string(i) + ": " + x.properties.dump() + " vs " +
             y.properties.dump();
    }
  }
  if (a.events.size() != b.events.size()) {
    return "event count " + std::to_string(a.events.size()) + " vs " +
           std::to_string(b.events.size());
  }
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    if (x.at != y.at || x.contact != y.contact || x.type != y.type || x.id != y.id ||
        x.file_index != y.file_index ||
        !strict_equal(x.properties.to_json(), y.properties.to_json())) {
      return "event " + std::to_string(i) + ": " + x.properties.to_json().dump() + " vs " +
             y.properties.to_json().dump();
    }
  }
  if (a.expect.size() != b.expect.size()) return "expectation count";
  for (std::size_t i = 0; i < a.expect.size(); ++i) {
    const Expectation& x = a.expect[i];
    const Expectation& y = b.expect[i];
    if (x.contact != y.contact || x.template_id != y.template_id || x.workflow != y.workflow ||
        x.at != y.at || x.count != y.count || x.status != y.status || x.reason != y.reason ||
        !strict_equal(x.source, y.source)) {
      return "expectation " + std::to_string(i);
    }
  }
  if (with_report) {
    const std::string ra = report_json(a, replay(a));
    const std::string rb = report_json(b, replay(b));
    if (ra != rb) return "report bytes differ";
  }
  return "";
}

}  // namespace flowcast::testing
