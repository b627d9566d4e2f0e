// Step-graph checks of one workflow, all iterative (the graph comes from the user):
// loops made only of steps that do not wait (Tarjan's strongly connected components) are
// errors, reported at the loop's first step; steps unreachable from the first step are warnings.
#include <algorithm>
#include <deque>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

bool waits(StepType t) {
  return t == StepType::delay || t == StepType::delay_until || t == StepType::wait_for;
}

// Where control can go from a step (kEnd excluded, duplicates possible).
std::vector<std::int32_t> successors(const Step& s) {
  std::vector<std::int32_t> out;
  switch (s.type) {
    case StepType::wait_for:
      out = {s.on_event, s.on_timeout};
      break;
    case StepType::branch:
      out = {s.then_step, s.else_step};
      break;
    case StepType::split:
      for (const SplitPath& p : s.paths) out.push_back(p.next);
      break;
    case StepType::exit:
      break;
    default:
      out = {s.next};
      break;
  }
  std::erase(out, kEnd);
  return out;
}

// The shortest loop through `start` inside one component, as "'a' -> 'b' -> 'a'". `parent` is
// scratch space of steps.size() entries, all -2, and is left that way (so that many loops in one
// workflow cost time in proportion to their own size only).
std::string describe_loop(const std::vector<Step>& steps,
                          const std::vector<std::vector<std::int32_t>>& edges,
                          const std::vector<std::int32_t>& component, std::int32_t start,
                          std::vector<std::int32_t>& parent) {
  std::vector<std::int32_t> touched{start};
  std::deque<std::int32_t> queue{start};
  parent[start] = -1;
  std::int32_t last = -1;  // the step whose edge closes the loop
  while (!queue.empty() && last < 0) {
    std::int32_t v = queue.front();
    queue.pop_front();
    for (std::int32_t w : edges[v]) {
      if (component[w] != component[start]) continue;
      if (w == start) {
        last = v;
        break;
      }
      if (parent[w] == -2) {
        parent[w] = v;
        touched.push_back(w);
        queue.push_back(w);
      }
    }
  }
  std::vector<std::int32_t> loop;
  for (std::int32_t v = last; v >= 0; v = parent[v]) loop.push_back(v);
  std::reverse(loop.begin(), loop.end());
  loop.push_back(start);
  for (std::int32_t v : touched) parent[v] = -2;
  constexpr std::size_t kShown = 8;
  std::string out;
  for (std::size_t k = 0; k < loop.size(); ++k) {
    if (loop.size() > kShown + 1 && k == kShown - 1) {
      out += " -> ...";
      k = loop.size() - 1;
    }
    if (!out.empty()) out += " -> ";
    out += quote(steps[loop[k]].id);
  }
  return out;
}

}  // namespace

void check_step_graph(Ctx& c, const std::vector<Step>& steps, const Path& steps_path,
                      bool warn_unreachable) {
  const auto n = static_cast<std::int32_t>(steps.size());
  if (n == 0) return;
  std::vector<std::vector<std::int32_t>> edges(steps.size());
  for (std::int32_t v = 0; v < n; ++v) edges[v] = successors(steps[v]);

  // Tarjan over the steps that do not wait (edges into waiting steps are dropped).
  std::vector<std::int32_t> order(steps.size(), -1), low(steps.size(), 0);
  std::vector<std::int32_t> component(steps.size(), -1);
  std::vector<bool> on_stack(steps.size(), false);
  std::vector<std::int32_t> stack;
  std::vector<std::pair<std::int32_t, std::size_t>> calls;  // (step, next edge to look at)
  std::vector<std::int32_t> loop_starts;                    // first step of each zero-wait loop
  std::int32_t counter = 0;
  std::int32_t components = 0;
  for (std::int32_t root = 0; root < n; ++root) {
    if (waits(steps[root].type) || order[root] >= 0) continue;
    order[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    calls.emplace_back(root, 0);
    while (!calls.empty()) {
      std::int32_t v = calls.back().first;
      std::size_t& next_edge = calls.back().second;
      if (next_edge < edges[v].size()) {
        std::int32_t w = edges[v][next_edge++];
        if (waits(steps[w].type)) continue;
        if (order[w] < 0) {
          order[w] = low[w] = counter++;
          stack.push_back(w);
          on_stack[w] = true;
          calls.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], order[w]);
        }
        continue;
      }
      if (low[v] == order[v]) {
        std::int32_t first = n;
        std::size_t size = 0;
        std::int32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component[w] = components;
          first = std::min(first, w);
          ++size;
        } while (w != v);
        ++components;
        bool self_loop = std::find(edges[v].begin(), edges[v].end(), v) != edges[v].end();
        if (size > 1 || self_loop) loop_starts.push_back(first);
      }
      calls.pop_back();
      if (!calls.empty()) {
        std::int32_t u = calls.back().first;
        low[u] = std::min(low[u], low[v]);
      }
    }
  }

  // Reachability from the first step over every edge.
  std::vector<bool> reached(steps.size(), false);
  if (warn_unreachable) {
    std::vector<std::int32_t> todo{0};
    reached[0] = true;
    while (!todo.empty()) {
      std::int32_t v = todo.back();
      todo.pop_back();
      for (std::int32_t w : edges[v]) {
        if (!reached[w]) {
          reached[w] = true;
          todo.push_back(w);
        }
      }
    }
  }

  // Report in step order: a loop's error at its first step, then unreachable warnings.
  std::sort(loop_starts.begin(), loop_starts.end());
  auto next_loop = loop_starts.begin();
  std::vector<std::int32_t> scratch(loop_starts.empty() ? 0 : steps.size(), -2);
  for (std::int32_t v = 0; v < n; ++v) {
    if (next_loop != loop_starts.end() && *next_loop == v) {
      c.error(steps_path / static_cast<std::size_t>(v),
              "loop with no delay, delay_until or wait_for: " +
                  describe_loop(steps, edges, component, v, scratch));
      ++next_loop;
    }
    if (warn_unreachable && !reached[v]) {
      c.warning(steps_path / static_cast<std::size_t>(v),
                "step " + quote(steps[v].id) + " can never be reached from the first step");
    }
  }
}

}  // namespace flowcast::load_detail
