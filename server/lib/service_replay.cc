// Service: preview (a scenario replayed exactly as the CLI does) and backtest (candidate
// workflows replayed over the stored events of a past period, compared with what is deployed).
#include <set>

#include "core/engine/replay.h"
#include "core/load/load.h"
#include "core/report/diff.h"
#include "core/report/report.h"
#include "server/lib/service.h"

namespace flowcast {

namespace {

std::vector<std::string> error_lines(const LoadResult& r) {
  std::vector<std::string> out;
  for (const LoadDiagnostic& d : r.diagnostics) {
    if (d.severity == LoadDiagnostic::Severity::error) out.push_back(format_diagnostic("request", d));
  }
  return out;
}

Json change_json(const MessageChange& c) {
  const char* kind = c.kind == MessageChange::Kind::added     ? "added"
                     : c.kind == MessageChange::Kind::removed ? "removed"
                                                              : "moved";
  auto t = [](const std::optional<time::Instant>& x) {
    return x ? Json(time::format_instant(*x)) : Json(nullptr);
  };
  return {{"kind", kind}, {"contact", c.contact}, {"template", c.template_id},
          {"before", t(c.before)}, {"after", t(c.after)}};
}

Json settings_for(const Json& doc, time::Instant from, time::Instant to) {
  Json s = doc.contains("settings") ? doc["settings"] : Json::object();
  s["start"] = time::format_instant(from);
  s["end"] = time::format_instant(to);
  return s;
}

}  // namespace

ApiResult Service::preview(const std::string& text) {
  LoadResult r = load_scenario(text, zones_);
  if (!r.ok()) return api_error(422, "invalid scenario", error_lines(r));
  ReplayResult result = replay(*r.scenario);
  ApiResult out;
  out.raw = report_json(*r.scenario, result);
  return out;
}

ApiResult Service::backtest(const std::string& text, std::optional<time::Instant> from_opt,
                            std::optional<time::Instant> to_opt) {
  time::Instant to = to_opt.value_or(clock_.now());
  time::Instant from = from_opt.value_or(to - 30 * time::kDay);
  if (from >= to) return api_error(422, "from must be before to");
  LoadResult cand = load_scenario(text, zones_);
  if (!cand.ok()) return api_error(422, "invalid scenario", error_lines(cand));
  Json candidate = Json::parse(text, nullptr, false);
  if (candidate.is_discarded()) return api_error(400, "invalid JSON");

  // The stored events that occurred before `to`, at their own time (an event that came late is
  // replayed where it belongs: what would have happened had it come on time); those before
  // `from` only build the contacts (rule 1).
  Json events = Json::array();
  storage_.for_each_event([&](StoredEvent&& e) {
    if (e.occurred_at >= to) return true;
    Json j = {{"at", time::format_instant(e.occurred_at)}, {"contact", e.contact}, {"type", e.type},
              {"properties", std::move(e.properties)}};
    if (e.id) j["id"] = *e.id;
    events.push_back(std::move(j));
    return true;
  });
  const std::size_t event_count = events.size();

  Json after_doc = candidate;
  after_doc.erase("contacts");
  after_doc.erase("expect");
  after_doc["settings"] = settings_for(candidate, from, to);
  after_doc["events"] = events;

  // The deployed side: the current version of every workflow, in deploy order, with the
  // candidate's settings so that only the workflows differ.
  Json before_doc = {{"format", "flowcast/1"}, {"templates", Json::object()},
                     {"workflows", Json::array()}};
  before_doc["settings"] = after_doc["settings"];
  Json deployed = Json::array();
  std::vector<std::string> notes;
  std::set<std::string> ids;
  for (const WorkflowVersion& v : storage_.versions()) {
    if (v.retired_at) continue;
    Json doc = Json::parse(v.document, nullptr, false);
    if (doc.is_discarded()) continue;
    for (const Json& w : doc.value("workflows", Json::array())) {
      if (w.value("id", "") == v.workflow_id) before_doc["workflows"].push_back(w);
    }
    const Json templates = doc.value("templates", Json::object());
    for (auto it = templates.begin(); it != templates.end(); ++it) {
      auto& mine = before_doc["templates"];
      if (!mine.contains(it.key())) mine[it.key()] = it.value();
      else if (mine[it.key()] != it.value()) {
        notes.push_back("template " + it.key() + " differs between deployed workflows; the "
                        "first deployed one is used");
      }
    }
    ids.insert(v.workflow_id);
    deployed.push_back({{"id", v.workflow_id}, {"version", v.number}});
  }
  for (Json& w : before_doc["workflows"]) {
    if (!w.contains("unenroll_from")) continue;
    Json kept = Json::array();
    for (const Json& t : w["unenroll_from"]) {
      if (t.is_string() && ids.count(t.get<std::string>())) kept.push_back(t);
    }
    w["unenroll_from"] = kept;
  }
  before_doc["events"] = std::move(events);

  LoadResult after = load_scenario_json(after_doc, zones_);
  if (!after.ok()) {
    return api_error(422, "the candidate does not load over the stored events", error_lines(after));
  }
  LoadResult before = load_scenario_json(before_doc, zones_);
  if (!before.ok()) {
    return api_error(500, "the deployed workflows do not load together", error_lines(before));
  }
  ReplayResult after_r = replay(*after.scenario);
  ReplayResult before_r = replay(*before.scenario);
  ReportDiff diff = diff_replays(*before.scenario, before_r, *after.scenario, after_r);

  Json changes = Json::array();
  for (const MessageChange& c : diff.changes) changes.push_back(change_json(c));
  Json totals = Json::object();
  for (const auto& [tmpl, t] : diff.totals) {
    totals[tmpl] = {{"before", t.before}, {"after", t.after}};
  }
  Json body = {{"from", time::format_instant(from)},
               {"to", time::format_instant(to)},
               {"events", event_count},
               {"deployed", std::move(deployed)},
               {"report", Json::parse(report_json(*after.scenario, after_r), nullptr, false)},
               {"diff", {{"changes", std::move(changes)}, {"totals", std::move(totals)}}},
               {"diff_text", diff_text(diff)}};
  if (!notes.empty()) body["notes"] = notes;
  return api_ok(std::move(body));
}

}  // namespace flowcast
