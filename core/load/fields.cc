// Field readers shared by every section: objects with their allowed keys, and typed values
// (ids, integers, durations, instants, times of day, time zones, expressions, Mustache texts).
#include <algorithm>
#include <limits>

#include "core/expr/expr.h"
#include "core/load/internal.h"
#include "core/mustache/mustache.h"
#include "core/time/instant.h"

namespace flowcast::load_detail {

namespace {

bool contains(std::span<const std::string_view> names, std::string_view k) {
  return std::find(names.begin(), names.end(), k) != names.end();
}

std::string got(const Json& j) {
  if (j.is_number_float()) return "got " + j.dump();
  return std::string("got ") + json_type_name(j);
}

}  // namespace

std::string list_names(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += names[i];
  }
  return out;
}

Obj::Obj(Ctx& c, const Json& j, const Path& p, std::span<const std::string_view> known,
         std::span<const std::string_view> misplaced, std::string_view what)
    : ctx_(c), json_(j), path_(p) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (contains(known, key)) continue;
    if (contains(misplaced, key)) {
      c.error(p / key, quote(key) + " does not apply to " + std::string(what));
      continue;
    }
    std::string_view suggestion = closest(key, known);
    if (!suggestion.empty()) {
      suggested_.push_back(suggestion);
      c.error(p / key, "unknown key " + quote(key) + " (did you mean " + quote(suggestion) + "?)");
    } else {
      c.error(p / key, "unknown key " + quote(key));
    }
  }
}

const Json* Obj::get(std::string_view key) const {
  auto it = json_.find(key);
  return it == json_.end() ? nullptr : &*it;
}

bool Obj::suggested(std::string_view key) const { return contains(suggested_, key); }

const Json* Obj::require(std::string_view key) const {
  const Json* v = get(key);
  if (v == nullptr && !contains(suggested_, key)) {
    ctx_.error(path_, "missing required key " + quote(key));
  }
  return v;
}

bool expect_object(Ctx& c, const Json& j, const Path& p) {
  if (j.is_object()) return true;
  c.error(p, "expected an object, " + got(j));
  return false;
}

bool expect_array(Ctx& c, const Json& j, const Path& p) {
  if (j.is_array()) return true;
  c.error(p, "expected an array, " + got(j));
  return false;
}

std::optional<std::string> read_string(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected a string, " + got(j));
    return std::nullopt;
  }
  return j.get_ref<const std::string&>();
}

std::optional<std::string> read_id(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected a non-empty string, " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  if (s.empty()) {
    c.error(p, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::optional<std::string>> read_nullable_string(Ctx& c, const Json& j,
                                                               const Path& p) {
  if (j.is_null()) return std::optional<std::string>{};
  if (!j.is_string()) {
    c.error(p, "expected a string or null, " + got(j));
    return std::nullopt;
  }
  return std::optional<std::string>{j.get_ref<const std::string&>()};
}

std::optional<bool> read_bool(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_boolean()) {
    c.error(p, "expected true or false, " + got(j));
    return std::nullopt;
  }
  return j.get<bool>();
}

std::optional<std::int64_t> read_integer(Ctx& c, const Json& j, const Path& p, std::int64_t min) {
  std::string range = min == std::numeric_limits<std::int64_t>::min()
                          ? std::string("an integer")
                          : "an integer >= " + std::to_string(min);
  if (!j.is_number_integer()) {
    c.error(p, "expected " + range + ", " + got(j));
    return std::nullopt;
  }
  if (j.is_number_unsigned() &&
      j.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    c.error(p, "integer " + j.dump() + " is too large");
    return std::nullopt;
  }
  std::int64_t v = j.get<std::int64_t>();
  if (v < min) {
    c.error(p, "expected " + range + ", got " + std::to_string(v));
    return std::nullopt;
  }
  return v;
}

std::optional<time::Duration> read_duration(Ctx& c, const Json& j, const Path& p, bool allow_zero) {
  if (!j.is_string()) {
    c.error(p, "expected a duration such as '30m', " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  std::optional<time::Duration> d = time::parse_duration(s);
  if (!d) {
    c.error(p, "invalid duration " + quote(s) +
                   " (expected an integer and a unit s, m, h, d or w, such as '30m')");
    return std::nullopt;
  }
  if (*d == 0 && !allow_zero) {
    c.error(p, "a duration must be positive, got " + quote(s));
    return std::nullopt;
  }
  return d;
}

std::optional<time::Instant> read_instant(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected an instant such as '2026-03-02T14:00:00Z', " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  std::optional<time::Instant> t = time::parse_instant(s);
  if (!t) {
    c.error(p, "invalid instant " + quote(s) +
                   " (expected RFC 3339 with whole seconds, such as '2026-03-02T14:00:00Z')");
  }
  return t;
}

std::optional<int> read_time_of_day(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected a time of day such as '09:30', " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  std::optional<int> t = time::parse_time_of_day(s);
  if (!t) c.error(p, "invalid time of day " + quote(s) + " (expected HH:MM, 00:00 to 23:59)");
  return t;
}

std::optional<std::string> read_timezone(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected a time zone name such as 'Europe/Paris', " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  bool known = false;
  if (c.zones != nullptr && !s.empty() && (c.zone_source != nullptr || s == "UTC")) {
    std::string err;
    known = c.zones->find(s, &err) != nullptr;
  }
  if (!known) {
    c.error(p, "unknown time zone " + quote(s));
    return std::nullopt;
  }
  return s;
}

std::optional<Channel> channel_from_name(std::string_view s) {
  if (s == "email") return Channel::email;
  if (s == "sms") return Channel::sms;
  if (s == "push") return Channel::push;
  return std::nullopt;
}

std::optional<std::size_t> read_enum(Ctx& c, const Json& j, const Path& p, std::string_view what,
                                     std::span<const std::string_view> names) {
  if (!j.is_string()) {
    c.error(p, "expected a " + std::string(what) + " (" + list_names(names) + "), " + got(j));
    return std::nullopt;
  }
  const auto& s = j.get_ref<const std::string&>();
  auto it = std::find(names.begin(), names.end(), s);
  if (it != names.end()) return static_cast<std::size_t>(it - names.begin());
  std::string_view suggestion = closest(s, names);
  if (!suggestion.empty()) {
    c.error(p, "unknown " + std::string(what) + " " + quote(s) + " (did you mean " +
                   quote(suggestion) + "?)");
  } else {
    c.error(p, "unknown " + std::string(what) + " " + quote(s) + " (expected " + list_names(names) +
                   ")");
  }
  return std::nullopt;
}

std::optional<Channel> read_channel(Ctx& c, const Json& j, const Path& p) {
  std::optional<std::size_t> i = read_enum(c, j, p, "channel", kChannelNames);
  if (!i) return std::nullopt;
  return channel_from_name(kChannelNames[*i]);
}

std::optional<Expression> read_expression(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected an expression (a string), " + got(j));
    return std::nullopt;
  }
  const auto& text = j.get_ref<const std::string&>();
  expr::CompileResult r = expr::compile(text);
  if (!r.errors.empty() || !r.program) {
    for (expr::Diagnostic& d : r.errors) c.error(p, d.column, std::move(d.message));
    if (r.errors.empty()) c.error(p, "invalid expression");
    return std::nullopt;
  }
  return Expression{text, p.str(), std::move(r.program)};
}

std::optional<TemplateText> read_mustache(Ctx& c, const Json& j, const Path& p) {
  if (!j.is_string()) {
    c.error(p, "expected a template text (a string), " + got(j));
    return std::nullopt;
  }
  const auto& text = j.get_ref<const std::string&>();
  mustache::CompileResult r = mustache::compile(text);
  if (!r.errors.empty() || !r.tmpl) {
    for (mustache::Diagnostic& d : r.errors) c.error(p, d.column, std::move(d.message));
    if (r.errors.empty()) c.error(p, "invalid template");
    return std::nullopt;
  }
  return TemplateText{text, std::move(r.tmpl)};
}

}  // namespace flowcast::load_detail
