// Replay: the whole-file driver over Engine.
#include "core/engine/replay.h"

#include <algorithm>

namespace flowcast {

ReplayWindow replay_window(const Scenario& sc) {
  ReplayWindow w;
  if (sc.settings.start) {
    w.start = *sc.settings.start;
  } else if (!sc.events.empty()) {
    w.start = std::min_element(sc.events.begin(), sc.events.end(),
                               [](const Event& a, const Event& b) { return a.at < b.at; })
                  ->at;
  } else {
    w.empty = true;
  }
  w.end = sc.settings.end ? *sc.settings.end : w.start + 30 * time::kDay;
  if (w.end <= w.start) w.empty = true;
  return w;
}

std::vector<const Event*> replay_order(const Scenario& sc) {
  std::vector<const Event*> order;
  order.reserve(sc.events.size());
  for (const Event& e : sc.events) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(),
                   [](const Event* a, const Event* b) { return a->at < b->at; });
  return order;
}

ReplayResult replay(const Scenario& sc, const ReplayOptions& options) {
  ReplayResult result;
  ReplayWindow window = replay_window(sc);
  result.start = window.start;
  result.end = window.end;
  if (window.empty) {
    result.empty = true;
    result.output.stats.resize(sc.workflows.size());
    for (std::size_t w = 0; w < sc.workflows.size(); ++w) {
      result.output.stats[w].steps.assign(sc.workflows[w].steps.size(), 0);
    }
    return result;
  }
  EngineOptions engine_options;
  engine_options.trace = options.trace;
  engine_options.schedule_prefilter = options.schedule_prefilter;
  Engine engine(sc, window.start, window.end, engine_options);
  std::vector<const Event*> order = replay_order(sc);
  const std::size_t total = order.size();
  std::size_t done = 0;
  for (const Event* e : order) {
    if (e->at >= window.end) break;
    engine.ingest(*e);
    if (options.progress && (++done & 0xffff) == 0) options.progress(done, total);
  }
  engine.finish();
  if (options.progress) options.progress(total, total);
  result.output = std::move(engine.mutable_output());
  result.contact_ids.reserve(engine.contact_count());
  for (std::uint32_t i = 0; i < engine.contact_count(); ++i) {
    const Contact& c = engine.contact(i);
    result.contact_ids.push_back(c.id);
    result.contact_zones.push_back(c.timezone.empty() ? sc.settings.timezone : c.timezone);
  }
  return result;
}

}  // namespace flowcast
