// evaluate() and holds(): walk a compiled Program over an EvalContext. Names read the contact and
// events in place; the first type mismatch stops the walk and becomes the result's message.
#include <utility>

#include "core/expr/ops.h"
#include "core/expr/program.h"

namespace flowcast::expr {

namespace {

using Kind = Value::Kind;

// Follows `path` through nested objects; a missing key or a non-object on the way gives null.
Ref lookup(const Json& root, const std::vector<std::string>& path) {
  const Json* j = &root;
  for (const std::string& segment : path) {
    if (!j->is_object()) return Ref::null();
    auto it = j->find(segment);
    if (it == j->end()) return Ref::null();
    j = &*it;
  }
  return Ref::of(*j);
}

// As above, for an event's properties.
Ref lookup(const Properties& root, const std::vector<std::string>& path) {
  if (path.empty()) return Ref::null();  // not reached: the parser requires a property name
  const std::optional<PropertyValue> v = root.find(path.front());
  if (!v) return Ref::null();
  if (v->is_string()) return path.size() == 1 ? Ref::string_of(v->string()) : Ref::null();
  const Json* j = &v->json();
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (!j->is_object()) return Ref::null();
    auto it = j->find(path[i]);
    if (it == j->end()) return Ref::null();
    j = &*it;
  }
  return Ref::of(*j);
}

class Evaluator {
 public:
  Evaluator(const Program& program, const EvalContext& ctx) : p_(program), ctx_(ctx) {}

  Ref run() { return eval(p_.root); }

  std::string err;  // the first mismatch; empty when there was none

 private:
  Ref fail(std::string message) {
    err = std::move(message);
    return Ref::null();
  }

  Ref name(const Name& n) const {
    const Contact* c = ctx_.contact;
    const Event* e = nullptr;
    switch (n.field) {
      case Field::contact_property:
        return c != nullptr ? lookup(c->properties, n.path) : Ref::null();
      case Field::event_property:
        return ctx_.event != nullptr ? lookup(ctx_.event->properties, n.path) : Ref::null();
      case Field::trigger_property:
        return ctx_.trigger != nullptr ? lookup(ctx_.trigger->properties, n.path) : Ref::null();
      default:
        break;
    }
    // A fixed field is a scalar: anything after it is null.
    if (!n.path.empty()) return Ref::null();
    switch (n.field) {
      case Field::now:
        return Ref::instant(ctx_.now);
      case Field::contact_id:
        return c != nullptr ? Ref::string_of(c->id) : Ref::null();
      case Field::contact_email:
        return c != nullptr && c->email ? Ref::string_of(*c->email) : Ref::null();
      case Field::contact_phone:
        return c != nullptr && c->phone ? Ref::string_of(*c->phone) : Ref::null();
      case Field::event_type:
      case Field::event_at:
        e = ctx_.event;
        break;
      default:
        e = ctx_.trigger;
        break;
    }
    if (e == nullptr) return Ref::null();
    const bool type = n.field == Field::event_type || n.field == Field::trigger_type;
    return type ? Ref::string_of(e->type) : Ref::instant(e->at);
  }

  // and/or over items: null counts as false, a non-boolean is a mismatch (exact rule 25).
  Ref logical(const Node& n) {
    const bool is_and = n.op == Op::and_;
    for (std::uint32_t k = 0; k < n.b; ++k) {
      Ref r = eval(p_.items[n.a + k]);
      if (!err.empty()) return Ref::null();
      bool v = false;
      if (r.kind == Kind::boolean) {
        v = r.b;
      } else if (!r.is_null()) {
        return fail(std::string("'") + (is_and ? "and" : "or") + "' expects booleans, got " +
                    kind_name(r.kind));
      }
      if (is_and && !v) return Ref::boolean(false);
      if (!is_and && v) return Ref::boolean(true);
    }
    return Ref::boolean(is_and);
  }

  Ref eval(std::uint32_t index) {
    const Node& n = p_.nodes[index];
    switch (n.op) {
      case Op::constant:
        return Ref::of(p_.constants[n.a]);
      case Op::name:
        return name(p_.names[n.a]);
      case Op::list: {
        std::vector<Ref> items;
        items.reserve(n.b);
        for (std::uint32_t k = 0; k < n.b; ++k) {
          items.push_back(eval(p_.items[n.a + k]));
          if (!err.empty()) return Ref::null();
        }
        return Ref::list_of(arena_.keep(std::move(items)));
      }
      case Op::and_:
      case Op::or_:
        return logical(n);
      case Op::not_: {
        Ref a = eval(n.a);
        if (!err.empty()) return Ref::null();
        if (a.is_null()) return Ref::boolean(true);
        if (a.kind != Kind::boolean) {
          return fail(std::string("'not' expects a boolean, got ") + kind_name(a.kind));
        }
        return Ref::boolean(!a.b);
      }
      case Op::exists: {
        Ref a = eval(n.a);
        if (!err.empty()) return Ref::null();
        return Ref::boolean(!a.is_null());
      }
      case Op::neg:
      case Op::since:
      case Op::time:
      case Op::lower:
      case Op::len:
      case Op::count:
      case Op::last:
      case Op::first:
        return unary(n);
      case Op::count_window:
      case Op::sum:
      case Op::sum_window:
        return aggregate(n);
      default:
        return binary(n);
    }
  }

  Ref unary(const Node& n) {
    Ref a = eval(n.a);
    if (!err.empty()) return Ref::null();
    switch (n.op) {
      case Op::neg:
        return negate(a, err);
      case Op::since:
        return fn_since(ctx_, a, err);
      case Op::time:
        return fn_time(a, err);
      case Op::lower:
        return fn_lower(a, arena_, err);
      case Op::len:
        return fn_len(a, err);
      case Op::count:
        return fn_count(ctx_, a, nullptr, err);
      default:
        return fn_last_first(n.op, ctx_, a, err);
    }
  }

  Ref aggregate(const Node& n) {
    Ref type = eval(n.a);
    if (!err.empty()) return Ref::null();
    if (n.op == Op::sum) return fn_sum(ctx_, type, p_.paths[n.b], nullptr, err);
    Ref window = eval(n.op == Op::count_window ? n.b : n.c);
    if (!err.empty()) return Ref::null();
    if (n.op == Op::count_window) return fn_count(ctx_, type, &window, err);
    return fn_sum(ctx_, type, p_.paths[n.b], &window, err);
  }

  Ref binary(const Node& n) {
    Ref a = eval(n.a);
    if (!err.empty()) return Ref::null();
    Ref b = eval(n.b);
    if (!err.empty()) return Ref::null();
    switch (n.op) {
      case Op::in:
        return contains(Op::in, b, a, err);
      case Op::contains:
        return contains(Op::contains, a, b, err);
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div:
        return arithmetic(n.op, a, b, arena_, err);
      default:
        return compare(n.op, a, b, err);
    }
  }

  const Program& p_;
  const EvalContext& ctx_;
  Arena arena_;
};

}  // namespace

EvalResult evaluate(const Program& program, const EvalContext& ctx) {
  Evaluator ev(program, ctx);
  Ref r = ev.run();
  EvalResult result;
  if (!ev.err.empty()) {
    result.mismatch = std::move(ev.err);
    return result;
  }
  result.value = r.to_value();
  return result;
}

bool holds(const Program& program, const EvalContext& ctx, std::string* warning) {
  if (warning != nullptr) warning->clear();
  Evaluator ev(program, ctx);
  Ref r = ev.run();
  if (!ev.err.empty()) {
    if (warning != nullptr) *warning = std::move(ev.err);
    return false;
  }
  if (r.kind == Kind::boolean) return r.b;
  if (!r.is_null() && warning != nullptr) {
    *warning = std::string("expected a boolean, got ") + kind_name(r.kind);
  }
  return false;
}

}  // namespace flowcast::expr
