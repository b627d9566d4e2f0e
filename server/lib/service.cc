// Service: start-up recovery, the clock, event ingestion and the outbox.
#include "server/lib/service.h"

#include <algorithm>
#include <iostream>

namespace flowcast {

namespace {

std::string at_text(std::optional<time::Instant> t) {
  return t ? time::format_instant(*t) : std::string();
}

Json optional_instant(std::optional<time::Instant> t) {
  return t ? Json(time::format_instant(*t)) : Json(nullptr);
}

}  // namespace

Json outbox_json(const OutboxRow& r) {
  Json j = {{"id", r.id},
            {"at", time::format_instant(r.at)},
            {"contact", r.contact},
            {"workflow", r.workflow},
            {"step", r.step},
            {"channel", r.channel},
            {"status", r.status}};
  if (!r.template_id.empty()) j["template"] = r.template_id;
  if (!r.kind.empty()) j["kind"] = r.kind;
  if (!r.reason.empty()) j["reason"] = r.reason;
  if (r.deferred_from) j["deferred_from"] = time::format_instant(*r.deferred_from);
  if (r.channel == "email") j["subject"] = r.subject;
  if (r.channel == "task") j["title"] = r.subject;
  if (r.channel == "webhook") j["url"] = r.to;
  else if (!r.to.empty()) j["to"] = r.to;
  j["attempts"] = r.attempts;
  if (!r.last_error.empty()) j["last_error"] = r.last_error;
  j["delivered_at"] = optional_instant(r.delivered_at);
  if (r.status == "pending" && r.attempts > 0) {
    j["next_attempt_at"] = time::format_instant(r.next_attempt_at);
  }
  return j;
}

Service::Service(const ServerConfig& config, Storage& storage, Clock& clock,
                 const time::ZoneSource* zones, Metrics& metrics)
    : config_(config), storage_(storage), clock_(clock), zones_(zones), metrics_(metrics) {}

Service::~Service() = default;

bool Service::start(std::string* error) {
  std::int64_t uncertain = storage_.recover_in_flight();
  if (uncertain > 0) {
    std::cerr << "flowcast serve: " << uncertain
              << " message(s) were being delivered when the server stopped; marked uncertain\n";
  }
  std::lock_guard lock(mu_);
  live_ = rebuild_locked(std::nullopt, error);
  if (!live_) return false;
  advance_locked(clock_.now());
  return true;
}

std::unique_ptr<LiveEngines> Service::rebuild_locked(std::optional<time::Instant> run_to,
                                                     std::string* error) {
  auto fresh = std::make_unique<LiveEngines>(zones_);
  std::vector<OutboxRow> rows;
  for (const WorkflowVersion& v : storage_.versions()) {
    if (v.drained) continue;
    std::string e;
    if (!fresh->add_version(v, &rows, &e)) {
      std::cerr << "flowcast serve: workflow " << v.workflow_id << " version " << v.number
                << " not started: " << e << "\n";
    }
  }
  try {
    storage_.for_each_event([&](StoredEvent&& e) {
      if (e.at < fresh->frontier()) {
        // Stored order is engine order; this only happens if the database was edited by hand.
        e.at = fresh->frontier();
      }
      fresh->ingest(e, &rows);
      if (rows.size() >= 4096) {
        store_rows_locked(std::move(rows));
        rows.clear();
      }
      return true;
    });
  } catch (const std::exception& e) {
    *error = std::string("cannot read the event log: ") + e.what();
    return nullptr;
  }
  if (run_to) fresh->advance(*run_to, &rows);
  store_rows_locked(std::move(rows));
  return fresh;
}

void Service::store_rows_locked(std::vector<OutboxRow> rows) {
  if (!unsaved_.empty()) {
    rows.insert(rows.begin(), std::make_move_iterator(unsaved_.begin()),
                std::make_move_iterator(unsaved_.end()));
    unsaved_.clear();
  }
  if (rows.empty()) return;
  // Records are produced only when their instant has come; an event taken during the current
  // second is placed one second ahead (see Time in docs/api.md), so its messages may carry the
  // next second: they are due now all the same.
  time::Instant now = clock_.now();
  for (OutboxRow& r : rows) {
    if (r.attempts == 0) r.next_attempt_at = std::min(r.next_attempt_at, now);
  }
  std::string error;
  std::int64_t added = storage_.insert_outbox(rows, &error);
  if (added < 0) {
    std::cerr << "flowcast serve: cannot store " << rows.size() << " outbox row(s): " << error
              << " (will retry)\n";
    unsaved_ = std::move(rows);
    return;
  }
  metrics_.outbox_records += added;
  if (added > 0 && on_outbox_) on_outbox_();
}

void Service::advance_locked(time::Instant t) {
  std::vector<OutboxRow> rows;
  live_->advance(t, &rows);
  store_rows_locked(std::move(rows));
  for (std::int64_t id : live_->drop_drained()) storage_.mark_drained(id);
}

void Service::tick() {
  std::lock_guard lock(mu_);
  if (!live_) return;
  advance_locked(clock_.now());
}

ApiResult Service::ingest(std::vector<IncomingEvent> events) {
  std::lock_guard lock(mu_);
  return ingest_locked(std::move(events));
}

ApiResult Service::ingest_locked(std::vector<IncomingEvent> events) {
  time::Instant now = clock_.now();
  // Refuse the whole request before anything is stored.
  std::vector<std::string> errors;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].at && *events[i].at > now + config_.max_future_seconds) {
      errors.push_back("request: event " + std::to_string(i) + ": at " + at_text(events[i].at) +
                       " is more than " + std::to_string(config_.max_future_seconds) +
                       "s in the future (now " + time::format_instant(now) + ")");
    }
  }
  if (!errors.empty()) return api_error(422, "events in the future", errors);
  // Engine order: the requested instants (never after now), stably sorted, then never before
  // what the engines already ran.
  for (IncomingEvent& e : events) e.at = std::min(e.at.value_or(now), now);
  std::stable_sort(events.begin(), events.end(),
                   [](const IncomingEvent& a, const IncomingEvent& b) { return *a.at < *b.at; });
  time::Instant floor = live_->frontier();
  std::vector<StoredEvent> stored;
  stored.reserve(events.size());
  for (IncomingEvent& e : events) {
    StoredEvent s;
    s.at = std::max(*e.at, floor);
    floor = s.at;
    s.contact = std::move(e.contact);
    s.type = std::move(e.type);
    s.properties = std::move(e.properties);
    s.id = std::move(e.id);
    s.received_at = now;
    stored.push_back(std::move(s));
  }
  std::string error;
  if (!storage_.append_events(stored, &error)) {
    std::cerr << "flowcast serve: cannot store events: " << error << "\n";
    return api_error(503, "the events could not be stored; nothing was applied");
  }
  // Durable from here on: acknowledge whatever happens next (a crash is repaired at restart).
  std::vector<OutboxRow> rows;
  Json list = Json::array();
  std::int64_t accepted = 0, duplicates = 0;
  for (const StoredEvent& s : stored) {
    Json item = {{"contact", s.contact}, {"type", s.type}};
    if (s.id) item["id"] = *s.id;
    if (s.seq == 0) {
      ++duplicates;
      item["duplicate"] = true;
    } else {
      ++accepted;
      item["at"] = time::format_instant(s.at);
      live_->ingest(s, &rows);
    }
    list.push_back(std::move(item));
  }
  metrics_.events_accepted += accepted;
  metrics_.events_duplicate += duplicates;
  store_rows_locked(std::move(rows));
  return api_ok({{"accepted", accepted}, {"duplicates", duplicates}, {"events", std::move(list)}},
                202);
}

ApiResult Service::messages(const OutboxFilter& filter) {
  auto rows = storage_.list_outbox(filter);
  Json list = Json::array();
  for (const OutboxRow& r : rows) list.push_back(outbox_json(r));
  Json body = {{"messages", std::move(list)}};
  if (static_cast<std::int64_t>(rows.size()) == filter.limit && !rows.empty()) {
    body["next"] = rows.back().id;
  }
  return api_ok(std::move(body));
}

ApiResult Service::advance_clock(std::optional<time::Instant> to, std::optional<time::Duration> by) {
  if (!clock_.manual()) {
    return api_error(409, "the clock is the system clock; start with --clock manual to move it");
  }
  auto& manual = static_cast<ManualClock&>(clock_);
  std::lock_guard lock(mu_);
  time::Instant now = manual.now();
  time::Instant target = to ? *to : now + by.value_or(0);
  if (target < now) {
    return api_error(422, "the clock never goes back (now " + time::format_instant(now) + ")");
  }
  storage_.set_meta("manual_clock", std::to_string(target));
  manual.set(target);
  advance_locked(target);
  return api_ok({{"now", time::format_instant(target)}});
}

ApiResult Service::health() {
  std::lock_guard lock(mu_);
  Json j = {{"status", "ok"},
            {"now", time::format_instant(clock_.now())},
            {"clock", clock_.manual() ? "manual" : "system"},
            {"workflow_versions", live_ ? live_->version_count() : 0},
            {"events", live_ ? live_->event_count() : 0}};
  return api_ok(std::move(j));
}

std::string Service::metrics_text() {
  std::int64_t versions = 0, events = 0;
  {
    std::lock_guard lock(mu_);
    if (live_) {
      versions = static_cast<std::int64_t>(live_->version_count());
      events = static_cast<std::int64_t>(live_->event_count());
    }
  }
  return metrics_.render(storage_.outbox_counts(), versions, events, clock_.now());
}

}  // namespace flowcast
