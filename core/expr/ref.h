// Ref: the value an evaluation passes between nodes. It is a small, trivially copyable view: it
// borrows strings, lists and objects from the data it was read from (contact and event JSON, the
// program's constants) instead of copying them. What an operator computes (a joined string, a
// list built from names) lives in the evaluation's Arena.
//
// Internal to core/expr. A Ref is valid only while the data it borrows from and its Arena live
// and are not modified: during one evaluation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <forward_list>
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

  std::string_view str;  // string
  // list: exactly one source is set: a JSON array (json), a constant's elements (vlist) or
  // elements computed during the evaluation (rlist). object: json.
  const Json* json = nullptr;
  const std::vector<Value>* vlist = nullptr;
  const std::vector<Ref>* rlist = nullptr;

  static Ref null() { return {}; }
  static Ref boolean(bool v);
  static Ref number(double v);
  static Ref instant(std::int64_t t);
  static Ref duration(std::int64_t d);
  static Ref string_of(std::string_view s);  // borrows
  static Ref list_of(const std::vector<Ref>& items);
  // Borrows from JSON data or from a Value (a constant).
  static Ref of(const Json& j);
  static Ref of(const Value& v);

  bool is_null() const { return kind == Kind::null; }
  // REQUIRES: kind == string.
  std::string_view string() const { return str; }
  // REQUIRES: kind == list.
  std::size_t size() const;
  // REQUIRES: kind == list, i < size().
  Ref at(std::size_t i) const;
  // An owning copy for the caller.
  Value to_value() const;
};

// Storage for the strings and lists computed during one evaluation (stable addresses; nothing is
// allocated until something is kept).
class Arena {
 public:
  const std::string& keep(std::string s) { return strings_.emplace_front(std::move(s)); }
  const std::vector<Ref>& keep(std::vector<Ref> items) {
    return lists_.emplace_front(std::move(items));
  }

 private:
  std::forward_list<std::string> strings_;
  std::forward_list<std::vector<Ref>> lists_;
};

// Equality with no conversion between types; numbers compare as doubles.
bool equal(const Ref& a, const Ref& b);

}  // namespace flowcast::expr
