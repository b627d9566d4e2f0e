// Engine: contacts, the event pipeline (spec "Order of processing") and enrollments.
#include "core/engine/engine.h"

#include <algorithm>

#include "core/engine/engine_state.h"
#include "core/util/json_text.h"

namespace flowcast {

bool Engine::DueOrder::operator()(const DueItem& a, const DueItem& b) const {
  // priority_queue pops the "largest": invert so the earliest (then first scheduled) pops first.
  if (a.at != b.at) return a.at > b.at;
  return a.sequence > b.sequence;
}

Engine::Engine(const Scenario& scenario, time::Instant start, time::Instant end,
               EngineOptions options)
    : sc_(scenario), start_(start), end_(end), options_(options), now_(start) {
  settings_zone_ = sc_.zones ? sc_.zones->find(sc_.settings.timezone) : nullptr;
  if (!settings_zone_) settings_zone_ = time::Zone::utc();
  out_.stats.resize(sc_.workflows.size());
  for (std::size_t w = 0; w < sc_.workflows.size(); ++w) {
    out_.stats[w].steps.assign(sc_.workflows[w].steps.size(), 0);
    workflow_views_.push_back({{"id", sc_.workflows[w].id}, {"name", sc_.workflows[w].name}});
    const Trigger& t = sc_.workflows[w].trigger;
    if (options_.schedule_prefilter && t.kind == TriggerKind::schedule && t.if_expr) {
      if (auto need = expr::required_event(*t.if_expr->program)) {
        SegmentIndex index;
        index.workflow = static_cast<std::uint32_t>(w);
        index.type = std::move(need->type);
        index.window = need->window;
        segment_indexes_.push_back(std::move(index));
      }
    }
  }
  for (const Contact& c : sc_.contacts) {
    std::uint32_t i = ensure_contact(c.id, start);
    contacts_[i]->listed = &c;
    contacts_[i]->owned.reset();
    contacts_[i]->zone = nullptr;
  }
  // Listed contacts keep their zone; resolve it once.
  for (auto& c : contacts_) {
    const std::string& tz = c->contact().timezone;
    if (!tz.empty() && sc_.zones) c->zone = sc_.zones->find(tz);
  }
  now_ = std::numeric_limits<time::Instant>::min();
}

Engine::~Engine() = default;

std::size_t Engine::contact_count() const { return contacts_.size(); }
const Contact& Engine::contact(std::uint32_t index) const { return contacts_[index]->contact(); }

std::optional<std::uint32_t> Engine::find_contact(std::string_view id) const {
  return contact_index_.find(id, [&](std::uint32_t i) -> std::string_view {
    return contacts_[i]->contact().id;
  });
}

std::uint32_t Engine::ensure_contact(const std::string& id, time::Instant /*at*/) {
  auto [index, inserted] = contact_index_.insert(
      id, static_cast<std::uint32_t>(contacts_.size()),
      [&](std::uint32_t i) -> std::string_view { return contacts_[i]->contact().id; });
  if (!inserted) return index;
  auto c = std::make_unique<ContactState>();
  c->owned = std::make_unique<Contact>();
  c->owned->id = id;
  c->index = index;
  c->condition_value.assign(sc_.workflows.size(), -1);
  contacts_.push_back(std::move(c));
  return index;
}

const time::Zone& Engine::zone_of(const ContactState& c) const {
  return c.zone ? *c.zone : *settings_zone_;
}

void Engine::trace(TraceEntry entry) {
  if (options_.trace) out_.trace.push_back(std::move(entry));
}

namespace {

// Keys compare as compact JSON; `replace` keeps a key with bad UTF-8 from throwing.
std::string key_json_text(const Json& key) {
  std::string out;
  append_json(out, key);
  return out;
}

}  // namespace

const std::string& Engine::intern_type(const std::string& type) {
  auto it = type_names_.find(type);
  if (it == type_names_.end()) it = type_names_.insert(type).first;
  return *it;
}

// ---- events ---------------------------------------------------------------------------------

void Engine::apply_contact_event(ContactState& c, const Event& e) {
  if (e.type == "identify") {
    Contact& ct = c.mutable_contact();
    for (const Properties::Member m : e.properties) {
      const std::string_view k = m.key;
      const PropertyValue& v = m.value;
      if (k == "email" || k == "phone") {
        auto& field = k == "email" ? ct.email : ct.phone;
        if (v.is_null()) field.reset();
        else if (v.is_string()) field = std::string(v.string());
        else field = v.json().dump();
        continue;
      }
      if (v.is_null()) ct.properties.erase(std::string(k));
      else ct.properties[std::string(k)] = v.to_json();
    }
  } else if (e.type == "unsubscribe" || e.type == "subscribe") {
    Contact& ct = c.mutable_contact();
    bool on = e.type == "subscribe";
    const std::optional<PropertyValue> ch = e.properties.find("channel");
    if (ch && ch->is_string()) {
      ct.subscriptions[std::string(ch->string())] = on;
    } else {
      for (const char* name : {"email", "sms", "push"}) ct.subscriptions[name] = on;
    }
  }
  c.history.push_back({e.at, &intern_type(e.type), &e});
  if (!segment_indexes_.empty()) index_segment_event(c, e);
}

void Engine::ingest(const Event& e) {
  release_ended();
  if (e.at >= end_) {
    return;  // rule 1: events at or after end are ignored
  }
  if (e.at >= start_) {
    // Everything due strictly before this instant happens first.
    if (e.at > start_ || started_) advance_to(e.at - 1);
    if (!started_) begin();
  }
  if (e.at > now_) now_ = e.at;
  if (e.id) {
    if (!seen_event_ids_.insert(*e.id).second) {
      auto idx = find_contact(e.contact);
      if (idx) if (options_.trace) trace({TraceEntry::Kind::ignored_event, e.at, *idx, {}, {}, {}, {},
                      "duplicate event id " + *e.id + " (" + e.type + ")"});
      return;  // rule 2: the first one wins
    }
  }
  std::uint32_t ci = ensure_contact(e.contact, e.at);
  ContactState& c = *contacts_[ci];
  if (e.at < start_) {
    apply_contact_event(c, e);  // rule 1: history only
    return;
  }
  process_event(ci, e);
}

void Engine::process_event(std::uint32_t ci, const Event& e) {
  ContactState& c = *contacts_[ci];
  // A contact first seen now starts from the empty contact (rule 8): evaluate condition
  // starting points before the event changes it.
  for (std::uint32_t w = 0; w < sc_.workflows.size(); ++w) {
    const Trigger& t = sc_.workflows[w].trigger;
    if (t.kind != TriggerKind::condition || c.condition_value[w] >= 0) continue;
    auto ctx = context(c, nullptr, nullptr, e.at);
    c.condition_value[w] = check(*t.condition, ctx, w, std::nullopt, ci) ? 1 : 0;
  }
  if (options_.trace) trace({TraceEntry::Kind::event, e.at, ci, {}, {}, {}, {}, e.type});
  apply_contact_event(c, e);    // (1)
  apply_exit_on(ci, e);         // (2)
  apply_goals(ci, e.at);        // (3)
  resume_waiters(ci, e);        // (4)
  fire_triggers(ci, e);         // (5)
}

void Engine::active_in_reaction_order(std::uint32_t ci, std::vector<std::uint32_t>& ids) const {
  // Rule 17: workflow order, then creation order. A copy: reacting may end enrollments.
  ids = contacts_[ci]->active;
  std::stable_sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
    return enrollments_[a]->workflow < enrollments_[b]->workflow;
  });
}

KeyState& Engine::key_state(ContactState& c, std::uint32_t w, const std::string& key_text) {
  if (sc_.workflows[w].key) return c.keys[{w, key_text}];
  if (c.unkeyed.empty()) c.unkeyed.resize(sc_.workflows.size());
  return c.unkeyed[w];
}

void Engine::apply_exit_on(std::uint32_t ci, const Event& e) {
  ContactState& c = *contacts_[ci];
  if (c.active.empty()) return;
  for (std::uint32_t w = 0; w < sc_.workflows.size(); ++w) {
    const Workflow& wf = sc_.workflows[w];
    for (std::size_t x = 0; x < wf.exit_on.size(); ++x) {
      const ExitOn& ex = wf.exit_on[x];
      if (ex.event_type != e.type) continue;
      std::optional<std::string> key_text;
      if (wf.key) key_text = key_json_text(compute_key(w, ci, &e, e.at));
      for (std::uint32_t id : std::vector<std::uint32_t>(c.active)) {
        Enrollment& en = *enrollments_[id];
        if (!en.active || en.workflow != w) continue;
        if (key_text && *key_text != en.key_text) continue;
        if (ex.if_expr) {
          auto ctx = context(c, &e, en.trigger, e.at);  // rule 20
          if (!check(*ex.if_expr, ctx, w, std::nullopt, ci)) continue;
        }
        end_enrollment(id, EndReason::exit_event, e.at, "exited on ", e.type);
      }
    }
  }
}

void Engine::apply_goals(std::uint32_t ci, time::Instant at) {
  ContactState& c = *contacts_[ci];
  active_in_reaction_order(ci, goal_order_);
  for (std::uint32_t id : goal_order_) {
    Enrollment& en = *enrollments_[id];
    const Workflow& wf = sc_.workflows[en.workflow];
    if (!en.active || !wf.goal) continue;
    auto ctx = context(c, en.trigger, en.trigger, at);
    if (check(*wf.goal, ctx, en.workflow, std::nullopt, ci)) {
      end_enrollment(id, EndReason::goal, at, "goal met: ", wf.goal->text);
    }
  }
}

void Engine::resume_waiters(std::uint32_t ci, const Event& e) {
  active_in_reaction_order(ci, waiter_order_);
  for (std::uint32_t id : waiter_order_) {
    Enrollment& en = *enrollments_[id];
    if (!en.active || en.wait != WaitKind::wait_for) continue;
    const Step& step = sc_.workflows[en.workflow].steps[en.step];
    if (step.event_type != e.type) continue;
    if (step.if_expr) {
      auto ctx = context(*contacts_[ci], &e, en.trigger, e.at);
      if (!check(*step.if_expr, ctx, en.workflow, en.step, ci)) continue;
    }
    en.wait = WaitKind::none;
    en.wait_until.reset();
    ++en.token;  // cancels the timeout
    if (options_.trace) trace({TraceEntry::Kind::step, e.at, ci, en.workflow, static_cast<std::uint32_t>(en.step), {},
           {}, "the awaited " + e.type + " arrived"});
    run_from(id, step.on_event, e.at);
  }
}

void Engine::fire_triggers(std::uint32_t ci, const Event& e) {
  for (std::uint32_t w = 0; w < sc_.workflows.size(); ++w) {
    const Workflow& wf = sc_.workflows[w];
    const Trigger& t = wf.trigger;
    if (t.kind == TriggerKind::event) {
      if (t.event_type != e.type) continue;
      if (t.if_expr) {
        auto ctx = context(*contacts_[ci], &e, &e, e.at);
        if (!check(*t.if_expr, ctx, w, std::nullopt, ci)) {
          if (options_.trace) trace({TraceEntry::Kind::trigger_false, e.at, ci, w, {}, {}, {},
                 "trigger condition false: " + t.if_expr->text});
          continue;
        }
      }
      try_enroll(w, ci, &e, e.at);
    } else if (t.kind == TriggerKind::condition) {
      ContactState& c = *contacts_[ci];
      auto ctx = context(c, &e, &e, e.at);
      bool now_true = check(*t.condition, ctx, w, std::nullopt, ci);
      bool was_true = c.condition_value[w] == 1;
      c.condition_value[w] = now_true ? 1 : 0;
      if (now_true && !was_true) try_enroll(w, ci, &e, e.at);
    }
  }
}

// ---- enrollments ----------------------------------------------------------------------------

Json Engine::compute_key(std::uint32_t w, std::uint32_t ci, const Event* event, time::Instant at) {
  const Workflow& wf = sc_.workflows[w];
  if (!wf.key) return nullptr;
  auto ctx = context(*contacts_[ci], event, event, at);  // rule 14: trigger is the incoming event
  expr::EvalResult r = expr::evaluate(*wf.key->program, ctx);
  if (r.mismatch) {
    warn(w, std::nullopt, ci, wf.key->pointer, *r.mismatch, at);  // rule 31
    return nullptr;
  }
  return r.value.to_json();
}

void Engine::try_enroll(std::uint32_t w, std::uint32_t ci, const Event* trigger_event,
                        time::Instant at) {
  const Workflow& wf = sc_.workflows[w];
  if (!wf.enabled) return;
  Json key = compute_key(w, ci, trigger_event, at);
  std::string key_text = key_json_text(key);
  ContactState& c = *contacts_[ci];
  KeyState& ks = key_state(c, w, key_text);
  if (ks.active >= 0) {
    if (options_.trace) trace({TraceEntry::Kind::already_enrolled, at, ci, w, {}, {}, {}, key_text});
    return;
  }
  if (ks.count > 0) {
    const Reenroll& r = wf.reenroll;
    bool allowed = r.mode == Reenroll::Mode::always ||
                   (r.mode == Reenroll::Mode::after && ks.last_start + r.after <= at);
    if (!allowed) {
      if (options_.trace) trace({TraceEntry::Kind::reenroll_blocked, at, ci, w, {}, {}, {},
             r.mode == Reenroll::Mode::never
                 ? std::string("reenroll is \"never\" and the contact was enrolled before")
                 : "reenroll waits " + time::format_duration(r.after) + " after the last start at " +
                       time::format_instant(ks.last_start)});
      return;
    }
  }
  auto id = static_cast<std::uint32_t>(enrollments_.size());
  ++ks.count;
  ks.last_start = at;
  ks.active = id;
  Enrollment en;
  en.id = id;
  en.workflow = w;
  en.contact = ci;
  en.key_text = std::move(key_text);
  en.number = ks.count;
  en.trigger = trigger_event;
  en.arrivals.assign(wf.steps.size(), 0);
  enrollments_.push_back(std::make_unique<Enrollment>(std::move(en)));
  c.active.push_back(id);
  EnrollmentRecord rec;
  rec.contact = ci;
  rec.workflow = w;
  rec.key = std::move(key);
  rec.enrolled_at = at;
  out_.enrollments.push_back(std::move(rec));
  ++out_.stats[w].enrolled;
  if (options_.trace) trace({TraceEntry::Kind::enrolled, at, ci, w, {}, {}, {},
         trigger_event ? "on " + trigger_event->type : std::string("by the schedule")});

  // Rule 19: targets end after the new enrollment exists and before its first step. A workflow
  // may name itself (a new cart supersedes the previous one), but never ends the new enrollment.
  for (std::int32_t target : wf.unenroll_from) {
    for (std::uint32_t other : std::vector<std::uint32_t>(c.active)) {
      if (other != id && enrollments_[other]->workflow == static_cast<std::uint32_t>(target) &&
          enrollments_[other]->active) {
        end_enrollment(other, EndReason::unenrolled, at, "unenrolled by ", wf.id);
      }
    }
  }
  run_from(id, wf.steps.empty() ? kEnd : 0, at);
}

void Engine::end_enrollment(std::uint32_t id, EndReason reason, time::Instant at,
                            std::string_view what, std::string_view detail) {
  Enrollment& en = *enrollments_[id];
  if (!en.active) return;
  en.active = false;
  en.wait = WaitKind::none;
  ++en.token;
  ContactState& c = *contacts_[en.contact];
  c.active.erase(std::find(c.active.begin(), c.active.end(), id));
  key_state(c, en.workflow, en.key_text).active = -1;
  ended_.push_back(id);
  EnrollmentRecord& rec = out_.enrollments[id];
  rec.reason = reason;
  if (reason == EndReason::horizon) {
    rec.next_at = en.wait_until;
  } else {
    rec.ended_at = at;
  }
  WorkflowStats& st = out_.stats[en.workflow];
  switch (reason) {
    case EndReason::completed: ++st.completed; break;
    case EndReason::goal: ++st.goal; break;
    case EndReason::exit_event:
    case EndReason::exit_step:
    case EndReason::unenrolled: ++st.exited; break;
    case EndReason::horizon:
    case EndReason::none: break;
  }
  if (options_.trace) trace({reason == EndReason::horizon ? TraceEntry::Kind::horizon : TraceEntry::Kind::ended, at,
         en.contact, en.workflow, {}, {}, rec.next_at, std::string(what) + std::string(detail)});
}

void Engine::release_ended() {
  for (std::uint32_t id : ended_) enrollments_[id].reset();
  ended_.clear();
}

// ---- time -----------------------------------------------------------------------------------

void Engine::begin() {
  started_ = true;
  if (now_ < start_) now_ = start_;
  // Rule 3: at start, before any event, each workflow in order schedules its first tick or
  // enrolls its include_existing contacts. Condition starting points are taken here too.
  for (std::uint32_t w = 0; w < sc_.workflows.size(); ++w) {
    const Trigger& t = sc_.workflows[w].trigger;
    if (t.kind == TriggerKind::schedule) {
      schedule_tick(w, 0);
    } else if (t.kind == TriggerKind::condition) {
      for (std::uint32_t ci = 0; ci < contacts_.size(); ++ci) {
        ContactState& c = *contacts_[ci];
        auto ctx = context(c, nullptr, nullptr, start_);
        bool holds = check(*t.condition, ctx, w, std::nullopt, ci);
        c.condition_value[w] = holds ? 1 : 0;
        if (holds && t.include_existing) try_enroll(w, ci, nullptr, start_);
      }
    }
  }
}

void Engine::advance_to(time::Instant t) {
  release_ended();
  if (!started_) {
    if (t < start_) return;
    begin();
  }
  run_due(std::min(t, end_ - 1));
  if (t > now_) now_ = std::min(t, end_);
}

void Engine::run_due(time::Instant t) {
  while (!due_.empty() && due_.top().at <= t) {
    DueItem item = due_.top();
    due_.pop();
    now_ = std::max(now_, item.at);
    if (item.kind == DueItem::Kind::tick) {
      run_tick(item.target, item.tick, item.at);
    } else {
      resume_due(item);
    }
  }
}

std::optional<time::Instant> Engine::next_due() const {
  if (due_.empty() || due_.top().at >= end_) return std::nullopt;
  return due_.top().at;
}

void Engine::schedule(time::Instant at, std::uint32_t enrollment, std::uint32_t token) {
  DueItem item;
  item.kind = DueItem::Kind::resume;
  item.at = at;
  item.sequence = due_sequence_++;
  item.target = enrollment;
  item.token = token;
  if (at < end_) due_.push(item);  // items at or after end never happen
}

void Engine::finish() {
  if (finished_) return;
  if (!started_) {
    // Nothing happened yet (no events in range): the start still schedules ticks.
    begin();
  }
  run_due(end_ - 1);
  finished_ = true;
  for (std::uint32_t id = 0; id < enrollments_.size(); ++id) {
    if (enrollments_[id] && enrollments_[id]->active) {
      end_enrollment(id, EndReason::horizon, end_, "still running at the end of the replay");
    }
  }
  now_ = end_;
}

// ---- expressions ----------------------------------------------------------------------------

expr::EvalContext Engine::context(const ContactState& c, const Event* event, const Event* trigger,
                                  time::Instant at) const {
  expr::EvalContext ctx;
  ctx.contact = &c.contact();
  ctx.event = event;
  ctx.trigger = trigger;
  ctx.now = at;
  ctx.history = c.history;
  return ctx;
}

bool Engine::check(const Expression& e, const expr::EvalContext& ctx, std::uint32_t workflow,
                   std::optional<std::uint32_t> step, std::uint32_t contact) {
  std::string warning;
  bool ok = expr::holds(*e.program, ctx, &warning);
  if (!warning.empty()) warn(workflow, step, contact, e.pointer, warning, ctx.now);
  return ok;
}

void Engine::warn(std::uint32_t workflow, std::optional<std::uint32_t> step, std::uint32_t contact,
                  const std::string& where, const std::string& message, time::Instant at) {
  // Rule 32: one warning per distinct (workflow, where, contact, message).
  if (!warned_.emplace(workflow, where, contact, message).second) return;
  out_.warnings.push_back({at, contact, workflow, step, where, message});
}

}  // namespace flowcast
