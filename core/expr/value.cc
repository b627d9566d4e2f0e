// Value: construction, conversion from and to JSON, and equality without type conversion.
#include "core/expr/value.h"

#include <cmath>
#include <utility>

namespace flowcast::expr {

Value Value::boolean(bool v) {
  Value r;
  r.kind = Kind::boolean;
  r.b = v;
  return r;
}

Value Value::number(double v) {
  Value r;
  r.kind = Kind::number;
  r.num = v;
  return r;
}

Value Value::string(std::string v) {
  Value r;
  r.kind = Kind::string;
  r.str = std::move(v);
  return r;
}

Value Value::instant(time::Instant t) {
  Value r;
  r.kind = Kind::instant;
  r.seconds = t;
  return r;
}

Value Value::duration(time::Duration d) {
  Value r;
  r.kind = Kind::duration;
  r.seconds = d;
  return r;
}

Value Value::from_json(const Json& j) {
  switch (j.type()) {
    case Json::value_t::boolean:
      return boolean(j.get<bool>());
    case Json::value_t::number_integer:
      return number(static_cast<double>(j.get<std::int64_t>()));
    case Json::value_t::number_unsigned:
      return number(static_cast<double>(j.get<std::uint64_t>()));
    case Json::value_t::number_float:
      return number(j.get<double>());
    case Json::value_t::string:
      return string(*j.get_ptr<const std::string*>());
    case Json::value_t::array: {
      Value r;
      r.kind = Kind::list;
      r.list.reserve(j.size());
      for (const Json& e : j) r.list.push_back(from_json(e));
      return r;
    }
    case Json::value_t::object: {
      Value r;
      r.kind = Kind::object;
      r.object = j;
      return r;
    }
    case Json::value_t::null:
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return null();
}

Json Value::to_json() const {
  switch (kind) {
    case Kind::null:
      return nullptr;
    case Kind::boolean:
      return b;
    case Kind::number: {
      if (!std::isfinite(num)) return nullptr;
      constexpr double kMaxExact = 9007199254740992.0;  // 2^53
      if (std::trunc(num) == num && std::fabs(num) <= kMaxExact) {
        return static_cast<std::int64_t>(num);
      }
      return num;
    }
    case Kind::string:
      return str;
    case Kind::instant:
      return time::format_instant(seconds);
    case Kind::duration:
      return seconds;
    case Kind::list: {
      Json a = Json::array();
      for (const Value& e : list) a.push_back(e.to_json());
      return a;
    }
    case Kind::object:
      return object;
  }
  return nullptr;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::null:
      return true;
    case Value::Kind::boolean:
      return a.b == b.b;
    case Value::Kind::number:
      return a.num == b.num;
    case Value::Kind::string:
      return a.str == b.str;
    case Value::Kind::instant:
    case Value::Kind::duration:
      return a.seconds == b.seconds;
    case Value::Kind::list:
      return a.list == b.list;
    case Value::Kind::object:
      return a.object == b.object;
  }
  return false;
}

const char* kind_name(Value::Kind k) {
  switch (k) {
    case Value::Kind::null:
      return "null";
    case Value::Kind::boolean:
      return "boolean";
    case Value::Kind::number:
      return "number";
    case Value::Kind::string:
      return "string";
    case Value::Kind::instant:
      return "instant";
    case Value::Kind::duration:
      return "duration";
    case Value::Kind::list:
      return "list";
    case Value::Kind::object:
      return "object";
  }
  return "null";
}

}  // namespace flowcast::expr
