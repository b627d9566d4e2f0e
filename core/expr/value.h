// Values of the expression language.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model/event.h"
#include "core/time/instant.h"

namespace flowcast::expr {

// A dynamically typed value. Numbers are doubles (1 == 1.0). Objects from JSON data are kept as
// JSON (comparable with ==, renderable, not orderable).
struct Value {
  enum class Kind : std::uint8_t { null, boolean, number, string, instant, duration, list, object };

  Kind kind = Kind::null;
  bool b = false;
  double num = 0;
  std::int64_t seconds = 0;  // instant or duration
  std::string str;
  std::vector<Value> list;
  Json object;  // only for Kind::object

  static Value null() { return {}; }
  static Value boolean(bool v);
  static Value number(double v);
  static Value string(std::string v);
  static Value instant(time::Instant t);
  static Value duration(time::Duration d);

  // Converts JSON data (a property value) into a Value.
  static Value from_json(const Json& j);
  // Converts back for reports and keys: instants become RFC 3339 strings, durations integer
  // seconds, integral numbers JSON integers.
  Json to_json() const;

  bool is_null() const { return kind == Kind::null; }
};

// Equality with no conversion between types (1 == "1" is false; 1 == 1.0 is true).
bool operator==(const Value& a, const Value& b);

const char* kind_name(Value::Kind k);

}  // namespace flowcast::expr
