// The compiled form of an expression: a flat array of nodes in which every child comes before
// its parent, plus pools of constants, resolved names and property paths.
//
// Internal to core/expr. Built only by compile() (parser.cc), read only by the evaluator
// (eval.cc). Names are resolved to a field or a pre-split property path; functions to an op;
// literals (including lists of literals and time("...") of a literal) to constants. Nothing is
// parsed at evaluation time except the argument of time() when it is not a literal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/expr.h"
#include "core/expr/value.h"

namespace flowcast::expr {

enum class Op : std::uint8_t {
  constant,  // a: index in constants
  name,      // a: index in names
  list,      // a: first index in items, b: count
  neg,       // a
  not_,      // a
  and_,      // a: first index in items, b: count (n-ary, short-circuit)
  or_,       // a: first index in items, b: count (n-ary, short-circuit)
  eq,        // a == b
  ne,
  lt,
  le,
  gt,
  ge,
  in,        // a in b
  contains,  // a contains b
  add,
  sub,
  mul,
  div,
  count,         // a: type
  count_window,  // a: type, b: window
  sum,           // a: type, b: index in paths
  sum_window,    // a: type, b: index in paths, c: window
  last,          // a: type
  first,         // a: type
  since,         // a
  exists,        // a
  time,          // a
  lower,         // a
  len,           // a
};

struct Node {
  Op op = Op::constant;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
};

// What a name refers to once resolved.
enum class Field : std::uint8_t {
  now,
  contact_id,
  contact_email,
  contact_phone,
  contact_property,
  event_type,
  event_at,
  event_property,
  trigger_type,
  trigger_at,
  trigger_property,
};

struct Name {
  Field field = Field::now;
  // For *_property: the path inside `properties`. For the other fields: any segments after the
  // field itself (a scalar has no members, so a non-empty rest always gives null).
  std::vector<std::string> path;
};

class Program {
 public:
  std::vector<Node> nodes;
  std::uint32_t root = 0;
  std::vector<std::uint32_t> items;  // children of list/and/or nodes
  std::vector<Value> constants;
  std::vector<Name> names;
  std::vector<std::vector<std::string>> paths;  // property paths of sum()
};

// A function of the language: its name and how many arguments it takes.
struct FunctionInfo {
  std::string_view name;
  int min_args;
  int max_args;
};

// Returns the function called `name`, or nullptr.
const FunctionInfo* find_function(std::string_view name);
// "count, sum, last, first, since, exists, time, lower, len"
std::string function_list();

}  // namespace flowcast::expr
