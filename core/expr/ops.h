// The semantics of operators and functions on Refs (spec "Expressions", exact rules 25-29).
//
// Internal to core/expr, called by the evaluator. Each function returns its result, or, on a
// type mismatch, sets `err` to a message for the report and returns null. REQUIRES: err is empty
// on entry.
#pragma once

#include <string>
#include <vector>

#include "core/expr/expr.h"
#include "core/expr/program.h"
#include "core/expr/ref.h"

namespace flowcast::expr {

// The source spelling of an operator op ("+", "<=", "in", ...).
const char* op_text(Op op);

// Unary '-': numbers and durations; null gives null.
Ref negate(const Ref& a, std::string& err);
// == != < <= > >=: equality never mismatches; ordering against null is false.
Ref compare(Op op, const Ref& a, const Ref& b, std::string& err);
// `item in container` / `container contains item` (op says which, for messages).
Ref contains(Op op, const Ref& container, const Ref& item, std::string& err);
// + - * /: null gives null. A joined string is kept in `arena`.
Ref arithmetic(Op op, const Ref& a, const Ref& b, Arena& arena, std::string& err);

// count(type) / count(type, window); window is null for the first form.
Ref fn_count(const EvalContext& ctx, const Ref& type, const Ref* window, std::string& err);
// sum(type, path) / sum(type, path, window).
Ref fn_sum(const EvalContext& ctx, const Ref& type, const std::vector<std::string>& path,
           const Ref* window, std::string& err);
// last(type) / first(type) (op says which).
Ref fn_last_first(Op op, const EvalContext& ctx, const Ref& type, std::string& err);
Ref fn_since(const EvalContext& ctx, const Ref& a, std::string& err);
Ref fn_time(const Ref& a, std::string& err);
Ref fn_lower(const Ref& a, Arena& arena, std::string& err);
Ref fn_len(const Ref& a, std::string& err);

}  // namespace flowcast::expr
