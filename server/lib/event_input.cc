// Event and contact validation through the scenario loader.
#include "server/lib/event_input.h"

#include "core/load/load.h"

namespace flowcast {

namespace {

// Replaces the loader's "/events/N" or "/contacts/0" prefix with the request's own.
std::string rebase(const std::string& pointer, const std::string& from, const std::string& to) {
  if (pointer.rfind(from, 0) == 0) return to + pointer.substr(from.size());
  return pointer;
}

Json wrapper() {
  return Json{{"format", "flowcast/1"}, {"templates", Json::object()}, {"workflows", Json::array()}};
}

constexpr const char* kPlaceholderAt = "1970-01-01T00:00:00Z";

std::vector<IncomingEvent> check_events(const Json& list, const time::ZoneSource* zones,
                                        const std::string& from, const std::string& to,
                                        InputErrors* errors) {
  std::vector<IncomingEvent> out;
  Json doc = wrapper();
  Json events = Json::array();
  std::vector<bool> defaulted;
  for (const Json& e : list) {
    Json copy = e;
    bool missing = copy.is_object() && !copy.contains("at");
    if (missing) copy["at"] = kPlaceholderAt;
    defaulted.push_back(missing);
    events.push_back(std::move(copy));
  }
  doc["events"] = std::move(events);
  LoadResult r = load_scenario_json(doc, zones);
  for (const LoadDiagnostic& d : r.diagnostics) {
    if (d.severity != LoadDiagnostic::Severity::error) continue;
    LoadDiagnostic x = d;
    x.pointer = rebase(d.pointer, from, to);
    errors->lines.push_back(format_diagnostic("request", x));
  }
  if (!r.ok()) return out;
  for (std::size_t i = 0; i < r.scenario->events.size(); ++i) {
    Event& e = r.scenario->events[i];
    IncomingEvent in;
    if (!defaulted[i]) in.at = e.at;
    in.contact = std::move(e.contact);
    in.type = std::move(e.type);
    // The request's own (validated) properties, moved rather than rebuilt from the compact
    // form the loader made; the loader keeps events in request order.
    Json& given = doc["events"][i];
    auto p = given.find("properties");
    in.properties = p != given.end() ? std::move(*p) : Json::object();
    in.id = std::move(e.id);
    out.push_back(std::move(in));
  }
  return out;
}

}  // namespace

std::vector<IncomingEvent> parse_api_events(const Json& body, const time::ZoneSource* zones,
                                            std::size_t max_batch, InputErrors* errors) {
  if (body.is_object() && body.contains("batch")) {
    if (body.size() != 1) {
      errors->lines.push_back("request: a batch body has only the key \"batch\"");
      return {};
    }
    const Json& batch = body["batch"];
    if (!batch.is_array()) {
      errors->lines.push_back("request: /batch: expected an array of events");
      return {};
    }
    if (batch.empty()) {
      errors->lines.push_back("request: /batch: the batch is empty");
      return {};
    }
    if (batch.size() > max_batch) {
      errors->lines.push_back("request: /batch: more than " + std::to_string(max_batch) +
                              " events in one batch");
      return {};
    }
    return check_events(batch, zones, "/events", "/batch", errors);
  }
  if (!body.is_object()) {
    errors->lines.push_back("request: expected an event object or {\"batch\": [...]}");
    return {};
  }
  return check_events(Json::array({body}), zones, "/events/0", "", errors);
}

std::vector<IncomingEvent> validate_events(const Json& events, const time::ZoneSource* zones,
                                           const std::string& prefix, InputErrors* errors) {
  return check_events(events, zones, "/events", prefix, errors);
}

std::optional<IncomingContact> parse_api_contact(const std::string& id, const Json& body,
                                                 const time::ZoneSource* zones,
                                                 InputErrors* errors) {
  if (!body.is_object()) {
    errors->lines.push_back("request: expected a contact object");
    return std::nullopt;
  }
  if (body.contains("id") && body["id"] != Json(id)) {
    errors->lines.push_back("request: /id: does not match the contact id in the path");
    return std::nullopt;
  }
  Json contact = body;
  contact["id"] = id;
  Json doc = wrapper();
  doc["contacts"] = Json::array({contact});
  LoadResult r = load_scenario_json(doc, zones);
  for (const LoadDiagnostic& d : r.diagnostics) {
    if (d.severity != LoadDiagnostic::Severity::error) continue;
    LoadDiagnostic x = d;
    x.pointer = rebase(d.pointer, "/contacts/0", "");
    errors->lines.push_back(format_diagnostic("request", x));
  }
  if (!r.ok()) return std::nullopt;
  Contact& c = r.scenario->contacts.at(0);
  IncomingContact out;
  out.email = c.email;
  out.phone = c.phone;
  if (!c.timezone.empty()) out.timezone = c.timezone;
  out.properties = std::move(c.properties);
  out.subscriptions = std::move(c.subscriptions);
  return out;
}

}  // namespace flowcast
