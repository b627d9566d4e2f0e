// Service: deploying, listing and retiring workflow versions.
#include <map>

#include "core/load/load.h"
#include "server/lib/service.h"

namespace flowcast {

namespace {

// Errors in the CLI's format (FILE: /pointer: message) with "request" as the file name.
void split_diagnostics(const LoadResult& r, std::vector<std::string>* errors,
                       std::vector<std::string>* warnings) {
  for (const LoadDiagnostic& d : r.diagnostics) {
    (d.severity == LoadDiagnostic::Severity::error ? errors : warnings)
        ->push_back(format_diagnostic("request", d));
  }
}

Json version_json(const WorkflowVersion& v) {
  std::string status = v.drained ? "drained" : v.retired_at ? "retired" : "current";
  return {{"version", v.number},
          {"deployed_at", time::format_instant(v.deployed_at)},
          {"retired_at", v.retired_at ? Json(time::format_instant(*v.retired_at)) : Json(nullptr)},
          {"status", status}};
}

}  // namespace

ApiResult Service::deploy(const std::string& id, const std::string& text) {
  LoadResult r = load_scenario(text, zones_);
  std::vector<std::string> errors, warnings;
  split_diagnostics(r, &errors, &warnings);
  if (!r.ok()) return api_error(422, "invalid workflow document", errors);
  if (r.scenario->find_workflow(id) < 0) {
    return api_error(422, "the document has no workflow \"" + id + "\"");
  }
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) return api_error(400, "invalid JSON");
  // Sample data and the replay window stay out of production.
  doc.erase("contacts");
  doc.erase("events");
  doc.erase("expect");
  if (doc.contains("settings")) {
    doc["settings"].erase("start");
    doc["settings"].erase("end");
  }
  LoadResult check = load_scenario_json(engine_document(doc, id), zones_);
  if (!check.ok()) {
    std::vector<std::string> e2, w2;
    split_diagnostics(check, &e2, &w2);
    return api_error(422, "the workflow does not load without the document's sample data", e2);
  }
  std::string stored = doc.dump(-1, ' ', false, Json::error_handler_t::replace);

  std::lock_guard lock(mu_);
  advance_locked(clock_.now());
  // The version reacts to every event given from now on; earlier ones are its history.
  time::Instant at = live_->cut();
  std::string error;
  auto v = storage_.add_version(id, stored, at, &error);
  if (!v) return api_error(503, "the workflow could not be stored; nothing was changed");
  live_->retire_workflow(id, at);
  std::vector<OutboxRow> rows;
  if (!live_->add_version(*v, &rows, &error)) {
    return api_error(500, "the workflow was stored but could not start: " + error);
  }
  store_rows_locked(std::move(rows));
  Json body = {{"id", id}, {"version", v->number}, {"deployed_at", time::format_instant(at)}};
  if (!warnings.empty()) body["warnings"] = warnings;
  return api_ok(std::move(body), 201);
}

ApiResult Service::list_workflows() {
  std::map<std::string, Json> by_id;
  std::vector<std::string> order;
  for (const WorkflowVersion& v : storage_.versions()) {
    auto [it, inserted] = by_id.try_emplace(v.workflow_id, Json::object());
    if (inserted) {
      order.push_back(v.workflow_id);
      it->second = {{"id", v.workflow_id}, {"current", nullptr}, {"versions", Json::array()}};
    }
    if (!v.retired_at) it->second["current"] = v.number;
    it->second["versions"].push_back(version_json(v));
  }
  Json list = Json::array();
  for (const auto& id : order) list.push_back(std::move(by_id[id]));
  return api_ok({{"workflows", std::move(list)}});
}

ApiResult Service::get_workflow(const std::string& id) {
  for (const WorkflowVersion& v : storage_.versions()) {
    if (v.workflow_id != id || v.retired_at) continue;
    Json body = version_json(v);
    body["id"] = id;
    body["document"] = Json::parse(v.document, nullptr, false);
    return api_ok(std::move(body));
  }
  return api_error(404, "no deployed workflow " + id);
}

ApiResult Service::retire_workflow(const std::string& id) {
  std::lock_guard lock(mu_);
  advance_locked(clock_.now());
  time::Instant at = live_->cut();
  auto v = storage_.retire(id, at);
  if (!v) return api_error(404, "no deployed workflow " + id);
  live_->retire_workflow(id, at);
  return api_ok({{"id", id}, {"version", v->number}, {"retired_at", time::format_instant(at)}});
}

}  // namespace flowcast
