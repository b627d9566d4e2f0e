// required_event(): a static look at a compiled condition, so that the engine can evaluate a
// schedule's segment only for contacts that could match it.
#include "core/expr/program.h"

namespace flowcast::expr {

namespace {

const Value* constant(const Program& p, std::uint32_t node) {
  const Node& n = p.nodes[node];
  return n.op == Op::constant ? &p.constants[n.a] : nullptr;
}

// The count node's event, when its type (and window) are literals.
std::optional<RequiredEvent> counted_event(const Program& p, std::uint32_t node) {
  const Node& n = p.nodes[node];
  if (n.op != Op::count && n.op != Op::count_window) return std::nullopt;
  const Value* type = constant(p, n.a);
  if (type == nullptr || type->kind != Value::Kind::string) return std::nullopt;
  RequiredEvent r{type->str, std::nullopt};
  if (n.op == Op::count_window) {
    const Value* window = constant(p, n.b);
    if (window == nullptr || window->kind != Value::Kind::duration) return std::nullopt;
    r.window = window->seconds;
  }
  return r;
}

// `count(...) OP literal` that is false whenever the count is 0.
std::optional<RequiredEvent> needs_one(const Program& p, std::uint32_t node) {
  const Node& n = p.nodes[node];
  const Value* limit = constant(p, n.b);
  if (limit == nullptr || limit->kind != Value::Kind::number) return std::nullopt;
  const double x = limit->num;
  bool zero_fails = false;
  switch (n.op) {
    case Op::gt: zero_fails = x >= 0; break;
    case Op::ge: zero_fails = x > 0; break;
    case Op::eq: zero_fails = x != 0; break;
    case Op::ne: zero_fails = x == 0; break;
    default: return std::nullopt;
  }
  if (!zero_fails) return std::nullopt;
  return counted_event(p, n.a);
}

}  // namespace

std::optional<RequiredEvent> required_event(const Program& p) {
  if (p.nodes.empty()) return std::nullopt;
  std::uint32_t first = p.root;
  if (p.nodes[first].op == Op::and_) first = p.items[p.nodes[first].a];
  return needs_one(p, first);
}

}  // namespace flowcast::expr
