#include "wasm/editor/flow.h"

#include <algorithm>
#include <map>

namespace flowcast::editor {
namespace {

std::string str(const Json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

bool has(const Json& o, const char* key) { return o.is_object() && o.contains(key); }

constexpr int kBroken = -2;

}  // namespace

std::string duration_words(const std::string& d) {
  if (d.size() < 2) return d;
  const std::string num = d.substr(0, d.size() - 1);
  if (!std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; })) return d;
  const char* unit = nullptr;
  switch (d.back()) {
    case 's': unit = "second"; break;
    case 'm': unit = "minute"; break;
    case 'h': unit = "hour"; break;
    case 'd': unit = "day"; break;
    case 'w': unit = "week"; break;
    default: return d;
  }
  std::string n = num;
  n.erase(0, std::min(n.find_first_not_of('0'), n.size() - 1));
  return n + " " + unit + (n == "1" ? "" : "s");
}

std::string step_label(const Json& s) {
  if (!s.is_object()) return "?";
  const std::string type = str(s, "type");
  if (type == "send") return "Send: " + str(s, "template");
  if (type == "delay") return "Wait " + duration_words(str(s, "duration"));
  if (type == "delay_until") {
    std::string l = "Wait until " + str(s, "time");
    if (has(s, "days") && s["days"].is_array()) {
      std::string days;
      for (const Json& d : s["days"]) days += (days.empty() ? "" : " ") + (d.is_string() ? d.get<std::string>() : d.dump());
      l += " (" + days + ")";
    }
    return l;
  }
  if (type == "wait_for") {
    std::string l = "Wait for " + str(s, "event");
    if (has(s, "if")) l += " where " + str(s, "if");
    if (has(s, "timeout")) l += ", up to " + duration_words(str(s, "timeout"));
    return l;
  }
  if (type == "branch") return "If " + str(s, "if");
  if (type == "split") {
    std::string l = "Split";
    if (has(s, "paths") && s["paths"].is_array()) {
      std::string w;
      for (const Json& p : s["paths"]) w += (w.empty() ? " " : "/") + (p.is_object() ? str(p, "weight") : "?");
      l += w;
    }
    return l;
  }
  if (type == "set") {
    std::string keys;
    if (has(s, "properties") && s["properties"].is_object()) {
      for (auto it = s["properties"].begin(); it != s["properties"].end(); ++it) {
        keys += (keys.empty() ? "" : ", ") + it.key();
      }
    }
    return "Set " + keys;
  }
  if (type == "task") return "Task: " + str(s, "title");
  if (type == "webhook") return "Webhook: " + str(s, "url");
  if (type == "exit") return "Exit";
  return type.empty() ? "(no type)" : type;
}

std::string trigger_label(const Json& wf) {
  if (!has(wf, "trigger") || !wf["trigger"].is_object()) return "(no trigger)";
  const Json& t = wf["trigger"];
  std::string l;
  if (has(t, "event")) l = "When " + str(t, "event");
  else if (has(t, "condition")) l = "When " + str(t, "condition") + " becomes true";
  else if (has(t, "schedule") && t["schedule"].is_object()) {
    l = "Every " + duration_words(str(t["schedule"], "every"));
    if (has(t["schedule"], "at")) l += " at " + str(t["schedule"], "at");
  } else {
    l = "(incomplete trigger)";
  }
  if (has(t, "if")) l += " if " + str(t, "if");
  return l;
}

Flow build_flow(const Json& wf) {
  Flow f;
  const Json empty = Json::array();
  const Json& steps = has(wf, "steps") && wf["steps"].is_array() ? wf["steps"] : empty;
  const int n = static_cast<int>(steps.size());
  std::map<std::string, int> index;
  for (int i = 0; i < n; ++i) {
    const Json& s = steps[static_cast<std::size_t>(i)];
    FlowNode node;
    node.id = s.is_object() ? str(s, "id") : "";
    node.type = s.is_object() ? str(s, "type") : "";
    node.label = step_label(s);
    index.emplace(node.id, i);
    f.nodes.push_back(std::move(node));
  }
  FlowNode end;
  end.id = "";
  end.type = "end";
  end.label = "End";
  f.nodes.push_back(end);
  const int end_index = n;

  auto target = [&](const Json& v) {
    if (v.is_null()) return end_index;
    if (!v.is_string()) return kBroken;
    auto it = index.find(v.get<std::string>());
    return it == index.end() ? kBroken : it->second;
  };
  auto add = [&](int from, int to, std::string label) {
    if (to == kBroken) return;
    for (FlowEdge& e : f.edges) {
      if (e.from == from && e.to == to) {  // several ways to one step: one edge, both labels
        if (!label.empty()) e.label += (e.label.empty() ? "" : "/") + label;
        return;
      }
    }
    f.edges.push_back({from, to, std::move(label)});
  };
  for (int i = 0; i < n; ++i) {
    const Json& s = steps[static_cast<std::size_t>(i)];
    if (!s.is_object()) continue;
    const int next = has(s, "next") ? target(s["next"]) : (i + 1 < n ? i + 1 : end_index);
    auto way = [&](const char* key) { return has(s, key) ? target(s[key]) : next; };
    const std::string type = str(s, "type");
    if (type == "exit") continue;
    if (type == "branch") {
      add(i, way("then"), "yes");
      add(i, way("else"), "no");
    } else if (type == "wait_for") {
      add(i, way("on_event"), "event");
      if (has(s, "timeout")) add(i, way("on_timeout"), "timeout");
    } else if (type == "split" && has(s, "paths") && s["paths"].is_array()) {
      double total = 0;
      for (const Json& p : s["paths"]) {
        if (p.is_object() && has(p, "weight") && p["weight"].is_number()) total += p["weight"].get<double>();
      }
      for (const Json& p : s["paths"]) {
        if (!p.is_object()) continue;
        const double w = has(p, "weight") && p["weight"].is_number() ? p["weight"].get<double>() : 0;
        const int pct = total > 0 ? static_cast<int>(w * 100 / total + 0.5) : 0;
        add(i, has(p, "next") ? target(p["next"]) : next, std::to_string(pct) + "%");
      }
    } else {
      add(i, next, "");
    }
  }

  // Layers: longest path from the first step over the edges that are not back edges (found by
  // an iterative depth-first search in step order; unreachable steps start their own search).
  const int total = n + 1;
  std::vector<std::vector<int>> out(static_cast<std::size_t>(total));
  for (std::size_t e = 0; e < f.edges.size(); ++e) out[static_cast<std::size_t>(f.edges[e].from)].push_back(static_cast<int>(e));
  std::vector<int> state(static_cast<std::size_t>(total), 0);  // 0 new, 1 on stack, 2 done
  std::vector<bool> back(f.edges.size(), false);
  std::vector<int> topo;  // reverse post-order
  for (int root = 0; root < total; ++root) {
    if (state[static_cast<std::size_t>(root)] != 0 || root == end_index) continue;
    std::vector<std::pair<int, std::size_t>> stack{{root, 0}};
    state[static_cast<std::size_t>(root)] = 1;
    while (!stack.empty()) {
      auto& [v, k] = stack.back();
      const auto& edges = out[static_cast<std::size_t>(v)];
      if (k < edges.size()) {
        const int e = edges[k++];
        const int w = f.edges[static_cast<std::size_t>(e)].to;
        if (state[static_cast<std::size_t>(w)] == 1) back[static_cast<std::size_t>(e)] = true;
        else if (state[static_cast<std::size_t>(w)] == 0) {
          state[static_cast<std::size_t>(w)] = 1;
          stack.push_back({w, 0});
        }
      } else {
        state[static_cast<std::size_t>(v)] = 2;
        topo.push_back(v);
        stack.pop_back();
      }
    }
  }
  if (state[static_cast<std::size_t>(end_index)] == 0) topo.insert(topo.begin(), end_index);
  std::reverse(topo.begin(), topo.end());
  std::vector<int> layer(static_cast<std::size_t>(total), 0);
  for (int v : topo) {
    for (int e : out[static_cast<std::size_t>(v)]) {
      if (back[static_cast<std::size_t>(e)]) continue;
      const int w = f.edges[static_cast<std::size_t>(e)].to;
      layer[static_cast<std::size_t>(w)] = std::max(layer[static_cast<std::size_t>(w)], layer[static_cast<std::size_t>(v)] + 1);
    }
  }
  int max_layer = 0;
  for (int v = 0; v < n; ++v) max_layer = std::max(max_layer, layer[static_cast<std::size_t>(v)]);
  layer[static_cast<std::size_t>(end_index)] = max_layer + 1;  // End sits below everything
  f.layers = max_layer + 2;

  // Order within a layer: by the mean order of the predecessors (one sweep, top to bottom),
  // ties by step index.
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(f.layers));
  std::vector<double> key(static_cast<std::size_t>(total), 0);
  std::vector<int> pos(static_cast<std::size_t>(total), 0);
  for (int v = 0; v < total; ++v) rows[static_cast<std::size_t>(layer[static_cast<std::size_t>(v)])].push_back(v);
  for (auto& row : rows) {
    for (int v : row) {
      double sum = 0;
      int count = 0;
      for (const FlowEdge& e : f.edges) {
        if (e.to == v && layer[static_cast<std::size_t>(e.from)] < layer[static_cast<std::size_t>(v)]) {
          sum += pos[static_cast<std::size_t>(e.from)];
          ++count;
        }
      }
      key[static_cast<std::size_t>(v)] = count ? sum / count : v;
    }
    std::stable_sort(row.begin(), row.end(), [&](int a, int b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; });
    for (std::size_t i = 0; i < row.size(); ++i) pos[static_cast<std::size_t>(row[i])] = static_cast<int>(i);
    f.widest = std::max(f.widest, static_cast<int>(row.size()));
  }
  for (int v = 0; v < total; ++v) {
    f.nodes[static_cast<std::size_t>(v)].layer = layer[static_cast<std::size_t>(v)];
    f.nodes[static_cast<std::size_t>(v)].order = pos[static_cast<std::size_t>(v)];
  }
  return f;
}

}  // namespace flowcast::editor
