// Operators: negation, equality and ordering, `in`/`contains`, and arithmetic on numbers,
// strings, instants and durations (exact rules 26-28).
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>

#include "core/expr/ops.h"

namespace flowcast::expr {

namespace {

using Kind = Value::Kind;

std::string kinds(const Ref& a, const Ref& b) {
  return std::string(kind_name(a.kind)) + " and " + kind_name(b.kind);
}

Ref fail(std::string& err, std::string message) {
  err = std::move(message);
  return Ref::null();
}

Ref checked_number(double v, std::string& err) {
  if (!std::isfinite(v)) return fail(err, "number out of range");
  return Ref::number(v);
}

// Adds or subtracts seconds; nullopt on overflow.
bool add_seconds(std::int64_t a, std::int64_t b, bool subtract, std::int64_t& out) {
  return subtract ? !__builtin_sub_overflow(a, b, &out) : !__builtin_add_overflow(a, b, &out);
}

Ref time_result(Kind kind, std::int64_t a, std::int64_t b, bool subtract, std::string& err) {
  std::int64_t r = 0;
  if (!add_seconds(a, b, subtract, r)) return fail(err, "time out of range");
  return kind == Kind::instant ? Ref::instant(r) : Ref::duration(r);
}

bool orderable(Kind k) {
  return k == Kind::number || k == Kind::string || k == Kind::instant || k == Kind::duration;
}

}  // namespace

const char* op_text(Op op) {
  switch (op) {
    case Op::neg:
      return "-";
    case Op::not_:
      return "not";
    case Op::and_:
      return "and";
    case Op::or_:
      return "or";
    case Op::eq:
      return "==";
    case Op::ne:
      return "!=";
    case Op::lt:
      return "<";
    case Op::le:
      return "<=";
    case Op::gt:
      return ">";
    case Op::ge:
      return ">=";
    case Op::in:
      return "in";
    case Op::contains:
      return "contains";
    case Op::add:
      return "+";
    case Op::sub:
      return "-";
    case Op::mul:
      return "*";
    case Op::div:
      return "/";
    default:
      return "?";
  }
}

Ref negate(const Ref& a, std::string& err) {
  switch (a.kind) {
    case Kind::null:
      return Ref::null();
    case Kind::number:
      return Ref::number(-a.num);
    case Kind::duration:
      if (a.seconds == INT64_MIN) return fail(err, "time out of range");
      return Ref::duration(-a.seconds);
    default:
      return fail(err, std::string("cannot use unary '-' on ") + kind_name(a.kind));
  }
}

Ref compare(Op op, const Ref& a, const Ref& b, std::string& err) {
  if (op == Op::eq) return Ref::boolean(equal(a, b));
  if (op == Op::ne) return Ref::boolean(!equal(a, b));
  if (a.is_null() || b.is_null()) return Ref::boolean(false);
  if (a.kind != b.kind || !orderable(a.kind)) {
    return fail(err, std::string("cannot compare ") + kind_name(a.kind) + " with " +
                         kind_name(b.kind) + " using '" + op_text(op) + "'");
  }
  int c = 0;
  switch (a.kind) {
    case Kind::number:
      c = a.num < b.num ? -1 : (a.num > b.num ? 1 : 0);
      break;
    case Kind::string: {
      int s = a.string().compare(b.string());
      c = s < 0 ? -1 : (s > 0 ? 1 : 0);
      break;
    }
    default:
      c = a.seconds < b.seconds ? -1 : (a.seconds > b.seconds ? 1 : 0);
      break;
  }
  switch (op) {
    case Op::lt:
      return Ref::boolean(c < 0);
    case Op::le:
      return Ref::boolean(c <= 0);
    case Op::gt:
      return Ref::boolean(c > 0);
    default:
      return Ref::boolean(c >= 0);
  }
}

Ref contains(Op op, const Ref& container, const Ref& item, std::string& err) {
  switch (container.kind) {
    case Kind::null:
      return Ref::boolean(false);
    case Kind::list: {
      const std::size_t n = container.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (equal(container.at(i), item)) return Ref::boolean(true);
      }
      return Ref::boolean(false);
    }
    case Kind::string:
      if (item.is_null()) return Ref::boolean(false);
      if (item.kind != Kind::string) {
        return fail(err, std::string("cannot look for a ") + kind_name(item.kind) +
                             " in a string using '" + op_text(op) + "'");
      }
      return Ref::boolean(container.string().find(item.string()) != std::string_view::npos);
    default:
      return fail(err, std::string("'") + op_text(op) + "' needs a list or a string " +
                           (op == Op::in ? "on its right" : "on its left") + ", got " +
                           kind_name(container.kind));
  }
}

Ref arithmetic(Op op, const Ref& a, const Ref& b, Arena& arena, std::string& err) {
  if (a.is_null() || b.is_null()) return Ref::null();
  const Kind ka = a.kind;
  const Kind kb = b.kind;
  if (ka == Kind::number && kb == Kind::number) {
    switch (op) {
      case Op::add:
        return checked_number(a.num + b.num, err);
      case Op::sub:
        return checked_number(a.num - b.num, err);
      case Op::mul:
        return checked_number(a.num * b.num, err);
      default:
        if (b.num == 0) return fail(err, "division by zero");
        return checked_number(a.num / b.num, err);
    }
  }
  if (op == Op::add) {
    if (ka == Kind::string && kb == Kind::string) {
      std::string s;
      s.reserve(a.string().size() + b.string().size());
      s.append(a.string());
      s.append(b.string());
      return Ref::string_of(arena.keep(std::move(s)));
    }
    if (ka == Kind::instant && kb == Kind::duration) {
      return time_result(Kind::instant, a.seconds, b.seconds, false, err);
    }
    if (ka == Kind::duration && kb == Kind::instant) {
      return time_result(Kind::instant, b.seconds, a.seconds, false, err);
    }
    if (ka == Kind::duration && kb == Kind::duration) {
      return time_result(Kind::duration, a.seconds, b.seconds, false, err);
    }
  } else if (op == Op::sub) {
    if (ka == Kind::instant && kb == Kind::instant) {
      return time_result(Kind::duration, a.seconds, b.seconds, true, err);
    }
    if (ka == Kind::instant && kb == Kind::duration) {
      return time_result(Kind::instant, a.seconds, b.seconds, true, err);
    }
    if (ka == Kind::duration && kb == Kind::duration) {
      return time_result(Kind::duration, a.seconds, b.seconds, true, err);
    }
  }
  return fail(err, std::string("cannot use '") + op_text(op) + "' on " + kinds(a, b));
}

}  // namespace flowcast::expr
