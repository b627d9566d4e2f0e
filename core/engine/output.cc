// Names of output enums as they appear in reports.
#include "core/engine/output.h"

namespace flowcast {

const char* message_status_name(MessageStatus s) {
  return s == MessageStatus::sent ? "sent" : "skipped";
}

const char* end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::none: return "active";
    case EndReason::completed: return "completed";
    case EndReason::goal: return "goal";
    case EndReason::exit_event: return "exit_event";
    case EndReason::exit_step: return "exit_step";
    case EndReason::unenrolled: return "unenrolled";
    case EndReason::horizon: return "horizon";
  }
  return "active";
}

}  // namespace flowcast
