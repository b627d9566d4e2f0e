// The functions of the language: the table of names and arities, the history aggregates
// (count, sum, last, first over half-open windows, exact rule 6) and since, time, lower, len.
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "core/expr/ops.h"

namespace flowcast::expr {

namespace {

using Kind = Value::Kind;

std::span<const FunctionInfo> functions() {
  static constexpr FunctionInfo kFunctions[] = {
      {"count", 1, 2},  {"sum", 2, 3},  {"last", 1, 1},  {"first", 1, 1}, {"since", 1, 1},
      {"exists", 1, 1}, {"time", 1, 1}, {"lower", 1, 1}, {"len", 1, 1},
  };
  return kFunctions;
}

Ref fail(std::string& err, std::string message) {
  err = std::move(message);
  return Ref::null();
}

// The events of the history an aggregate looks at: of type `type`, at or before now, and, with a
// window, after now - window.
class Selection {
 public:
  Selection(const EvalContext& ctx, std::string_view type, const std::int64_t* window)
      : ctx_(ctx), type_(type) {
    if (window != nullptr) {
      has_lower_ = true;
      if (__builtin_sub_overflow(ctx.now, *window, &lower_)) {
        // Overflow: a huge positive window reaches back to the beginning of time, a huge
        // negative one selects nothing.
        lower_ = *window > 0 ? INT64_MIN : INT64_MAX;
      }
    }
  }

  bool selects(const HistoryEntry& h) const {
    return h.at <= ctx_.now && (!has_lower_ || h.at > lower_) && *h.type == type_;
  }

 private:
  const EvalContext& ctx_;
  std::string_view type_;
  bool has_lower_ = false;
  std::int64_t lower_ = 0;
};

// Checks the event type and window arguments of an aggregate; returns false (with err set) on a
// mismatch.
bool check_args(const char* fn, const Ref& type, const Ref* window, std::string& err) {
  if (type.kind != Kind::string) {
    err = std::string(fn) + "() expects the event type as a string, got " + kind_name(type.kind);
    return false;
  }
  if (window != nullptr && window->kind != Kind::duration) {
    err = std::string(fn) + "() expects a duration as its window, got " + kind_name(window->kind);
    return false;
  }
  return true;
}

}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& f : functions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string function_list() {
  std::string s;
  for (const FunctionInfo& f : functions()) {
    if (!s.empty()) s += ", ";
    s += f.name;
  }
  return s;
}

Ref fn_count(const EvalContext& ctx, const Ref& type, const Ref* window, std::string& err) {
  if (!check_args("count", type, window, err)) return Ref::null();
  Selection sel(ctx, type.string(), window != nullptr ? &window->seconds : nullptr);
  std::int64_t n = 0;
  for (const HistoryEntry& h : ctx.history) {
    if (sel.selects(h)) ++n;
  }
  return Ref::number(static_cast<double>(n));
}

Ref fn_sum(const EvalContext& ctx, const Ref& type, const std::vector<std::string>& path,
           const Ref* window, std::string& err) {
  if (!check_args("sum", type, window, err)) return Ref::null();
  Selection sel(ctx, type.string(), window != nullptr ? &window->seconds : nullptr);
  double total = 0;
  for (const HistoryEntry& h : ctx.history) {
    if (!sel.selects(h)) continue;
    // A string is never a number, nor an object to descend into.
    const std::optional<PropertyValue> v =
        path.empty() ? std::nullopt : h.event->properties.find(path.front());
    const Json* j = v && !v->is_string() ? &v->json() : nullptr;
    for (std::size_t i = 1; j != nullptr && i < path.size(); ++i) {
      const std::string& segment = path[i];
      if (!j->is_object()) {
        j = nullptr;
        break;
      }
      auto it = j->find(segment);
      if (it == j->end()) {
        j = nullptr;
        break;
      }
      j = &*it;
    }
    if (j != nullptr && j->is_number()) total += Ref::of(*j).num;
  }
  if (!std::isfinite(total)) return fail(err, "number out of range");
  return Ref::number(total);
}

Ref fn_last_first(Op op, const EvalContext& ctx, const Ref& type, std::string& err) {
  const char* fn = op == Op::last ? "last" : "first";
  if (!check_args(fn, type, nullptr, err)) return Ref::null();
  Selection sel(ctx, type.string(), nullptr);
  Ref found;
  for (const HistoryEntry& h : ctx.history) {
    if (!sel.selects(h)) continue;
    found = Ref::instant(h.at);
    if (op == Op::first) break;
  }
  return found;
}

Ref fn_since(const EvalContext& ctx, const Ref& a, std::string& err) {
  if (a.is_null()) return Ref::null();
  if (a.kind != Kind::instant) {
    std::string m = std::string("since() expects an instant, got ") + kind_name(a.kind);
    if (a.kind == Kind::string) m += " (read it with time() first)";
    return fail(err, std::move(m));
  }
  std::int64_t d = 0;
  if (__builtin_sub_overflow(ctx.now, a.seconds, &d)) return fail(err, "time out of range");
  return Ref::duration(d);
}

Ref fn_time(const Ref& a, std::string& err) {
  if (a.is_null()) return Ref::null();
  if (a.kind != Kind::string) {
    return fail(err, std::string("time() expects a string, got ") + kind_name(a.kind));
  }
  std::optional<time::Instant> t = time::parse_instant(a.string());
  if (!t) {
    constexpr std::size_t kShown = 40;
    std::string_view s = a.string();
    std::size_t cut = s.size();
    if (cut > kShown) {
      cut = kShown;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string shown(s.substr(0, cut));
    if (cut < s.size()) shown += "...";
    return fail(err, "time() cannot read \"" + shown + "\" as an RFC 3339 instant");
  }
  return Ref::instant(*t);
}

Ref fn_lower(const Ref& a, Arena& arena, std::string& err) {
  if (a.is_null()) return Ref::null();
  if (a.kind != Kind::string) {
    return fail(err, std::string("lower() expects a string, got ") + kind_name(a.kind));
  }
  std::string s(a.string());
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return Ref::string_of(arena.keep(std::move(s)));
}

Ref fn_len(const Ref& a, std::string& err) {
  switch (a.kind) {
    case Kind::null:
      return Ref::null();
    case Kind::string: {
      std::int64_t n = 0;
      for (char c : a.string()) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
      }
      return Ref::number(static_cast<double>(n));
    }
    case Kind::list:
      return Ref::number(static_cast<double>(a.size()));
    default:
      return fail(err, std::string("len() expects a string or a list, got ") + kind_name(a.kind));
  }
}

}  // namespace flowcast::expr
