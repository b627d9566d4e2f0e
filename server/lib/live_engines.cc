// The live engines: versions, catching up, collecting outbox records.
#include "server/lib/live_engines.h"

#include <limits>

#include "core/load/load.h"
#include "server/lib/crypto.h"

namespace flowcast {

struct LiveEngines::Version {
  WorkflowVersion meta;
  std::shared_ptr<Scenario> scenario;
  std::unique_ptr<Engine> engine;
  std::uint32_t workflow = 0;  // index of the deployed workflow in the scenario
  std::size_t enrollments_seen = 0;
  std::vector<std::uint32_t> enrollment_number;  // by enrollment id: n-th for (contact, key)
  std::vector<std::string> enrollment_key;       // by enrollment id: compact JSON key
  std::map<std::pair<std::uint32_t, std::string>, std::uint32_t> per_key;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> action_count;
};

namespace {

std::string compact(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Event to_event(StoredEvent&& s) {
  Event e;
  e.at = s.at;
  e.contact = std::move(s.contact);
  e.type = std::move(s.type);
  e.properties = std::move(s.properties);
  e.id = std::move(s.id);
  e.file_index = static_cast<std::uint32_t>(s.seq & 0xffffffff);
  return e;
}

std::shared_ptr<Scenario> load_doc(const Json& doc, const time::ZoneSource* zones,
                                   std::string* error) {
  LoadResult r = load_scenario_json(doc, zones);
  if (!r.ok()) {
    *error = "the stored document does not load";
    for (const auto& d : r.diagnostics) {
      if (d.severity == LoadDiagnostic::Severity::error) {
        *error += ": " + format_diagnostic("workflow", d);
        break;
      }
    }
    return nullptr;
  }
  return std::make_shared<Scenario>(std::move(*r.scenario));
}

}  // namespace

Json engine_document(const Json& deployed, const std::string& workflow_id) {
  Json doc = deployed;
  doc.erase("contacts");
  doc.erase("events");
  doc.erase("expect");
  if (doc.contains("settings") && doc["settings"].is_object()) {
    doc["settings"].erase("start");
    doc["settings"].erase("end");
  }
  if (doc.contains("workflows") && doc["workflows"].is_array()) {
    for (Json& w : doc["workflows"]) {
      if (w.is_object() && w.value("id", "") != workflow_id) w["enabled"] = false;
    }
  }
  return doc;
}

std::string LiveEngines::record_id(char kind, std::int64_t version_id, const std::string& contact,
                                   const std::string& key, std::uint32_t enrollment_number,
                                   const std::string& step, std::uint32_t occurrence) {
  std::string text = std::string("flowcast.outbox/1|") + kind + "|" + std::to_string(version_id) +
                     "|" + contact + "|" + key + "|" + std::to_string(enrollment_number) + "|" +
                     step + "|" + std::to_string(occurrence);
  return std::string(1, kind) + "_" + crypto::hex(crypto::sha256(text)).substr(0, 32);
}

LiveEngines::LiveEngines(const time::ZoneSource* zones) : zones_(zones) {
  std::string error;
  base_scenario_ = load_doc(Json{{"format", "flowcast/1"}, {"templates", Json::object()},
                                 {"workflows", Json::array()}},
                            zones_, &error);
  base_ = std::make_unique<Engine>(*base_scenario_, 0, kLiveEnd);
}

LiveEngines::~LiveEngines() {
  // Engines point into events_ and their scenarios: destroy them first.
  versions_.clear();
  base_.reset();
}

time::Instant LiveEngines::frontier() const {
  time::Instant f = std::numeric_limits<time::Instant>::min();
  if (last_event_at_) f = std::max(f, *last_event_at_);
  if (done_) f = std::max(f, *done_ + 1);
  if (floor_) f = std::max(f, *floor_);
  return f;
}

time::Instant LiveEngines::cut() {
  time::Instant t = frontier();
  if (last_event_at_) t = std::max(t, *last_event_at_ + 1);
  raise_floor(t);
  return t;
}

bool LiveEngines::add_version(const WorkflowVersion& meta, std::vector<OutboxRow>* out,
                              std::string* error) {
  Json stored = Json::parse(meta.document, nullptr, false);
  if (stored.is_discarded()) {
    *error = "the stored document is not JSON";
    return false;
  }
  auto sc = load_doc(engine_document(stored, meta.workflow_id), zones_, error);
  if (!sc) return false;
  std::int32_t w = sc->find_workflow(meta.workflow_id);
  if (w < 0) {
    *error = "the stored document has no workflow " + meta.workflow_id;
    return false;
  }
  auto v = std::make_unique<Version>();
  v->meta = meta;
  v->scenario = std::move(sc);
  v->workflow = static_cast<std::uint32_t>(w);
  v->engine = std::make_unique<Engine>(*v->scenario, meta.deployed_at, kLiveEnd,
                                       EngineOptions{false, true});
  // Collect after every event: a record names the contact's address as it is when produced.
  for (const Event& e : events_) {
    v->engine->ingest(e);
    collect(*v, out);
  }
  if (done_) v->engine->advance_to(*done_);
  collect(*v, out);
  versions_.push_back(std::move(v));
  return true;
}

void LiveEngines::retire_workflow(const std::string& workflow_id, time::Instant at) {
  for (auto& v : versions_) {
    if (v->meta.workflow_id == workflow_id && !v->meta.retired_at) v->meta.retired_at = at;
  }
}

void LiveEngines::retire_version(std::int64_t version_id, time::Instant at) {
  for (auto& v : versions_) {
    if (v->meta.version_id == version_id && !v->meta.retired_at) v->meta.retired_at = at;
  }
}

bool LiveEngines::has_version(std::int64_t version_id) const {
  for (const auto& v : versions_) {
    if (v->meta.version_id == version_id) return true;
  }
  return false;
}

void LiveEngines::ingest(StoredEvent&& s, std::vector<OutboxRow>* out) {
  events_.push_back(to_event(std::move(s)));
  const Event& e = events_.back();
  last_event_at_ = e.at;
  ++events_per_contact_[e.contact];
  base_->ingest(e);
  base_->mutable_output().warnings.clear();
  for (auto& v : versions_) {
    v->engine->ingest(e);
    collect(*v, out);
  }
}

void LiveEngines::advance(time::Instant t, std::vector<OutboxRow>* out) {
  if (done_ && t <= *done_) return;
  if (last_event_at_ && t < *last_event_at_) return;  // time never goes back
  base_->advance_to(t);
  for (auto& v : versions_) {
    v->engine->advance_to(t);
    collect(*v, out);
  }
  done_ = t;
}

void LiveEngines::collect(Version& v, std::vector<OutboxRow>* out) {
  EngineOutput& o = v.engine->mutable_output();
  for (; v.enrollments_seen < o.enrollments.size(); ++v.enrollments_seen) {
    const EnrollmentRecord& er = o.enrollments[v.enrollments_seen];
    std::string key = compact(er.key);
    std::uint32_t n = ++v.per_key[{er.contact, key}];
    v.enrollment_number.push_back(n);
    v.enrollment_key.push_back(std::move(key));
  }
  const Workflow& wf = v.scenario->workflows[v.workflow];
  auto shadow = [&](std::uint32_t enrollment) {
    return v.meta.retired_at && o.enrollments[enrollment].enrolled_at >= *v.meta.retired_at;
  };
  for (MessageRecord& m : o.messages) {
    if (shadow(m.enrollment)) continue;
    const Contact& c = v.engine->contact(m.contact);
    const Template& t = v.scenario->templates[m.template_index];
    const Step& step = v.scenario->workflows[m.workflow].steps[m.step];
    OutboxRow r;
    r.id = record_id('m', v.meta.version_id, c.id, v.enrollment_key[m.enrollment],
                     v.enrollment_number[m.enrollment], step.id, m.occurrence);
    r.version_id = v.meta.version_id;
    r.workflow = wf.id;
    r.step = step.id;
    r.template_id = t.id;
    r.contact = c.id;
    r.channel = channel_name(m.channel);
    r.kind = t.kind == TemplateKind::marketing ? "marketing" : "transactional";
    if (m.channel == Channel::email) r.to = c.email.value_or("");
    else if (m.channel == Channel::sms) r.to = c.phone.value_or("");
    else r.to = c.id;
    r.subject = m.subject.value_or("");
    r.body = std::move(m.body);
    r.status = m.status == MessageStatus::sent ? "pending" : "skipped";
    r.reason = m.reason;
    r.at = m.at;
    r.deferred_from = m.deferred_from;
    r.next_attempt_at = m.at;
    out->push_back(std::move(r));
  }
  o.messages.clear();
  for (ActionRecord& a : o.actions) {
    if (shadow(a.enrollment)) continue;
    const Contact& c = v.engine->contact(a.contact);
    const Step& step = v.scenario->workflows[a.workflow].steps[a.step];
    std::uint32_t occurrence = ++v.action_count[{a.enrollment, a.step}];
    OutboxRow r;
    r.id = record_id('a', v.meta.version_id, c.id, v.enrollment_key[a.enrollment],
                     v.enrollment_number[a.enrollment], step.id, occurrence);
    r.version_id = v.meta.version_id;
    r.workflow = wf.id;
    r.step = step.id;
    r.contact = c.id;
    r.at = a.at;
    r.next_attempt_at = a.at;
    if (a.type == ActionType::task) {
      r.channel = "task";
      r.subject = std::move(a.title);
      r.status = "recorded";
    } else {
      r.channel = "webhook";
      r.to = std::move(a.url);
      r.body = std::move(a.body);
      r.status = "pending";
    }
    out->push_back(std::move(r));
  }
  o.actions.clear();
  o.warnings.clear();
}

std::vector<std::int64_t> LiveEngines::drop_drained() {
  std::vector<std::int64_t> dropped;
  for (auto it = versions_.begin(); it != versions_.end();) {
    Version& v = **it;
    bool drained = false;
    if (v.meta.retired_at && done_ && *done_ >= *v.meta.retired_at) {
      drained = true;
      for (const EnrollmentRecord& er : v.engine->output().enrollments) {
        if (er.enrolled_at < *v.meta.retired_at && er.reason == EndReason::none) {
          drained = false;
          break;
        }
      }
    }
    if (drained) {
      dropped.push_back(v.meta.version_id);
      it = versions_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

std::optional<LiveEngines::ContactView> LiveEngines::contact(const std::string& id) const {
  auto idx = base_->find_contact(id);
  if (!idx) return std::nullopt;
  ContactView view;
  view.contact = base_->contact(*idx);
  auto n = events_per_contact_.find(id);
  view.events = n == events_per_contact_.end() ? 0 : n->second;
  for (const auto& v : versions_) {
    auto ci = v->engine->find_contact(id);
    if (!ci) continue;
    const auto& ens = v->engine->output().enrollments;
    for (std::size_t e = 0; e < ens.size(); ++e) {
      const EnrollmentRecord& er = ens[e];
      if (er.contact != *ci || er.reason != EndReason::none) continue;
      if (v->meta.retired_at && er.enrolled_at >= *v->meta.retired_at) continue;
      view.enrollments.push_back({{"workflow", v->meta.workflow_id},
                                  {"version", v->meta.number},
                                  {"key", er.key},
                                  {"enrolled_at", time::format_instant(er.enrolled_at)}});
    }
  }
  return view;
}

}  // namespace flowcast
