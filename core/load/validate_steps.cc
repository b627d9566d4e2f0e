// The steps of one workflow: per-type fields, unique ids, references to templates and to other
// steps (resolved to indices, rule 21 defaults), then the step-graph checks (step_graph.cc).
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kTypeNames[] = {"send",  "delay", "delay_until", "wait_for", "branch",
                                           "split", "set",   "task",        "webhook",  "exit"};
constexpr std::string_view kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kPathKeys[] = {"weight", "next"};

// Every key any step may have, in a fixed order for suggestions.
constexpr std::string_view kAllStepKeys[] = {
    "id",    "type",       "next",    "template", "duration",   "time", "days",
    "event", "if",         "timeout", "on_event", "on_timeout", "then", "else",
    "paths", "properties", "title",   "url",      "body"};

std::vector<std::string_view> keys_for(StepType t) {
  std::vector<std::string_view> k = {"id", "type", "next"};
  switch (t) {
    case StepType::send:
      k.insert(k.end(), {"template"});
      break;
    case StepType::delay:
      k.insert(k.end(), {"duration"});
      break;
    case StepType::delay_until:
      k.insert(k.end(), {"time", "days"});
      break;
    case StepType::wait_for:
      k.insert(k.end(), {"event", "if", "timeout", "on_event", "on_timeout"});
      break;
    case StepType::branch:
      k.insert(k.end(), {"if", "then", "else"});
      break;
    case StepType::split:
      k.insert(k.end(), {"paths"});
      break;
    case StepType::set:
      k.insert(k.end(), {"properties"});
      break;
    case StepType::task:
      k.insert(k.end(), {"title"});
      break;
    case StepType::webhook:
      k.insert(k.end(), {"url", "body"});
      break;
    case StepType::exit:
      break;
  }
  return k;
}

std::vector<std::string_view> other_keys(const std::vector<std::string_view>& mine) {
  std::vector<std::string_view> out;
  for (std::string_view k : kAllStepKeys) {
    if (std::find(mine.begin(), mine.end(), k) == mine.end()) out.push_back(k);
  }
  return out;
}

std::string article_for(std::string_view type) {
  return (type == "exit") ? "an exit step" : "a " + std::string(type) + " step";
}

// Resolves step references of one workflow.
struct StepIndex {
  std::unordered_map<std::string_view, std::size_t> first;
  std::vector<std::string_view> ids;

  // `v` null (absent): `fallback`. JSON null: kEnd. A string: that step. Anything else: error.
  std::int32_t resolve(Ctx& c, const Json* v, const Path& p, std::int32_t fallback) const {
    if (v == nullptr) return fallback;
    if (v->is_null()) return kEnd;
    if (!v->is_string()) {
      c.error(p, std::string("expected a step id or null, got ") + json_type_name(*v));
      return kEnd;
    }
    const auto& id = v->get_ref<const std::string&>();
    auto it = first.find(id);
    if (it == first.end()) {
      c.error(p, "unknown step " + quote(id) + did_you_mean(c, id, ids));
      return kEnd;
    }
    return static_cast<std::int32_t>(it->second);
  }
};

void validate_split(Ctx& c, const Json& j, const Path& p, const StepIndex& index, Step& s) {
  if (!expect_array(c, j, p)) return;
  std::int64_t total = 0;
  bool weights_ok = true;
  for (std::size_t k = 0; k < j.size(); ++k) {
    Path pp = p / k;
    SplitPath path;
    path.next = s.next;
    if (!expect_object(c, j[k], pp)) {
      weights_ok = false;
      continue;
    }
    Obj o(c, j[k], pp, kPathKeys);
    if (const Json* w = o.require("weight")) {
      if (auto weight = read_integer(c, *w, pp / "weight", 0)) {
        if (*weight > std::numeric_limits<std::int64_t>::max() - total) {
          c.error(pp / "weight", "the weights add up to more than " +
                                     std::to_string(std::numeric_limits<std::int64_t>::max()));
          weights_ok = false;
        } else {
          path.weight = *weight;
          total += *weight;
        }
      } else {
        weights_ok = false;
      }
    } else {
      weights_ok = false;
    }
    path.next = index.resolve(c, o.get("next"), pp / "next", s.next);
    s.paths.push_back(path);
  }
  if (weights_ok && total <= 0) {
    c.error(p, j.empty() ? "a split needs at least one path"
                         : "the weights of a split must add up to more than 0");
  }
}

void validate_days(Ctx& c, const Json& j, const Path& p, Step& s) {
  if (!expect_array(c, j, p)) return;
  if (j.empty()) {
    c.error(p, "must name at least one day (mon, tue, wed, thu, fri, sat or sun)");
    return;
  }
  std::uint8_t mask = 0;
  for (std::size_t k = 0; k < j.size(); ++k) {
    if (auto d = read_enum(c, j[k], p / k, "day", kDayNames)) {
      mask = static_cast<std::uint8_t>(mask | (1u << *d));
    }
  }
  s.days_mask = mask;
}

std::int32_t template_index(const std::vector<Template>& templates, std::string_view id) {
  auto it = std::lower_bound(templates.begin(), templates.end(), id,
                             [](const Template& t, std::string_view v) { return t.id < v; });
  if (it == templates.end() || it->id != id) return -1;
  return static_cast<std::int32_t>(it - templates.begin());
}

}  // namespace

void validate_steps(Ctx& c, const Json& j, const Path& p, const std::vector<Template>& templates,
                    std::vector<Step>& out) {
  if (!expect_array(c, j, p)) return;
  const std::size_t n = j.size();

  StepIndex index;
  for (std::size_t i = 0; i < n; ++i) {
    if (!j[i].is_object()) continue;
    auto it = j[i].find("id");
    if (it == j[i].end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
      continue;
    }
    std::string_view id = it->get_ref<const std::string&>();
    if (index.first.emplace(id, i).second) index.ids.push_back(id);
  }
  std::vector<std::string_view> template_ids;

  out.resize(n);
  const std::size_t errors_before = c.error_count;
  for (std::size_t i = 0; i < n; ++i) {
    Path sp = p / i;
    Step& s = out[i];
    s.type = StepType::exit;  // a step we cannot read goes nowhere
    if (!expect_object(c, j[i], sp)) continue;
    const Json& sj = j[i];

    // The type decides which keys are allowed, so look at it before checking the keys.
    std::optional<std::size_t> type;
    if (auto it = sj.find("type"); it != sj.end() && it->is_string()) {
      auto found = std::find(std::begin(kTypeNames), std::end(kTypeNames),
                             it->get_ref<const std::string&>());
      if (found != std::end(kTypeNames)) {
        type = static_cast<std::size_t>(found - std::begin(kTypeNames));
      }
    }
    std::vector<std::string_view> known;
    std::vector<std::string_view> misplaced;
    if (type) {
      known = keys_for(static_cast<StepType>(*type));
      misplaced = other_keys(known);
    } else {
      known.assign(std::begin(kAllStepKeys), std::end(kAllStepKeys));
    }
    Obj o(c, sj, sp, known, misplaced, type ? article_for(kTypeNames[*type]) : std::string());

    if (const Json* v = o.require("id")) {
      if (auto id = read_id(c, *v, sp / "id")) {
        std::size_t first = index.first.at(*id);
        if (first != i) {
          c.error(sp / "id",
                  "duplicate step id " + quote(*id) + " (also used by " + (p / first).str() + ")");
        }
        s.id = std::move(*id);
      }
    }
    if (const Json* v = o.require("type")) {
      if (!type) {
        read_enum(c, *v, sp / "type", "step type", kTypeNames);
        continue;
      }
    } else {
      continue;
    }
    s.type = static_cast<StepType>(*type);
    std::int32_t following = i + 1 < n ? static_cast<std::int32_t>(i + 1) : kEnd;
    s.next = index.resolve(c, o.get("next"), sp / "next", following);

    switch (s.type) {
      case StepType::send:
        if (const Json* v = o.require("template")) {
          if (auto t = read_id(c, *v, sp / "template")) {
            s.template_index = template_index(templates, *t);
            if (s.template_index < 0 && c.templates_known) {
              if (template_ids.empty()) {
                for (const Template& tt : templates) template_ids.push_back(tt.id);
              }
              c.error(sp / "template",
                      "unknown template " + quote(*t) + did_you_mean(c, *t, template_ids));
            }
          }
        }
        break;
      case StepType::delay:
        if (const Json* v = o.require("duration")) {
          if (auto d = read_duration(c, *v, sp / "duration", false)) s.duration = *d;
        }
        break;
      case StepType::delay_until:
        if (const Json* v = o.require("time")) {
          if (auto t = read_time_of_day(c, *v, sp / "time")) s.time_minute = *t;
        }
        if (const Json* v = o.get("days")) validate_days(c, *v, sp / "days", s);
        break;
      case StepType::wait_for:
        if (const Json* v = o.require("event")) {
          if (auto e = read_id(c, *v, sp / "event")) s.event_type = std::move(*e);
        }
        if (const Json* v = o.get("if")) s.if_expr = read_expression(c, *v, sp / "if");
        if (const Json* v = o.get("timeout"))
          s.timeout = read_duration(c, *v, sp / "timeout", false);
        s.on_event = index.resolve(c, o.get("on_event"), sp / "on_event", s.next);
        s.on_timeout = index.resolve(c, o.get("on_timeout"), sp / "on_timeout", s.next);
        break;
      case StepType::branch:
        if (const Json* v = o.require("if")) s.if_expr = read_expression(c, *v, sp / "if");
        s.then_step = index.resolve(c, o.get("then"), sp / "then", s.next);
        s.else_step = index.resolve(c, o.get("else"), sp / "else", s.next);
        break;
      case StepType::split:
        if (const Json* v = o.require("paths")) validate_split(c, *v, sp / "paths", index, s);
        break;
      case StepType::set:
        if (const Json* v = o.require("properties")) {
          if (expect_object(c, *v, sp / "properties")) s.properties = take(c, *v);
        }
        break;
      case StepType::task:
        if (const Json* v = o.require("title")) s.title = read_mustache(c, *v, sp / "title");
        break;
      case StepType::webhook:
        if (const Json* v = o.require("url")) {
          if (auto u = read_id(c, *v, sp / "url")) s.url = std::move(*u);
        }
        if (const Json* v = o.get("body")) s.body = read_mustache(c, *v, sp / "body");
        break;
      case StepType::exit:
        break;
    }
  }
  // Unreadable steps and unresolved references lose edges: that can hide a loop but never invent
  // one, while it can make steps look unreachable, so that warning waits for a clean workflow.
  check_step_graph(c, out, p, c.error_count == errors_before);
}

}  // namespace flowcast::load_detail
