// A workflow as the graph panel draws it, read from the JSON model (so it works while the file
// has errors): one node per step with a label in plain words, the edges control can take
// (next / then / else / on_event / on_timeout / split paths), and a layered layout.
#pragma once

#include <string>
#include <vector>

#include "core/model/event.h"

namespace flowcast::editor {

struct FlowEdge {
  int from = 0;
  int to = 0;          // a step index, or Flow::end()
  std::string label;   // "yes", "no", "event", "timeout", "50%", or "" for plain next
};

struct FlowNode {
  std::string id;
  std::string type;
  std::string label;  // "Wait 1 day", "Send: cart_1", "If count(\"Order Completed\") > 1"
  int layer = 0;      // layout: row, top to bottom
  int order = 0;      // layout: position in the row
};

struct Flow {
  std::vector<FlowNode> nodes;  // the steps, then one "End" node
  std::vector<FlowEdge> edges;
  int layers = 0;
  int widest = 0;  // the most nodes in one layer
  int end() const { return static_cast<int>(nodes.size()) - 1; }
};

// Builds and lays out the graph of workflow `wf` (a JSON object from "workflows").
Flow build_flow(const Json& wf);

// "Wait 1 day", "Send: cart_1", "If ...", "Wait for Order Completed, up to 2 days", ...
std::string step_label(const Json& step);
// "When Checkout Started", "When <expr> becomes true", "Every 1 day at 10:00"
std::string trigger_label(const Json& wf);
// "1h" -> "1 hour", "2d" -> "2 days", "90m" -> "90 minutes"; other text unchanged.
std::string duration_words(const std::string& d);

}  // namespace flowcast::editor
