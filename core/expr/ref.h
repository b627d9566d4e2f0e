// Ref: the value an evaluation passes between nodes. It borrows strings, lists and objects from
// the data it was read from (contact and event JSON, the program's constants) instead of copying
// them, and owns only what an operator computed (a joined string, a list built from names).
//
// Internal to core/expr. A Ref that borrows is valid only while the data it borrows from lives
// and is not modified: during one evaluation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/value.h"
#include "core/model/event.h"

namespace flowcast::expr {

struct Ref {
  using Kind = Value::Kind;

  Kind kind = Kind::null;
  bool b = false;
  double num = 0;
  std::int64_t seconds = 0;  // instant or duration

  // string: the borrowed text, or own_str when null.
  const std::string* str = nullptr;
  std::string own_str;

  // list: exactly one source is used: a JSON array (json), a constant's elements (vlist), another
  // Ref's elements (rlist), or own_list. object: json.
  const Json* json = nullptr;
  const std::vector<Value>* vlist = nullptr;
  const std::vector<Ref>* rlist = nullptr;
  std::vector<Ref> own_list;

  static Ref null() { return {}; }
  static Ref boolean(bool v);
  static Ref number(double v);
  static Ref instant(std::int64_t t);
  static Ref duration(std::int64_t d);
  static Ref owned_string(std::string s);
  static Ref borrowed_string(const std::string& s);
  static Ref owned_list(std::vector<Ref> items);
  // Borrows from JSON data or from a Value (a constant).
  static Ref of(const Json& j);
  static Ref of(const Value& v);

  bool is_null() const { return kind == Kind::null; }
  std::string_view string() const { return str != nullptr ? std::string_view(*str) : own_str; }
  // REQUIRES: kind == list.
  std::size_t size() const;
  // REQUIRES: kind == list, i < size(). A Ref borrowing element i.
  Ref at(std::size_t i) const;
  // A Ref that borrows this one's content (cheap: never copies a string or a list).
  Ref borrow() const;
  // An owning copy for the caller.
  Value to_value() const;
};

// Equality with no conversion between types; numbers compare as doubles.
bool equal(const Ref& a, const Ref& b);

}  // namespace flowcast::expr
