// The workflow engine: event-driven, deterministic, drivable step by step.
//
// The engine owns the runtime state of every contact and enrollment and a time-ordered queue of
// due items (delays, timeouts, quiet-hour deferrals, schedule ticks). It never reads a clock:
// callers feed events and tell it how far time has advanced. Replay (core/engine/replay.h) and
// the live server drive the same calls:
//
//   Engine e(scenario, start, end);
//   e.ingest(event);          // REQUIRES: event.at >= e.now(); runs due items before event.at
//   e.advance_to(t);          // runs every due item at or before t (and before `end`)
//   e.finish();               // marks enrollments still running as `horizon`
//   e.output();               // messages, actions, enrollments, warnings, stats, trace
//
// Ordering (spec "Order of processing"): at one instant every event is taken first, in the order
// ingested, then every due item in the order it was scheduled. Callers that ingest several events
// at one instant must call advance_to(t) only after the last of them.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engine/id_index.h"
#include "core/engine/output.h"
#include "core/model/scenario.h"

namespace flowcast {

struct EngineOptions {
  bool trace = false;          // record a TraceEntry story for `flowcast explain`
  bool render_bodies = false;  // render message bodies (the live server sends them; reports don't)
  // Evaluate a schedule's `if` only for contacts that have the event it requires (same output;
  // off only to test that it is the same).
  bool schedule_prefilter = true;
};

struct KeyState;

class Engine {
 public:
  // REQUIRES: `scenario` comes from load_scenario() and outlives the engine; start < end.
  Engine(const Scenario& scenario, time::Instant start, time::Instant end,
         EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Adds the contacts listed in the scenario. Called by the constructor.
  // Processes one event. REQUIRES: the event outlives the engine (it is referenced from the
  // contact's history) and event.at >= now(). Events before start only change the contact and
  // join its history; events at or after end are ignored.
  void ingest(const Event& event);

  // Runs everything due at or before t (never at or after end). REQUIRES: t >= now().
  void advance_to(time::Instant t);

  // Ends the replay at `end`: enrollments still running are recorded with reason `horizon`.
  void finish();

  time::Instant now() const { return now_; }
  time::Instant start() const { return start_; }
  time::Instant end() const { return end_; }
  const EngineOutput& output() const { return out_; }
  EngineOutput& mutable_output() { return out_; }

  // Contacts by index, in order of existence (listed contacts first, then first appearance).
  std::size_t contact_count() const;
  const Contact& contact(std::uint32_t index) const;
  std::optional<std::uint32_t> find_contact(std::string_view id) const;

  // The next instant at which something is due (nullopt: nothing pending before end).
  std::optional<time::Instant> next_due() const;

 private:
  struct ContactState;
  struct Enrollment;
  struct DueItem;
  struct SegmentIndex;
  struct DueOrder {
    bool operator()(const DueItem& a, const DueItem& b) const;
  };

  // Contacts.
  std::uint32_t ensure_contact(const std::string& id, time::Instant at);
  void apply_contact_event(ContactState& c, const Event& e);
  const std::string& intern_type(const std::string& type);

  // Start of the replay (rule 3): schedules, include_existing, condition starting points.
  void begin();
  void run_due(time::Instant t);

  // Event processing stages.
  void process_event(std::uint32_t contact, const Event& e);
  void apply_exit_on(std::uint32_t contact, const Event& e);
  void apply_goals(std::uint32_t contact, time::Instant at);
  void resume_waiters(std::uint32_t contact, const Event& e);
  void fire_triggers(std::uint32_t contact, const Event& e);

  // Enrollments.
  void try_enroll(std::uint32_t workflow, std::uint32_t contact, const Event* trigger,
                  time::Instant at);
  // `what` + `detail` is the trace text, joined only when tracing.
  void release_ended();  // frees the enrollments in ended_
  void end_enrollment(std::uint32_t id, EndReason reason, time::Instant at, std::string_view what,
                      std::string_view detail = {});
  // Fills `ids` (reused to spare allocations) with the contact's active enrollments.
  void active_in_reaction_order(std::uint32_t contact, std::vector<std::uint32_t>& ids) const;
  KeyState& key_state(ContactState& c, std::uint32_t workflow, const std::string& key_text);
  Json compute_key(std::uint32_t workflow, std::uint32_t contact, const Event* event,
                   time::Instant at);

  // Steps (core/engine/steps.cc).
  void run_from(std::uint32_t id, std::int32_t step, time::Instant at);
  enum class StepOutcome : std::uint8_t { go_on, wait, ended };
  StepOutcome execute_step(Enrollment& en, const Step& step, time::Instant at,
                           std::int32_t* next);
  StepOutcome execute_send(Enrollment& en, const Step& step, time::Instant at);
  StepOutcome execute_delay_until(Enrollment& en, const Step& step, time::Instant at);
  std::int32_t choose_split_path(const Enrollment& en, const Step& step) const;
  void resume_due(const DueItem& item);
  void schedule(time::Instant at, std::uint32_t enrollment, std::uint32_t token);

  // Schedules (core/engine/schedule.cc).
  void schedule_tick(std::uint32_t workflow, std::int64_t tick_number);
  std::optional<time::Instant> tick_time(std::uint32_t workflow, std::int64_t tick_number) const;
  void run_tick(std::uint32_t workflow, std::int64_t tick_number, time::Instant at);
  void index_segment_event(const ContactState& c, const Event& e);
  // The contacts a tick of `index` must evaluate, ascending.
  std::vector<std::uint32_t> segment_candidates(SegmentIndex& index, time::Instant at);

  // Time helpers.
  const time::Zone& zone_of(const ContactState& c) const;
  std::optional<time::Instant> quiet_hours_end(const ContactState& c, time::Instant at) const;
  bool frequency_capped(const ContactState& c, Channel channel, time::Instant at) const;

  // Expressions.
  expr::EvalContext context(const ContactState& c, const Event* event, const Event* trigger,
                            time::Instant at) const;
  bool check(const Expression& e, const expr::EvalContext& ctx, std::uint32_t workflow,
             std::optional<std::uint32_t> step, std::uint32_t contact);
  void warn(std::uint32_t workflow, std::optional<std::uint32_t> step, std::uint32_t contact,
            const std::string& where, const std::string& message, time::Instant at);

  void trace(TraceEntry entry);

  const Scenario& sc_;
  time::Instant start_;
  time::Instant end_;
  EngineOptions options_;
  time::Instant now_;
  bool started_ = false;
  bool finished_ = false;

  std::vector<std::unique_ptr<ContactState>> contacts_;
  IdIndex contact_index_;
  std::set<std::string, std::less<>> seen_event_ids_;
  // By id. An ended enrollment is freed at the next ingest() or advance_to() (its record stays
  // in the output): by then nothing holds a reference to it, and most enrollments end.
  std::vector<std::unique_ptr<Enrollment>> enrollments_;
  std::vector<std::uint32_t> ended_;  // ended since the last release_ended()
  std::vector<std::uint32_t> goal_order_, waiter_order_;  // scratch for active_in_reaction_order
  std::priority_queue<DueItem, std::vector<DueItem>, DueOrder> due_;
  std::uint64_t due_sequence_ = 0;
  std::set<std::tuple<std::uint32_t, std::string, std::uint32_t, std::string>> warned_;
  std::shared_ptr<const time::Zone> settings_zone_;
  std::vector<Json> workflow_views_;  // per workflow: {"id", "name"}, the Mustache `workflow`
  std::vector<SegmentIndex> segment_indexes_;  // schedules whose `if` requires an event
  std::set<std::string, std::less<>> type_names_;  // event types seen (stable addresses)

  EngineOutput out_;
};

}  // namespace flowcast
