// Service: start-up recovery, the clock, event ingestion and the outbox.
#include "server/lib/service.h"

#include <algorithm>
#include <chrono>
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
  if (r.interrupted > 0) j["interrupted"] = r.interrupted;
  if (r.resent > 0) j["resent"] = r.resent;
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
  InFlightRecovery in_flight = storage_.recover_in_flight(config_.resend_unconfirmed);
  if (in_flight.requeued > 0) {
    std::cerr << "flowcast serve: " << in_flight.requeued
              << " delivery attempt(s) were cut short before the hand-over; sending again\n";
  }
  if (in_flight.resent > 0) {
    std::cerr << "flowcast serve: " << in_flight.resent
              << " message(s) were being confirmed by their receiver when the server stopped; "
                 "sending again with the same Message-ID\n";
  }
  if (in_flight.uncertain > 0) {
    std::cerr << "flowcast serve: " << in_flight.uncertain
              << " message(s) were being confirmed by their receiver when the server stopped; "
                 "held as uncertain (on_unconfirmed=hold)\n";
  }
  std::lock_guard lock(mu_);
  owned_ = storage_.rebalance();
  if (storage_.shared()) {
    follow_shared_clock_locked();
    erasures_seen_ = storage_.get_meta("erasures");
    next_rebalance_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  }
  live_ = rebuild_locked(std::nullopt, error);
  if (!live_) return false;
  if (storage_.shared()) take_unplaced_locked();
  advance_locked(clock_.now());
  return true;
}

std::unique_ptr<LiveEngines> Service::rebuild_locked(std::optional<time::Instant> run_to,
                                                     std::string* error) {
  auto fresh = std::make_unique<LiveEngines>(zones_);
  dropped_.clear();
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
    storage_.for_each_owned_event(owned_, [&](StoredEvent&& e) {
      if (e.at < fresh->frontier()) {
        // Stored order is engine order; this only happens if the database was edited by hand.
        e.at = fresh->frontier();
      }
      fresh->ingest(std::move(e), &rows);
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
  // Lateness of every record the running engines produce (timers fire in ticks and also when
  // an event arrives and the engines first run what is due before it); not during the rebuild
  // at start, whose records are old by nature.
  if (live_ && !clock_.manual()) {
    double wall = std::chrono::duration<double>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    for (const OutboxRow& r : rows) {
      if (r.attempts == 0) metrics_.observe_lateness(std::max(0.0, wall - static_cast<double>(r.at)));
    }
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
  // Drained here means drained in the owned partitions; in a cluster the version stays in the
  // database until every partition's owner has said so.
  for (std::int64_t id : live_->drop_drained()) {
    storage_.mark_drained(id, owned_);
    dropped_.insert(id);
  }
}

void Service::tick() {
  std::lock_guard lock(mu_);
  if (!live_) return;
  if (storage_.shared()) sync_cluster_locked();
  advance_locked(clock_.now());
}

ApiResult Service::ingest(std::vector<IncomingEvent> events) {
  // Group commit: the first request to find no commit under way commits everything queued
  // (its own request included); the others wait for it.
  PendingIngest mine{std::move(events), {}, false, false};
  std::unique_lock queue_lock(queue_mu_);
  queue_.push_back(&mine);
  while (!mine.done) {
    if (committing_) {
      queue_cv_.wait(queue_lock);
      continue;
    }
    committing_ = true;
    std::vector<PendingIngest*> group;
    group.swap(queue_);
    queue_lock.unlock();
    try {
      std::lock_guard lock(mu_);
      ingest_group_locked(group);
    } catch (const std::exception& e) {
      // Only before the commit can this throw with nothing applied; say so honestly either way.
      for (PendingIngest* p : group) {
        if (!p->refused) p->result = api_error(500, std::string("internal error: ") + e.what());
      }
    }
    queue_lock.lock();
    for (PendingIngest* p : group) p->done = true;
    committing_ = false;
    queue_cv_.notify_all();
  }
  return std::move(mine.result);
}

ApiResult Service::ingest_locked(std::vector<IncomingEvent> events) {
  PendingIngest one{std::move(events), {}, false, false};
  ingest_group_locked({&one});
  return std::move(one.result);
}

void Service::ingest_group_locked(const std::vector<PendingIngest*>& group) {
  time::Instant now = clock_.now();
  time::Instant floor = live_->frontier();
  // Per request: refused as a whole before anything is stored, or placed in engine order (the
  // requested instants, never after now, stably sorted, never before what the engines already
  // ran). Each event keeps its own `at` as occurred_at.
  std::vector<StoredEvent> stored;
  std::vector<std::pair<std::size_t, std::size_t>> ranges(group.size(), {0, 0});
  for (std::size_t g = 0; g < group.size(); ++g) {
    std::vector<IncomingEvent>& events = group[g]->events;
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].at && *events[i].at > now + config_.max_future_seconds) {
        errors.push_back("request: event " + std::to_string(i) + ": at " + at_text(events[i].at) +
                         " is more than " + std::to_string(config_.max_future_seconds) +
                         "s in the future (now " + time::format_instant(now) + ")");
      }
      if (events[i].at && config_.max_late_seconds > 0 &&
          *events[i].at < now - config_.max_late_seconds) {
        errors.push_back("request: event " + std::to_string(i) + ": at " + at_text(events[i].at) +
                         " is more than " + std::to_string(config_.max_late_seconds) +
                         "s in the past (now " + time::format_instant(now) +
                         "); the engines would react to it now (max_late_seconds)");
      }
    }
    if (!errors.empty()) {
      group[g]->result = api_error(422, "events out of the accepted time range", errors);
      group[g]->refused = true;
      continue;
    }
    std::size_t first = stored.size();
    for (IncomingEvent& e : events) {
      StoredEvent s;
      s.placed = owns(e.contact);  // else stored for the owner of its partition, which places it
      s.occurred_at = e.at.value_or(now);
      s.at = std::min(s.occurred_at, now);
      s.contact = std::move(e.contact);
      s.type = std::move(e.type);
      s.properties = std::move(e.properties);
      s.id = std::move(e.id);
      s.received_at = now;
      stored.push_back(std::move(s));
    }
    std::stable_sort(stored.begin() + static_cast<std::ptrdiff_t>(first), stored.end(),
                     [](const StoredEvent& a, const StoredEvent& b) { return a.at < b.at; });
    for (std::size_t i = first; i < stored.size(); ++i) {
      if (!stored[i].placed) continue;
      stored[i].at = std::max(stored[i].at, floor);
      floor = stored[i].at;
    }
    ranges[g] = {first, stored.size()};
  }
  std::string error;
  if (!storage_.append_events(stored, &error)) {
    std::cerr << "flowcast serve: cannot store events: " << error << "\n";
    for (PendingIngest* p : group) {
      if (!p->refused) p->result = api_error(503, "the events could not be stored; nothing was applied");
    }
    return;
  }
  // Durable from here on: acknowledge whatever happens next (a crash is repaired at restart).
  std::vector<OutboxRow> rows;
  for (std::size_t g = 0; g < group.size(); ++g) {
    if (group[g]->refused) continue;
    Json list = Json::array();
    std::int64_t accepted = 0, duplicates = 0;
    for (std::size_t i = ranges[g].first; i < ranges[g].second; ++i) {
      StoredEvent& s = stored[i];
      Json item = {{"contact", s.contact}, {"type", s.type}};
      if (s.id) item["id"] = *s.id;
      if (s.seq == 0) {
        ++duplicates;
        item["duplicate"] = true;
      } else if (!s.placed) {
        // Its owner takes it within a tick and decides taken_at then.
        ++accepted;
        item["at"] = time::format_instant(s.occurred_at);
        item["queued"] = true;
      } else {
        ++accepted;
        item["at"] = time::format_instant(s.occurred_at);
        item["taken_at"] = time::format_instant(s.at);
        live_->ingest(std::move(s), &rows);  // the item above has what the answer needs
      }
      list.push_back(std::move(item));
    }
    metrics_.events_accepted += accepted;
    metrics_.events_duplicate += duplicates;
    group[g]->result = api_ok(
        {{"accepted", accepted}, {"duplicates", duplicates}, {"events", std::move(list)}}, 202);
  }
  store_rows_locked(std::move(rows));
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
  if (storage_.shared()) follow_shared_clock_locked();  // another server may have moved it
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
  // In a cluster the engines hold the owned partitions only (`events` counts theirs).
  if (storage_.shared()) j["partitions"] = owned_.count();
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
