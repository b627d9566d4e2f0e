// The expression language of `if`, `goal`, `key` and `condition` (spec: "Expressions").
//
// compile() parses once into an immutable Program; evaluate() runs it against an EvalContext
// without re-parsing. User mistakes are Diagnostics with a 1-based column; evaluation never
// throws: a type mismatch yields a mismatch message (the engine turns it into a report warning).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/value.h"
#include "core/model/event.h"
#include "core/time/instant.h"

namespace flowcast::expr {

struct Diagnostic {
  int column = 1;  // 1-based, counted in code points of the expression text
  std::string message;
};

class Program;  // opaque, immutable, cheap to share

struct CompileResult {
  std::shared_ptr<const Program> program;  // null iff errors is non-empty
  std::vector<Diagnostic> errors;
};

// Parses and type-checks names (roots must be contact./event./trigger./now; functions must exist
// with the right arity). Never throws.
CompileResult compile(std::string_view text);

// One event of a contact's history as the aggregates read it: the instant and type sit next to
// each other, so counting does not touch the event itself.
struct HistoryEntry {
  time::Instant at = 0;
  const std::string* type = nullptr;  // equal to event->type (the engine interns it)
  const Event* event = nullptr;
};

// What an expression can see. All pointers may be null except contact.
struct EvalContext {
  const Contact* contact = nullptr;
  const Event* event = nullptr;    // `event.*`; null: every event.* name is null
  const Event* trigger = nullptr;  // `trigger.*`
  time::Instant now = 0;
  // The contact's history up to now (current event included), in processing order.
  std::span<const HistoryEntry> history;
};

struct EvalResult {
  Value value;
  std::optional<std::string> mismatch;  // set iff a type mismatch made the result unusable
};

// Evaluates to a value. On mismatch, value is null and mismatch says why.
EvalResult evaluate(const Program& program, const EvalContext& ctx);

// Evaluates as a condition (rule 24): true only for boolean true. null is false silently; any
// other non-boolean, or a mismatch, is false and sets *warning (when warning is non-null).
bool holds(const Program& program, const EvalContext& ctx, std::string* warning);

// An event the history must hold for a condition to be true: one of `type` within `window`
// before now (any time up to now when window is null).
struct RequiredEvent {
  std::string type;
  std::optional<time::Duration> window;
};

// When the condition is evaluated first of all as count(T[, W]) compared so that it needs at
// least one such event (`> 0`, `>= n`, `== n` with n >= 1, `!= 0`), alone or as the first operand
// of a top-level `and`, returns it. A history without such an event then makes holds() false
// with no warning (`and` stops at its first false operand), so callers may skip the evaluation.
std::optional<RequiredEvent> required_event(const Program& program);

}  // namespace flowcast::expr
