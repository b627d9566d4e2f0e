// benchPhases(text, repeat) -> JSON: the same phases bench/replay_bench times natively, measured
// inside the module, for bench/wasm_bench.js: load (parse + validate), replay (each of `repeat`
// runs, load excluded), and writing the JSON report. Linked into both modules, like bindings.cc.
#include <emscripten/bind.h>

#include <chrono>
#include <string>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/report/report.h"
#include "wasm/zone_archive.h"

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::string bench_phases(const std::string& text, int repeat) {
  const double t0 = now_ms();
  flowcast::LoadResult loaded = flowcast::load_scenario(text, &flowcast::wasm::zone_source());
  const double load_ms = now_ms() - t0;
  if (!loaded.scenario) return "{\"error\": \"the scenario does not load\"}";
  const flowcast::Scenario& sc = *loaded.scenario;
  std::string replays;
  std::size_t messages = 0, report_bytes = 0;
  double report_ms = 0;
  for (int i = 0; i < (repeat < 1 ? 1 : repeat); ++i) {
    const double a = now_ms();
    flowcast::ReplayResult r = flowcast::replay(sc);
    const double b = now_ms();
    replays += (replays.empty() ? "" : ", ") + std::to_string(b - a);
    if (i == 0) {
      messages = r.output.messages.size();
      const double c = now_ms();
      report_bytes = flowcast::report_json(sc, r).size();
      report_ms = now_ms() - c;
    }
  }
  return "{\"load_ms\": " + std::to_string(load_ms) + ", \"replay_ms\": [" + replays + "], \"report_ms\": " +
         std::to_string(report_ms) + ", \"contacts\": " + std::to_string(sc.contacts.size()) +
         ", \"events\": " + std::to_string(sc.events.size()) + ", \"messages\": " + std::to_string(messages) +
         ", \"report_bytes\": " + std::to_string(report_bytes) + "}";
}

}  // namespace

EMSCRIPTEN_BINDINGS(flowcast_bench) { emscripten::function("benchPhases", &bench_phases); }
