#include "wasm/editor/model_edit.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

namespace flowcast::editor {
namespace {

constexpr const char* kRefKeys[] = {"next", "then", "else", "on_event", "on_timeout"};

// Calls f(json slot) for every place in `wf` that names a step.
template <typename F>
void for_each_ref(Json& wf, F f) {
  if (!wf.contains("steps") || !wf["steps"].is_array()) return;
  for (Json& s : wf["steps"]) {
    if (!s.is_object()) continue;
    for (const char* k : kRefKeys) {
      if (s.contains(k)) f(s[k]);
    }
    if (s.contains("paths") && s["paths"].is_array()) {
      for (Json& p : s["paths"]) {
        if (p.is_object() && p.contains("next")) f(p["next"]);
      }
    }
  }
}

std::string first_template(const Json& doc) {
  if (doc.contains("templates") && doc["templates"].is_object() && !doc["templates"].empty()) {
    return doc["templates"].begin().key();
  }
  return "template_id";
}

Json defaults(const Json& doc, const std::string& type) {
  Json s = Json::object();
  if (type == "send") s["template"] = first_template(doc);
  else if (type == "delay") s["duration"] = "1d";
  else if (type == "delay_until") s["time"] = "09:00";
  else if (type == "wait_for") {
    s["event"] = "Order Completed";
    s["timeout"] = "2d";
  } else if (type == "branch") s["if"] = "count(\"Order Completed\") > 0";
  else if (type == "split") s["paths"] = Json::array({{{"weight", 50}}, {{"weight", 50}}});
  else if (type == "set") s["properties"] = {{"flag", true}};
  else if (type == "task") s["title"] = "Follow up with {{contact.id}}";
  else if (type == "webhook") s["url"] = "https://example.com/hook";
  return s;
}

const std::set<std::string>& allowed(const std::string& type) {
  static const std::set<std::string> none;
  static const std::map<std::string, std::set<std::string>> keys = {
      {"send", {"template"}},
      {"delay", {"duration"}},
      {"delay_until", {"time", "days"}},
      {"wait_for", {"event", "if", "timeout", "on_event", "on_timeout"}},
      {"branch", {"if", "then", "else"}},
      {"split", {"paths"}},
      {"set", {"properties"}},
      {"task", {"title"}},
      {"webhook", {"url", "body"}},
      {"exit", {}},
  };
  auto it = keys.find(type);
  return it == keys.end() ? none : it->second;
}

}  // namespace

std::string unique_step_id(const Json& wf, const std::string& base) {
  std::set<std::string> used;
  if (wf.contains("steps") && wf["steps"].is_array()) {
    for (const Json& s : wf["steps"]) {
      if (s.is_object() && s.contains("id") && s["id"].is_string()) used.insert(s["id"].get<std::string>());
    }
  }
  if (!used.count(base)) return base;
  for (int i = 2;; ++i) {
    std::string id = base + "_" + std::to_string(i);
    if (!used.count(id)) return id;
  }
}

int insert_step(const Json& doc, Json& wf, int after, const std::string& type) {
  if (!wf.contains("steps") || !wf["steps"].is_array()) wf["steps"] = Json::array();
  Json& steps = wf["steps"];
  Json s = {{"id", unique_step_id(wf, type == "delay" || type == "delay_until" ? "wait" : type)},
            {"type", type}};
  for (auto& [k, v] : defaults(doc, type).items()) s[k] = v;
  const int at = std::max(0, std::min(after + 1, static_cast<int>(steps.size())));
  steps.insert(steps.begin() + at, std::move(s));
  return at;
}

void delete_step(Json& wf, int index) {
  if (!wf.contains("steps") || !wf["steps"].is_array()) return;
  Json& steps = wf["steps"];
  if (index < 0 || index >= static_cast<int>(steps.size())) return;
  const Json& gone = steps[static_cast<std::size_t>(index)];
  const std::string id = gone.is_object() && gone.contains("id") && gone["id"].is_string() ? gone["id"].get<std::string>() : "";
  Json replacement = nullptr;
  if (gone.is_object() && gone.contains("next")) replacement = gone["next"];
  else if (index + 1 < static_cast<int>(steps.size())) {
    const Json& following = steps[static_cast<std::size_t>(index) + 1];
    if (following.is_object() && following.contains("id")) replacement = following["id"];
  }
  steps.erase(steps.begin() + index);
  if (id.empty()) return;
  for_each_ref(wf, [&](Json& ref) {
    if (ref.is_string() && ref.get<std::string>() == id) ref = replacement;
  });
}

void rename_step(Json& wf, const std::string& from, const std::string& to) {
  if (!wf.contains("steps") || !wf["steps"].is_array()) return;
  for (Json& s : wf["steps"]) {
    if (s.is_object() && s.contains("id") && s["id"] == from) s["id"] = to;
  }
  for_each_ref(wf, [&](Json& ref) {
    if (ref.is_string() && ref.get<std::string>() == from) ref = to;
  });
}

void set_step_type(const Json& doc, Json& step, const std::string& type) {
  const auto& keep = allowed(type);
  Json out = Json::object();
  for (auto& [k, v] : step.items()) {
    if (k == "id" || k == "type" || k == "next" || keep.count(k)) out[k] = v;
  }
  for (auto& [k, v] : defaults(doc, type).items()) {
    if (!out.contains(k)) out[k] = v;
  }
  out["type"] = type;
  step = std::move(out);
}

}  // namespace flowcast::editor
