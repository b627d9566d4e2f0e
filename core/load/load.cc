// Entry points: load_scenario (text: the fast path of fast_load.cc, else load_scenario_slow) and
// load_scenario_json (a parsed document). Walks the top
// level in a fixed order (format, name, description, settings, templates, workflows, contacts,
// events, expect), so diagnostics come out in that order, and never lets an exception escape.
#include <exception>
#include <new>

#include "core/load/internal.h"

namespace flowcast {

namespace {

using load_detail::Ctx;
using load_detail::Obj;
using load_detail::Path;

constexpr std::string_view kTopKeys[] = {"format",   "name",      "description",
                                         "settings", "templates", "workflows",
                                         "contacts", "events",    "expect"};
constexpr std::string_view kFormat = "flowcast/1";

void validate_document(Ctx& c, const Json& doc, Scenario& s, load_detail::PrebuiltData* pre) {
  const Path root;
  if (!doc.is_object()) {
    c.error(root, std::string("expected an object at the top level, got ") +
                      load_detail::json_type_name(doc));
    return;
  }
  Obj o(c, doc, root, kTopKeys);
  if (const Json* v = o.require("format")) {
    if (!v->is_string() || v->get_ref<const std::string&>() != kFormat) {
      c.error(root / "format",
              "expected 'flowcast/1', got " +
                  (v->is_string() ? load_detail::quote(v->get_ref<const std::string&>())
                                  : std::string(load_detail::json_type_name(*v))));
    }
  }
  if (const Json* v = o.get("name")) {
    if (auto n = load_detail::read_string(c, *v, root / "name")) s.name = std::move(*n);
  }
  if (const Json* v = o.get("description")) {
    if (auto d = load_detail::read_string(c, *v, root / "description")) {
      s.description = std::move(*d);
    }
  }
  if (const Json* v = o.get("settings")) {
    load_detail::validate_settings(c, *v, root / "settings", s.settings);
  }
  if (s.settings.timezone == "UTC") c.zones->find("UTC");  // so that zones->find works later
  const Json* templates = o.require("templates");
  c.templates_known = templates != nullptr && templates->is_object();
  if (templates) load_detail::validate_templates(c, *templates, root / "templates", s.templates);
  const Json* workflows = o.require("workflows");
  c.workflows_known = workflows != nullptr && workflows->is_array();
  if (workflows) {
    load_detail::validate_workflows(c, *workflows, root / "workflows", s.templates, s.workflows);
  }
  if (pre != nullptr && pre->contacts) {
    s.contacts = std::move(*pre->contacts);
  } else if (const Json* v = o.get("contacts")) {
    load_detail::validate_contacts(c, *v, root / "contacts", s.contacts);
  }
  if (pre != nullptr && pre->events) {
    s.events = std::move(*pre->events);
  } else if (const Json* v = o.get("events")) {
    load_detail::validate_events(c, *v, root / "events", s.events);
  }
  if (const Json* v = o.get("expect")) {
    load_detail::validate_expectations(c, *v, root / "expect", s, s.expect);
  }
}

LoadDiagnostic failure(std::string message) {
  LoadDiagnostic d;
  d.message = std::move(message);
  return d;
}

// Validates `doc` and builds the scenario when there is no error. `movable`: `doc` belongs to
// the caller of this function and its values may be moved into the scenario.
LoadResult run(const Json& doc, const time::ZoneSource* zones, bool movable,
               std::vector<LoadDiagnostic> earlier, std::size_t earlier_errors,
               std::shared_ptr<time::ZoneCache> cache = nullptr,
               load_detail::PrebuiltData* pre = nullptr) {
  LoadResult result;
  Ctx c;
  c.diags = std::move(earlier);
  c.error_count = earlier_errors;
  c.movable = movable && earlier_errors == 0;
  c.zone_source = zones;
  if (!cache) cache = std::make_shared<time::ZoneCache>(zones);
  c.zones = cache.get();
  Scenario s;
  validate_document(c, doc, s, pre);
  result.diagnostics = std::move(c.diags);
  if (c.error_count == 0) {
    s.zones = std::move(cache);
    result.scenario.emplace(std::move(s));
  }
  return result;
}

}  // namespace

LoadResult load_detail::validate_owned_document(const Json& doc, const time::ZoneSource* zones,
                                                std::shared_ptr<time::ZoneCache> cache,
                                                PrebuiltData* pre) {
  return run(doc, zones, true, {}, 0, std::move(cache), pre);
}

LoadResult load_scenario(std::string_view text, const time::ZoneSource* zones) {
  if (std::optional<LoadResult> fast = load_scenario_fast(text, zones)) return std::move(*fast);
  return load_scenario_slow(text, zones);
}

LoadResult load_scenario_slow(std::string_view text, const time::ZoneSource* zones) {
  try {
    Json doc;
    Ctx parse_ctx;
    if (!load_detail::parse_json(text, doc, parse_ctx)) {
      LoadResult r;
      r.diagnostics = std::move(parse_ctx.diags);
      return r;
    }
    // Duplicate keys were reported while parsing; the document is still checked in full.
    return run(doc, zones, true, std::move(parse_ctx.diags), parse_ctx.error_count);
  } catch (const std::bad_alloc&) {
    LoadResult r;
    r.diagnostics.push_back(failure("out of memory while loading the scenario"));
    return r;
  } catch (const std::exception& e) {
    LoadResult r;
    r.diagnostics.push_back(failure(std::string("internal error while loading: ") + e.what()));
    return r;
  } catch (...) {
    LoadResult r;
    r.diagnostics.push_back(failure("internal error while loading"));
    return r;
  }
}

LoadResult load_scenario_json(const Json& doc, const time::ZoneSource* zones) {
  try {
    if (load_detail::too_deep(doc)) {
      LoadResult r;
      r.diagnostics.push_back(failure("the document is nested deeper than " +
                                      std::to_string(load_detail::kMaxDepth) + " levels"));
      return r;
    }
    return run(doc, zones, false, {}, 0);
  } catch (const std::bad_alloc&) {
    LoadResult r;
    r.diagnostics.push_back(failure("out of memory while loading the scenario"));
    return r;
  } catch (const std::exception& e) {
    LoadResult r;
    r.diagnostics.push_back(failure(std::string("internal error while loading: ") + e.what()));
    return r;
  } catch (...) {
    LoadResult r;
    r.diagnostics.push_back(failure("internal error while loading"));
    return r;
  }
}

}  // namespace flowcast
