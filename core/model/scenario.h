// A loaded, validated scenario: what the engine runs.
//
// Built only by the loader (core/load), which resolves every reference (step ids -> indices,
// template ids -> indices, workflow ids -> indices) and compiles every expression and template.
// The engine may therefore assume the scenario is consistent: REQUIRES a Scenario from load().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/expr/expr.h"
#include "core/model/event.h"
#include "core/mustache/mustache.h"
#include "core/time/instant.h"
#include "core/time/zone.h"

namespace flowcast {

// A compiled expression with the JSON pointer it came from (`where` in warnings).
struct Expression {
  std::string text;
  std::string pointer;  // e.g. /workflows/0/steps/3/if
  std::shared_ptr<const expr::Program> program;
};

// A compiled Mustache text.
struct TemplateText {
  std::string text;
  std::shared_ptr<const mustache::Template> compiled;
};

struct QuietHours {
  int start_minute = 0;  // minutes since local midnight
  int end_minute = 0;    // equal to start: empty
};

struct FrequencyCap {
  int max = 0;
  time::Duration window = 0;
};

struct Settings {
  std::optional<time::Instant> start;  // default: the earliest event
  std::optional<time::Instant> end;    // default: start + 30 days
  std::string timezone = "UTC";
  std::optional<QuietHours> quiet_hours;
  std::optional<FrequencyCap> frequency_cap;
  std::int64_t seed = 0;
};

enum class TemplateKind : std::uint8_t { marketing, transactional };

struct Template {
  std::string id;
  Channel channel = Channel::email;
  TemplateKind kind = TemplateKind::marketing;
  std::optional<TemplateText> subject;  // email only
  TemplateText body;
};

enum class TriggerKind : std::uint8_t { event, condition, schedule };

struct Trigger {
  TriggerKind kind = TriggerKind::event;
  std::string event_type;                // kind == event
  std::optional<Expression> if_expr;     // event and schedule triggers
  std::optional<Expression> condition;   // kind == condition
  bool include_existing = false;         // kind == condition
  time::Duration every = 0;              // kind == schedule
  std::optional<int> at_minute;          // kind == schedule; minutes since local midnight
};

struct Reenroll {
  enum class Mode : std::uint8_t { never, always, after } mode = Mode::never;
  time::Duration after = 0;  // mode == after; may be 0
};

struct ExitOn {
  std::string event_type;
  std::optional<Expression> if_expr;
};

// Where control goes after a step: another step, or the end of the enrollment.
inline constexpr std::int32_t kEnd = -1;

enum class StepType : std::uint8_t {
  send, delay, delay_until, wait_for, branch, split, set, task, webhook, exit
};
const char* step_type_name(StepType t);

struct SplitPath {
  std::int64_t weight = 0;
  std::int32_t next = kEnd;
};

struct Step {
  std::string id;
  StepType type = StepType::send;
  std::int32_t next = kEnd;  // resolved: explicit `next`, else the following step, else kEnd

  std::int32_t template_index = -1;      // send
  time::Duration duration = 0;           // delay
  int time_minute = 0;                   // delay_until
  std::uint8_t days_mask = 0x7f;         // delay_until: bit 0 = Monday ... bit 6 = Sunday
  std::string event_type;                // wait_for
  std::optional<Expression> if_expr;     // wait_for, branch
  std::optional<time::Duration> timeout; // wait_for
  std::int32_t on_event = kEnd;          // wait_for (resolved, defaults to next)
  std::int32_t on_timeout = kEnd;        // wait_for (resolved, defaults to next)
  std::int32_t then_step = kEnd;         // branch (resolved, defaults to next)
  std::int32_t else_step = kEnd;         // branch (resolved, defaults to next)
  std::vector<SplitPath> paths;          // split
  Json properties = Json::object();      // set
  std::optional<TemplateText> title;     // task
  std::string url;                       // webhook
  std::optional<TemplateText> body;      // webhook
};

struct Workflow {
  std::string id;
  std::string name;
  bool enabled = true;
  Trigger trigger;
  std::optional<Expression> key;
  Reenroll reenroll;
  std::vector<ExitOn> exit_on;
  std::optional<Expression> goal;
  std::vector<std::int32_t> unenroll_from;  // workflow indices
  std::vector<Step> steps;
};

struct Expectation {
  std::string contact;
  std::optional<std::string> template_id;
  std::optional<std::string> workflow;
  std::optional<time::Instant> at;
  std::optional<std::int64_t> count;
  std::optional<std::string> status;
  std::optional<std::string> reason;
  Json source;  // the entry as written, for messages
};

struct Scenario {
  std::string name;
  std::string description;
  Settings settings;
  std::vector<Template> templates;  // sorted by id (file order of a JSON object is not kept)
  std::vector<Workflow> workflows;  // file order: the order in which they react
  std::vector<Contact> contacts;    // listed contacts, file order
  std::vector<Event> events;        // file order (the engine sorts stably by `at`)
  std::vector<Expectation> expect;

  // Every zone the scenario names, resolved at load time (settings zone included).
  std::shared_ptr<time::ZoneCache> zones;

  std::int32_t find_template(std::string_view id) const;  // -1 if none
  std::int32_t find_workflow(std::string_view id) const;  // -1 if none
};

}  // namespace flowcast
