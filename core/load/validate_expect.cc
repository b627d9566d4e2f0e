// `expect`: entries checked by `flowcast check`. Each names a contact and exactly one of a
// template (with at / count / status / reason) or a workflow (with the enrollment's reason).
#include "core/load/internal.h"

namespace flowcast::load_detail {

namespace {

constexpr std::string_view kTemplateFormKeys[] = {"contact", "template", "at",
                                                  "count",   "status",   "reason"};
constexpr std::string_view kWorkflowFormKeys[] = {"contact", "workflow", "reason"};
constexpr std::string_view kWorkflowFormOther[] = {"at", "count", "status"};
constexpr std::string_view kAllKeys[] = {"contact", "template", "workflow", "at",
                                         "count",   "status",   "reason"};
constexpr std::string_view kStatuses[] = {"sent", "skipped", "deferred"};
constexpr std::string_view kMessageReasons[] = {"no_address", "unsubscribed", "frequency_cap"};
constexpr std::string_view kEnrollmentReasons[] = {"completed", "goal",       "exit_event",
                                                   "exit_step", "unenrolled", "horizon"};

// Ids for suggestions, collected on the first unknown reference only.
const std::vector<std::string_view>& template_ids(const Scenario& s,
                                                  std::vector<std::string_view>& cache) {
  if (cache.empty()) {
    for (const Template& t : s.templates) cache.push_back(t.id);
  }
  return cache;
}

const std::vector<std::string_view>& workflow_ids(const Scenario& s,
                                                  std::vector<std::string_view>& cache) {
  if (cache.empty()) {
    for (const Workflow& w : s.workflows) cache.push_back(w.id);
  }
  return cache;
}

}  // namespace

void validate_expectations(Ctx& c, const Json& j, const Path& p, const Scenario& s,
                           std::vector<Expectation>& out) {
  if (!expect_array(c, j, p)) return;
  out.reserve(j.size());
  std::vector<std::string_view> template_cache;
  std::vector<std::string_view> workflow_cache;
  for (std::size_t i = 0; i < j.size(); ++i) {
    Path xp = p / i;
    const Json& xj = j[i];
    if (!expect_object(c, xj, xp)) continue;
    const bool has_template = xj.contains("template");
    const bool has_workflow = xj.contains("workflow");
    Expectation x;

    if (has_template && has_workflow) {
      Obj o(c, xj, xp, kAllKeys);
      c.error(xp, "an expectation names either 'template' or 'workflow', not both");
      continue;
    }
    if (!has_template && !has_workflow) {
      Obj o(c, xj, xp, kAllKeys);
      if (const Json* v = o.require("contact")) read_id(c, *v, xp / "contact");
      if (!o.suggested("template") && !o.suggested("workflow")) {
        c.error(xp, "an expectation needs one of 'template' or 'workflow'");
      }
      continue;
    }

    if (has_template) {
      Obj o(c, xj, xp, kTemplateFormKeys);
      if (const Json* v = o.require("contact")) {
        if (auto id = read_id(c, *v, xp / "contact")) x.contact = std::move(*id);
      }
      if (auto t = read_id(c, *o.get("template"), xp / "template")) {
        if (s.find_template(*t) < 0 && c.templates_known) {
          c.error(xp / "template", "unknown template " + quote(*t) +
                                       did_you_mean(c, *t, template_ids(s, template_cache)));
        }
        x.template_id = std::move(*t);
      }
      if (const Json* v = o.get("at")) x.at = read_instant(c, *v, xp / "at");
      if (const Json* v = o.get("count")) x.count = read_integer(c, *v, xp / "count", 0);
      if (const Json* v = o.get("status")) {
        if (auto k = read_enum(c, *v, xp / "status", "status", kStatuses)) {
          x.status = std::string(kStatuses[*k]);
        }
      }
      if (const Json* v = o.get("reason")) {
        if (auto k = read_enum(c, *v, xp / "reason", "reason", kMessageReasons)) {
          x.reason = std::string(kMessageReasons[*k]);
        }
      }
    } else {
      Obj o(c, xj, xp, kWorkflowFormKeys, kWorkflowFormOther, "a workflow expectation");
      if (const Json* v = o.require("contact")) {
        if (auto id = read_id(c, *v, xp / "contact")) x.contact = std::move(*id);
      }
      if (auto w = read_id(c, *o.get("workflow"), xp / "workflow")) {
        if (s.find_workflow(*w) < 0 && c.workflows_known) {
          c.error(xp / "workflow", "unknown workflow " + quote(*w) +
                                       did_you_mean(c, *w, workflow_ids(s, workflow_cache)));
        }
        x.workflow = std::move(*w);
      }
      if (const Json* v = o.get("reason")) {
        if (auto k = read_enum(c, *v, xp / "reason", "reason", kEnrollmentReasons)) {
          x.reason = std::string(kEnrollmentReasons[*k]);
        }
      }
    }
    if (c.error_count == 0) {
      x.source = take(c, xj);
      out.push_back(std::move(x));
    }
  }
}

}  // namespace flowcast::load_detail
