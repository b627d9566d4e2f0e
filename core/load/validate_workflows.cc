// `workflows`: ids (unique), trigger forms, key, reenroll, exit_on, goal, unenroll_from; the
// steps of each workflow are validated by validate_steps.cc.
#include <string>
#include <unordered_map>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kWorkflowKeys[] = {
    "id",       "name",    "enabled", "trigger",       "key",
    "reenroll", "exit_on", "goal",    "unenroll_from", "steps"};
constexpr std::string_view kTriggerKeys[] = {"event", "condition", "schedule", "if",
                                             "include_existing"};
constexpr std::string_view kTriggerForms[] = {"event", "condition", "schedule"};
constexpr std::string_view kEventTriggerKeys[] = {"event", "if"};
constexpr std::string_view kEventTriggerOther[] = {"condition", "schedule", "include_existing"};
constexpr std::string_view kConditionTriggerKeys[] = {"condition", "include_existing"};
constexpr std::string_view kConditionTriggerOther[] = {"event", "schedule", "if"};
constexpr std::string_view kScheduleTriggerKeys[] = {"schedule", "if"};
constexpr std::string_view kScheduleTriggerOther[] = {"event", "condition", "include_existing"};
constexpr std::string_view kScheduleKeys[] = {"every", "at"};
constexpr std::string_view kExitOnKeys[] = {"event", "if"};

void validate_trigger(Ctx& c, const Json& j, const Path& p, Trigger& t) {
  if (!expect_object(c, j, p)) return;
  std::vector<std::string_view> forms;
  for (std::string_view f : kTriggerForms) {
    if (j.contains(f)) forms.push_back(f);
  }
  if (forms.size() != 1) {
    Obj o(c, j, p, kTriggerKeys);
    if (forms.empty()) {
      if (!o.suggested("event") && !o.suggested("condition") && !o.suggested("schedule")) {
        c.error(p, "a trigger needs one of 'event', 'condition' or 'schedule'");
      }
    } else {
      std::string found;
      for (std::size_t i = 0; i < forms.size(); ++i) {
        if (i > 0) found += (i + 1 == forms.size()) ? " and " : ", ";
        found += quote(forms[i]);
      }
      c.error(p, "a trigger has exactly one of 'event', 'condition' or 'schedule', not " + found);
    }
    return;
  }

  if (forms[0] == "event") {
    Obj o(c, j, p, kEventTriggerKeys, kEventTriggerOther, "an event trigger");
    t.kind = TriggerKind::event;
    if (auto e = read_id(c, *o.get("event"), p / "event")) t.event_type = std::move(*e);
    if (const Json* v = o.get("if")) t.if_expr = read_expression(c, *v, p / "if");
  } else if (forms[0] == "condition") {
    Obj o(c, j, p, kConditionTriggerKeys, kConditionTriggerOther, "a condition trigger");
    t.kind = TriggerKind::condition;
    t.condition = read_expression(c, *o.get("condition"), p / "condition");
    if (const Json* v = o.get("include_existing")) {
      if (auto b = read_bool(c, *v, p / "include_existing")) t.include_existing = *b;
    }
  } else {
    Obj o(c, j, p, kScheduleTriggerKeys, kScheduleTriggerOther, "a schedule trigger");
    t.kind = TriggerKind::schedule;
    Path sp = p / "schedule";
    const Json& s = *o.get("schedule");
    if (expect_object(c, s, sp)) {
      Obj so(c, s, sp, kScheduleKeys);
      if (const Json* v = so.require("every")) {
        if (auto d = read_duration(c, *v, sp / "every", false)) t.every = *d;
      }
      if (const Json* v = so.get("at")) t.at_minute = read_time_of_day(c, *v, sp / "at");
    }
    if (const Json* v = o.get("if")) t.if_expr = read_expression(c, *v, p / "if");
  }
}

void validate_reenroll(Ctx& c, const Json& j, const Path& p, Reenroll& r) {
  if (!j.is_string()) {
    c.error(p, std::string("expected 'never', 'always' or a duration such as '7d', got ") +
                   json_type_name(j));
    return;
  }
  const auto& s = j.get_ref<const std::string&>();
  if (s == "never") {
    r.mode = Reenroll::Mode::never;
  } else if (s == "always") {
    r.mode = Reenroll::Mode::always;
  } else if (auto d = time::parse_duration(s)) {
    r.mode = Reenroll::Mode::after;
    r.after = *d;
  } else {
    c.error(p, "invalid reenroll " + quote(s) +
                   " (expected 'never', 'always' or a duration such as '7d')");
  }
}

void validate_exit_on(Ctx& c, const Json& j, const Path& p, std::vector<ExitOn>& out) {
  if (!expect_array(c, j, p)) return;
  for (std::size_t i = 0; i < j.size(); ++i) {
    Path ep = p / i;
    if (!expect_object(c, j[i], ep)) continue;
    Obj o(c, j[i], ep, kExitOnKeys);
    ExitOn e;
    if (const Json* v = o.require("event")) {
      if (auto s = read_id(c, *v, ep / "event")) e.event_type = std::move(*s);
    }
    if (const Json* v = o.get("if")) e.if_expr = read_expression(c, *v, ep / "if");
    out.push_back(std::move(e));
  }
}

}  // namespace

void validate_workflows(Ctx& c, const Json& j, const Path& p,
                        const std::vector<Template>& templates, std::vector<Workflow>& out) {
  if (!expect_array(c, j, p)) return;

  // First pass: every workflow id, so that unenroll_from can name later workflows.
  std::unordered_map<std::string_view, std::size_t> first_index;
  std::vector<std::string_view> ids;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_object()) continue;
    auto it = j[i].find("id");
    if (it == j[i].end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      continue;
    }
    std::string_view id = it->get_ref<const std::string&>();
    if (first_index.emplace(id, i).second) ids.push_back(id);
  }

  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    Path wp = p / i;
    Workflow w;
    if (!expect_object(c, j[i], wp)) {
      out.push_back(std::move(w));
      continue;
    }
    Obj o(c, j[i], wp, kWorkflowKeys);
    if (const Json* v = o.require("id")) {
      if (auto id = read_id(c, *v, wp / "id")) {
        std::size_t first = first_index.at(*id);
        if (first != i) {
          c.error(wp / "id", "duplicate workflow id " + quote(*id) + " (also used by " +
                                 (p / first).str() + ")");
        }
        w.id = std::move(*id);
      }
    }
    if (const Json* v = o.get("name")) {
      if (auto s = read_string(c, *v, wp / "name")) w.name = std::move(*s);
    }
    if (const Json* v = o.get("enabled")) {
      if (auto b = read_bool(c, *v, wp / "enabled")) w.enabled = *b;
    }
    if (const Json* v = o.require("trigger")) validate_trigger(c, *v, wp / "trigger", w.trigger);
    if (const Json* v = o.get("key")) w.key = read_expression(c, *v, wp / "key");
    if (const Json* v = o.get("reenroll")) validate_reenroll(c, *v, wp / "reenroll", w.reenroll);
    if (const Json* v = o.get("exit_on")) validate_exit_on(c, *v, wp / "exit_on", w.exit_on);
    if (const Json* v = o.get("goal")) w.goal = read_expression(c, *v, wp / "goal");
    if (const Json* v = o.get("unenroll_from")) {
      Path up = wp / "unenroll_from";
      if (expect_array(c, *v, up)) {
        for (std::size_t k = 0; k < v->size(); ++k) {
          auto target = read_id(c, (*v)[k], up / k);
          if (!target) continue;
          auto it = first_index.find(*target);
          if (it == first_index.end()) {
            c.error(up / k, "unknown workflow " + quote(*target) + did_you_mean(c, *target, ids));
          } else {
            w.unenroll_from.push_back(static_cast<std::int32_t>(it->second));
          }
        }
      }
    }
    if (const Json* v = o.get("steps")) validate_steps(c, *v, wp / "steps", templates, w.steps);
    out.push_back(std::move(w));
  }
}

}  // namespace flowcast::load_detail
