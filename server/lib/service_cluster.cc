// Service: several servers on one database (see the top of service.h).
#include <iostream>

#include "server/lib/service.h"

namespace flowcast {

bool Service::owns(const std::string& contact) const {
  return owned_.test(static_cast<std::size_t>(partition_of(contact)));
}

void Service::follow_shared_clock_locked() {
  if (!clock_.manual()) return;
  auto saved = storage_.get_meta("manual_clock");
  if (!saved) return;
  time::Instant t = 0;
  try {
    t = std::stoll(*saved);
  } catch (const std::exception&) {
    return;
  }
  auto& manual = static_cast<ManualClock&>(clock_);
  if (t > manual.now()) manual.set(t);
}

void Service::take_unplaced_locked() {
  constexpr int kBatch = 1000;
  std::vector<OutboxRow> rows;
  for (;;) {
    std::vector<StoredEvent> events = storage_.take_unplaced(owned_, live_->frontier(), kBatch);
    for (StoredEvent& e : events) live_->ingest(std::move(e), &rows);
    if (events.size() < static_cast<std::size_t>(kBatch)) break;
  }
  store_rows_locked(std::move(rows));
}

void Service::sync_versions_locked() {
  std::vector<OutboxRow> rows;
  for (const WorkflowVersion& v : storage_.versions()) {
    if (v.drained || dropped_.count(v.version_id)) continue;
    if (!live_->has_version(v.version_id)) {
      std::string error;
      if (!live_->add_version(v, &rows, &error)) {
        std::cerr << "flowcast serve: workflow " << v.workflow_id << " version " << v.number
                  << " not started: " << error << "\n";
      }
    } else if (v.retired_at) {
      live_->retire_version(v.version_id, *v.retired_at);
    }
  }
  store_rows_locked(std::move(rows));
}

void Service::sync_cluster_locked() {
  follow_shared_clock_locked();
  auto now = std::chrono::steady_clock::now();
  if (now >= next_rebalance_) {
    next_rebalance_ = now + std::chrono::seconds(1);
    PartitionSet owned = storage_.rebalance();
    InFlightRecovery r = storage_.recover_in_flight(config_.resend_unconfirmed);
    if (r.requeued + r.resent + r.uncertain > 0) {
      std::cerr << "flowcast serve: a server stopped during delivery attempts: " << r.requeued
                << " sent again (not handed over), " << r.resent
                << " sent again (were being confirmed), " << r.uncertain << " held as uncertain\n";
    }
    auto erasures = storage_.get_meta("erasures");
    if (owned != owned_ || erasures != erasures_seen_ || rebuild_failed_) {
      // Rebuild before acting on a partition: its state is whatever the database says, which
      // includes everything its previous owner did.
      PartitionSet before = owned_;
      auto seen_before = erasures_seen_;
      owned_ = owned;
      erasures_seen_ = erasures;
      // The rebuild produces every record of the partitions owned now again; rows that failed
      // to store may belong to partitions owned no more.
      unsaved_.clear();
      std::string error;
      std::unique_ptr<LiveEngines> fresh;
      try {
        fresh = rebuild_locked(live_->done(), &error);
      } catch (const std::exception& e) {
        error = e.what();
      }
      if (!fresh) {
        // Keep the engines, place events only for partitions held both before and now, and
        // try again at the next rebalance.
        std::cerr << "flowcast serve: cannot rebuild the engines: " << error << "\n";
        owned_ = before & owned;
        erasures_seen_ = seen_before;
        rebuild_failed_ = true;
      } else {
        rebuild_failed_ = false;
        fresh->raise_floor(live_->frontier());
        live_ = std::move(fresh);
        if (owned_ != before) {
          std::cerr << "flowcast serve: owns " << owned_.count() << " of " << kPartitions
                    << " partitions\n";
        }
      }
    } else {
      sync_versions_locked();
    }
  }
  take_unplaced_locked();
}

std::optional<LiveEngines::ContactView> Service::contact_view_locked(const std::string& id) {
  if (owns(id)) return live_->contact(id);
  // Another server owns the contact: replay its events alone (engines keep no state across
  // contacts, so that is the state its owner holds).
  LiveEngines one(zones_);
  std::vector<OutboxRow> ignored;
  for (const WorkflowVersion& v : storage_.versions()) {
    std::string error;
    if (!v.drained) one.add_version(v, &ignored, &error);
  }
  storage_.for_each_contact_event(id, [&](StoredEvent&& e) {
    e.at = std::max(e.at, one.frontier());
    one.ingest(std::move(e), &ignored);
    ignored.clear();
    return true;
  });
  if (auto done = live_->done()) one.advance(*done, &ignored);
  return one.contact(id);
}

}  // namespace flowcast
