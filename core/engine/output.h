// What a replay (or the live engine) produces: messages, actions, enrollments, warnings, stats,
// and an optional trace for `flowcast explain`. Records refer to contacts, workflows, steps and
// templates by index; the report writer turns them into names.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/model/event.h"
#include "core/time/instant.h"

namespace flowcast {

enum class MessageStatus : std::uint8_t { sent, skipped };
const char* message_status_name(MessageStatus s);

struct MessageRecord {
  time::Instant at = 0;
  std::uint32_t contact = 0;
  std::uint32_t workflow = 0;
  std::uint32_t step = 0;
  std::uint32_t template_index = 0;
  std::uint32_t enrollment = 0;
  std::uint32_t occurrence = 0;  // how many times this enrollment arrived at this step before
  Channel channel = Channel::email;
  MessageStatus status = MessageStatus::sent;
  std::string reason;                        // skipped: no_address | unsubscribed | frequency_cap
  std::optional<time::Instant> deferred_from;
  std::optional<std::string> subject;        // email only
  std::string body;                          // rendered; not in the report (the server sends it)
};

enum class ActionType : std::uint8_t { task, webhook };

struct ActionRecord {
  time::Instant at = 0;
  std::uint32_t contact = 0;
  std::uint32_t workflow = 0;
  std::uint32_t step = 0;
  std::uint32_t enrollment = 0;
  ActionType type = ActionType::task;
  std::string title;  // task
  std::string url;    // webhook
  std::string body;   // webhook
};

enum class EndReason : std::uint8_t {
  none, completed, goal, exit_event, exit_step, unenrolled, horizon
};
const char* end_reason_name(EndReason r);

struct EnrollmentRecord {
  std::uint32_t contact = 0;
  std::uint32_t workflow = 0;
  Json key;  // null when the workflow has no key
  time::Instant enrolled_at = 0;
  std::optional<time::Instant> ended_at;
  EndReason reason = EndReason::none;     // none while active
  std::optional<time::Instant> next_at;   // horizon only
};

struct WarningRecord {
  time::Instant at = 0;
  std::uint32_t contact = 0;
  std::uint32_t workflow = 0;
  std::optional<std::uint32_t> step;
  std::string where;  // JSON pointer of the expression
  std::string message;
};

struct WorkflowStats {
  std::int64_t enrolled = 0, completed = 0, goal = 0, exited = 0, sent = 0, skipped = 0;
  std::vector<std::int64_t> steps;  // arrivals per step index
};

// One line of a contact's story, for `flowcast explain`.
struct TraceEntry {
  enum class Kind : std::uint8_t {
    event,            // the contact's event arrived (detail: type)
    ignored_event,    // duplicate id, or after the end
    trigger_false,    // an event of the trigger type arrived but `if` was false
    already_enrolled, // trigger fired while an enrollment was active
    reenroll_blocked, // trigger fired but `reenroll` forbids a new enrollment
    enrolled,
    step,             // arrived at a step (detail: plain words)
    waiting,          // waits until `until` (or the horizon)
    sent,
    skipped,          // detail: reason
    deferred,         // quiet hours: waits until `until`
    branch,           // detail: which way and why
    ended,            // detail: reason
    horizon,          // still running at the end
  };
  Kind kind = Kind::event;
  time::Instant at = 0;
  std::uint32_t contact = 0;
  std::optional<std::uint32_t> workflow;
  std::optional<std::uint32_t> step;
  std::optional<std::uint32_t> template_index;
  std::optional<time::Instant> until;
  std::string detail;
};

struct EngineOutput {
  // Deques: they grow without copying (a vector doubling holds old and new, 1.5x at its peak).
  std::deque<MessageRecord> messages;
  std::deque<ActionRecord> actions;
  std::deque<EnrollmentRecord> enrollments;  // creation order; index = enrollment id
  std::vector<WarningRecord> warnings;
  std::vector<WorkflowStats> stats;           // per workflow index
  std::vector<TraceEntry> trace;              // only when tracing is on
};

}  // namespace flowcast
