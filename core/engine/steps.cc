// Engine: running an enrollment's steps until it waits or ends, and the sending rules.
#include <algorithm>
#include <cstdio>

#include "core/engine/engine.h"
#include "core/engine/engine_state.h"
#include "core/engine/render_root.h"
#include "core/util/sha256.h"

namespace flowcast {
namespace {

// Validation rejects zero-wait cycles; this bound only guards against a bug looping forever.
constexpr int kMaxStepsPerRun = 100000;

std::string plain_step(const Step& s, const Scenario& sc) {
  switch (s.type) {
    case StepType::send: return "Send: " + sc.templates[s.template_index].id;
    case StepType::delay: return "Wait " + time::format_duration(s.duration);
    case StepType::delay_until: {
      char hhmm[32];
      std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", s.time_minute / 60, s.time_minute % 60);
      return std::string("Wait until ") + hhmm;
    }
    case StepType::wait_for: return "Wait for " + s.event_type;
    case StepType::branch: return "If " + (s.if_expr ? s.if_expr->text : std::string("?"));
    case StepType::split: return "Split";
    case StepType::set: return "Set properties";
    case StepType::task: return "Task";
    case StepType::webhook: return "Webhook " + s.url;
    case StepType::exit: return "Exit";
  }
  return "?";
}

}  // namespace

void Engine::run_from(std::uint32_t id, std::int32_t step, time::Instant at) {
  for (int guard = 0; guard < kMaxStepsPerRun; ++guard) {
    Enrollment& en = *enrollments_[id];
    if (!en.active) return;
    const Workflow& wf = sc_.workflows[en.workflow];
    if (step == kEnd) {
      end_enrollment(id, EndReason::completed, at, "completed");
      return;
    }
    // "goal is also checked right before each step runs" (rule 16 for the first step).
    if (wf.goal) {
      ContactState& c = *contacts_[en.contact];
      if (check(*wf.goal, context(c, en.trigger, en.trigger, at), en.workflow, std::nullopt,
                en.contact)) {
        end_enrollment(id, EndReason::goal, at, "goal met: ", wf.goal->text);
        return;
      }
    }
    const Step& s = wf.steps[step];
    ++out_.stats[en.workflow].steps[step];
    if (options_.trace) trace({TraceEntry::Kind::step, at, en.contact, en.workflow, static_cast<std::uint32_t>(step),
           {}, {}, plain_step(s, sc_)});
    en.step = step;
    std::int32_t next = s.next;
    ++en.arrivals[step];
    StepOutcome o = execute_step(en, s, at, &next);
    if (o != StepOutcome::go_on) return;
    step = next;
  }
  end_enrollment(id, EndReason::exit_step, at, "stopped: too many steps at one instant");
}

Engine::StepOutcome Engine::execute_step(Enrollment& en, const Step& s, time::Instant at,
                                         std::int32_t* next) {
  ContactState& c = *contacts_[en.contact];
  switch (s.type) {
    case StepType::send:
      return execute_send(en, s, at);
    case StepType::delay: {
      en.wait = WaitKind::delay;
      en.wait_until = at + s.duration;
      schedule(*en.wait_until, en.id, ++en.token);
      if (options_.trace) trace({TraceEntry::Kind::waiting, at, en.contact, en.workflow,
             static_cast<std::uint32_t>(en.step), {}, en.wait_until, ""});
      return StepOutcome::wait;
    }
    case StepType::delay_until:
      return execute_delay_until(en, s, at);
    case StepType::wait_for: {
      en.wait = WaitKind::wait_for;
      en.wait_until.reset();
      ++en.token;
      if (s.timeout) {
        en.wait_until = at + *s.timeout;
        schedule(*en.wait_until, en.id, en.token);
      }
      if (options_.trace) trace({TraceEntry::Kind::waiting, at, en.contact, en.workflow,
             static_cast<std::uint32_t>(en.step), {}, en.wait_until, "for " + s.event_type});
      return StepOutcome::wait;
    }
    case StepType::branch: {
      bool yes = check(*s.if_expr, context(c, en.trigger, en.trigger, at), en.workflow,
                       static_cast<std::uint32_t>(en.step), en.contact);
      *next = yes ? s.then_step : s.else_step;
      if (options_.trace) trace({TraceEntry::Kind::branch, at, en.contact, en.workflow,
             static_cast<std::uint32_t>(en.step), {}, {},
             std::string(yes ? "yes" : "no") + ": " + s.if_expr->text});
      return StepOutcome::go_on;
    }
    case StepType::split:
      *next = choose_split_path(en, s);
      if (options_.trace) {
        trace({TraceEntry::Kind::branch, at, en.contact, en.workflow,
               static_cast<std::uint32_t>(en.step), {}, {},
               "split took the path to " +
                   (*next == kEnd ? std::string("the end")
                                  : sc_.workflows[en.workflow].steps[*next].id)});
      }
      return StepOutcome::go_on;
    case StepType::set: {
      Contact& ct = c.mutable_contact();
      for (auto it = s.properties.begin(); it != s.properties.end(); ++it) {
        if (it.value().is_null()) ct.properties.erase(it.key());
        else ct.properties[it.key()] = it.value();
      }
      return StepOutcome::go_on;
    }
    case StepType::task:
    case StepType::webhook: {
      ActionRecord a;
      a.at = at;
      a.contact = en.contact;
      a.workflow = en.workflow;
      a.step = static_cast<std::uint32_t>(en.step);
      a.enrollment = en.id;
      const RenderRoot ctx(c.contact(), en.trigger, workflow_views_[en.workflow]);
      if (s.type == StepType::task) {
        a.type = ActionType::task;
        if (s.title) a.title = mustache::render(*s.title->compiled, ctx);
      } else {
        a.type = ActionType::webhook;
        a.url = s.url;
        if (s.body) a.body = mustache::render(*s.body->compiled, ctx);
      }
      out_.actions.push_back(std::move(a));
      return StepOutcome::go_on;
    }
    case StepType::exit:
      end_enrollment(en.id, EndReason::exit_step, at, "exit step ", s.id);
      return StepOutcome::ended;
  }
  return StepOutcome::go_on;
}

Engine::StepOutcome Engine::execute_send(Enrollment& en, const Step& s, time::Instant at) {
  ContactState& c = *contacts_[en.contact];
  const Template& t = sc_.templates[s.template_index];
  bool marketing = t.kind == TemplateKind::marketing;
  const char* reason = nullptr;
  if (!c.contact().has_address(t.channel)) {
    reason = "no_address";
  } else if (marketing && !c.contact().subscribed(t.channel)) {
    reason = "unsubscribed";
  } else if (marketing) {
    if (auto quiet_end = quiet_hours_end(c, at)) {
      // Rule 3 of Sending: wait until the quiet hours end, then run the step again.
      if (!en.deferred_from) en.deferred_from = at;
      en.wait = WaitKind::quiet_hours;
      en.wait_until = *quiet_end;
      schedule(*quiet_end, en.id, ++en.token);
      if (options_.trace) trace({TraceEntry::Kind::deferred, at, en.contact, en.workflow,
             static_cast<std::uint32_t>(en.step), static_cast<std::uint32_t>(s.template_index),
             quiet_end, "quiet hours"});
      return StepOutcome::wait;
    }
    if (frequency_capped(c, t.channel, at)) reason = "frequency_cap";
  }
  MessageRecord m;
  m.at = at;
  m.contact = en.contact;
  m.workflow = en.workflow;
  m.step = static_cast<std::uint32_t>(en.step);
  m.template_index = static_cast<std::uint32_t>(s.template_index);
  m.enrollment = en.id;
  m.occurrence = en.arrivals[en.step];
  m.channel = t.channel;
  m.deferred_from = en.deferred_from;
  en.deferred_from.reset();
  const bool renders_body = options_.render_bodies && !reason;
  const RenderRoot ctx(c.contact(), en.trigger, workflow_views_[en.workflow]);
  if (t.channel == Channel::email) {
    m.subject = t.subject ? mustache::render(*t.subject->compiled, ctx) : std::string();
  }
  WorkflowStats& st = out_.stats[en.workflow];
  if (reason) {
    m.status = MessageStatus::skipped;
    m.reason = reason;
    ++st.skipped;
    if (options_.trace) trace({TraceEntry::Kind::skipped, at, en.contact, en.workflow, m.step, m.template_index, {},
           reason});
  } else {
    m.status = MessageStatus::sent;
    if (renders_body) m.body = mustache::render(*t.body.compiled, ctx);
    ++st.sent;
    if (marketing) c.sent_marketing[static_cast<int>(t.channel)].push_back(at);
    if (options_.trace) trace({TraceEntry::Kind::sent, at, en.contact, en.workflow, m.step, m.template_index, {},
           m.subject.value_or("")});
  }
  out_.messages.push_back(std::move(m));
  return StepOutcome::go_on;
}

Engine::StepOutcome Engine::execute_delay_until(Enrollment& en, const Step& s, time::Instant at) {
  const time::Zone& z = zone_of(*contacts_[en.contact]);
  // Rule 5: looping back to the same delay_until at the same instant waits for the next one.
  bool passed_now = en.passed(en.step, at);
  std::int64_t today = time::days_from_civil(z.to_local(at).date);
  std::optional<time::Instant> best;
  for (std::int64_t d = today - 1; d <= today + 8 && !best; ++d) {
    if (!(s.days_mask & (1u << time::weekday_from_days(d)))) continue;
    time::Instant cand = z.from_local({time::civil_from_days(d), s.time_minute * 60});
    if (cand > at || (cand == at && !passed_now)) best = cand;
  }
  if (!best) best = at + time::kWeek;  // unreachable with a non-empty mask
  if (*best == at) {
    en.mark_passed(en.step, at);
    return StepOutcome::go_on;
  }
  en.wait = WaitKind::delay_until;
  en.wait_until = *best;
  schedule(*best, en.id, ++en.token);
  if (options_.trace) trace({TraceEntry::Kind::waiting, at, en.contact, en.workflow, static_cast<std::uint32_t>(en.step),
         {}, best, ""});
  return StepOutcome::wait;
}

std::int32_t Engine::choose_split_path(const Enrollment& en, const Step& s) const {
  // Rule 22: h = first 8 bytes of SHA-256("seed|workflow|contact|key|n"), big-endian.
  std::string text = std::to_string(sc_.settings.seed) + "|" + sc_.workflows[en.workflow].id + "|" +
                     contacts_[en.contact]->contact().id + "|" + en.key_text + "|" +
                     std::to_string(en.number);
  std::uint64_t h = util::sha256_prefix64(text);
  std::uint64_t total = 0;
  for (const SplitPath& p : s.paths) total += static_cast<std::uint64_t>(p.weight);
  std::uint64_t r = h % total;
  std::uint64_t cumulative = 0;
  for (const SplitPath& p : s.paths) {
    cumulative += static_cast<std::uint64_t>(p.weight);
    if (cumulative > r) return p.next;
  }
  return s.paths.back().next;
}

void Engine::resume_due(const DueItem& item) {
  if (!enrollments_[item.target]) return;  // ended and freed
  Enrollment& en = *enrollments_[item.target];
  if (!en.active || en.token != item.token) return;  // ended or moved on since
  const Step& s = sc_.workflows[en.workflow].steps[en.step];
  WaitKind kind = en.wait;
  en.wait = WaitKind::none;
  en.wait_until.reset();
  time::Instant at = item.at;
  switch (kind) {
    case WaitKind::delay:
      run_from(en.id, s.next, at);
      return;
    case WaitKind::delay_until:
      en.mark_passed(en.step, at);
      run_from(en.id, s.next, at);
      return;
    case WaitKind::wait_for:
      if (options_.trace) trace({TraceEntry::Kind::step, at, en.contact, en.workflow,
             static_cast<std::uint32_t>(en.step), {}, {}, "timed out waiting for " + s.event_type});
      run_from(en.id, s.on_timeout, at);
      return;
    case WaitKind::quiet_hours: {
      // Rule 16: goal is checked before a deferred send runs again; the step runs from rule 1.
      const Workflow& wf = sc_.workflows[en.workflow];
      std::uint32_t id = en.id;
      if (wf.goal && check(*wf.goal, context(*contacts_[en.contact], en.trigger, en.trigger, at),
                           en.workflow, std::nullopt, en.contact)) {
        end_enrollment(id, EndReason::goal, at, "goal met: ", wf.goal->text);
        return;
      }
      if (execute_send(en, s, at) == StepOutcome::go_on) run_from(id, s.next, at);
      return;
    }
    case WaitKind::none:
      return;
  }
}

// ---- sending rules --------------------------------------------------------------------------

std::optional<time::Instant> Engine::quiet_hours_end(const ContactState& c,
                                                     time::Instant at) const {
  const auto& q = sc_.settings.quiet_hours;
  if (!q || q->start_minute == q->end_minute) return std::nullopt;  // rule 7: empty
  const time::Zone& z = zone_of(c);
  time::CivilTime local = z.to_local(at);
  int sec = local.seconds_of_day;
  int qs = q->start_minute * 60, qe = q->end_minute * 60;
  bool inside = qs < qe ? (sec >= qs && sec < qe) : (sec >= qs || sec < qe);
  if (!inside) return std::nullopt;
  // The next local occurrence of the end time strictly after now (rule 4 for gaps).
  std::int64_t today = time::days_from_civil(local.date);
  for (std::int64_t d = today; d <= today + 2; ++d) {
    time::Instant cand = z.from_local({time::civil_from_days(d), qe});
    if (cand > at) return cand;
  }
  return at + time::kDay;
}

bool Engine::frequency_capped(const ContactState& c, Channel channel, time::Instant at) const {
  const auto& cap = sc_.settings.frequency_cap;
  if (!cap) return false;
  // Rule 6: half-open window (at - window, at].
  const auto& sent = c.sent_marketing[static_cast<int>(channel)];
  auto first = std::upper_bound(sent.begin(), sent.end(), at - cap->window);
  auto last = std::upper_bound(sent.begin(), sent.end(), at);
  return last - first >= cap->max;
}

}  // namespace flowcast
