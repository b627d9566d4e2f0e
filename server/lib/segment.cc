// Segment calls -> Flowcast events.
#include "server/lib/segment.h"

namespace flowcast {

std::string whole_seconds(const std::string& ts) {
  // 2026-03-02T14:00:00.123Z -> 2026-03-02T14:00:00Z (the digits after the dot are dropped).
  std::size_t dot = ts.find('.', 19);
  if (dot != 19) return ts;
  std::size_t end = dot + 1;
  while (end < ts.size() && ts[end] >= '0' && ts[end] <= '9') ++end;
  return ts.substr(0, dot) + ts.substr(end);
}

namespace {

void map_one(const Json& call, const std::string& type, const std::string& where,
             SegmentMapping& out) {
  if (!call.is_object()) {
    out.errors.push_back("request: " + where + ": expected an object");
    return;
  }
  std::string contact;
  for (const char* k : {"userId", "anonymousId"}) {
    auto it = call.find(k);
    if (it != call.end() && it->is_string() && !it->get<std::string>().empty()) {
      contact = it->get<std::string>();
      break;
    }
    if (it != call.end() && it->is_number()) {
      contact = it->dump();
      break;
    }
  }
  if (contact.empty()) {
    out.errors.push_back("request: " + where + ": userId or anonymousId is required");
    return;
  }
  Json e = {{"contact", contact}};
  if (type == "track") {
    auto it = call.find("event");
    if (it == call.end() || !it->is_string() || it->get<std::string>().empty()) {
      out.errors.push_back("request: " + where + "/event: expected the event name");
      return;
    }
    e["type"] = *it;
    auto p = call.find("properties");
    e["properties"] = p != call.end() && p->is_object() ? *p : Json::object();
  } else {
    e["type"] = "identify";
    auto t = call.find("traits");
    e["properties"] = t != call.end() && t->is_object() ? *t : Json::object();
  }
  auto ts = call.find("timestamp");
  if (ts != call.end() && ts->is_string()) e["at"] = whole_seconds(ts->get<std::string>());
  auto id = call.find("messageId");
  if (id != call.end() && id->is_string() && !id->get<std::string>().empty()) {
    e["id"] = "segment:" + id->get<std::string>();
  }
  out.events.push_back(std::move(e));
}

}  // namespace

SegmentMapping map_segment(const std::string& type, const Json& body) {
  SegmentMapping out;
  if (type != "batch") {
    map_one(body, type, "", out);
    return out;
  }
  if (!body.is_object() || !body.contains("batch") || !body["batch"].is_array()) {
    out.errors.push_back("request: /batch: expected an array of calls");
    return out;
  }
  const Json& batch = body["batch"];
  for (std::size_t i = 0; i < batch.size(); ++i) {
    std::string where = "/batch/" + std::to_string(i);
    const Json& call = batch[i];
    std::string t = call.is_object() ? call.value("type", "") : "";
    if (t == "track" || t == "identify") {
      map_one(call, t, where, out);
    } else if (t == "page" || t == "screen" || t == "group" || t == "alias") {
      ++out.ignored;
    } else {
      out.errors.push_back("request: " + where + "/type: expected track, identify, page, screen, "
                           "group or alias");
    }
  }
  return out;
}

}  // namespace flowcast
