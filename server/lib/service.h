// The live server's state and operations, independent of HTTP: the event log, the live engines,
// workflow versions, contacts, the outbox and the clock.
//
// One mutex serializes everything that changes the engines, so events reach every engine in the
// order they are stored. Ingestion is group-committed: requests that arrive while a commit is
// under way wait in a queue, and the next commit stores all of them in one transaction (one
// fsync), each answered only after that commit. An event is acknowledged only after its
// transaction committed; what
// the engines produce goes to the outbox right after, and if the process dies in between the
// rebuild at the next start produces it again (outbox ids are deterministic).
//
// Time: the engines run up to the clock's reading on every tick (a few times a second), so a
// step due at T runs when the clock shows T. An event is placed at its `at` (default now) but
// never before what the engines already ran nor after now: see docs/api.md "Time".
//
// Cluster (several servers on one PostgreSQL database, Storage::shared()): the engines hold the
// contacts of the partitions this server owns. Events of other partitions are stored for their
// owner. On every tick the server takes the events stored for its partitions by others, and
// follows the shared manual clock; every second it rebalances its partitions, recovers the
// delivery attempts of servers that died, and picks up deploys, retirements and erasures made
// elsewhere. When its partitions change it rebuilds its engines from the database before it
// acts on them (service_cluster.cc).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "server/lib/api_result.h"
#include "server/lib/clock.h"
#include "server/lib/config.h"
#include "server/lib/event_input.h"
#include "server/lib/live_engines.h"
#include "server/lib/metrics.h"
#include "server/lib/storage.h"

namespace flowcast {

class Service {
 public:
  Service(const ServerConfig& config, Storage& storage, Clock& clock,
          const time::ZoneSource* zones, Metrics& metrics);
  ~Service();

  // Recovery: rows left `sending` become `uncertain`, the engines are rebuilt from the log and
  // what they produce is added to the outbox where absent. False and *error on failure.
  bool start(std::string* error);
  // Called whenever new outbox rows were stored (wakes the delivery worker).
  void on_outbox(std::function<void()> fn) { on_outbox_ = std::move(fn); }

  // Runs the engines up to the clock's reading.
  void tick();

  // ---- API operations (validated input in, status and body out)
  ApiResult ingest(std::vector<IncomingEvent> events);
  ApiResult put_contact(const std::string& id, const IncomingContact& contact);
  ApiResult get_contact(const std::string& id);
  ApiResult delete_contact(const std::string& id);
  ApiResult deploy(const std::string& id, const std::string& document_text);
  ApiResult list_workflows();
  ApiResult get_workflow(const std::string& id);
  ApiResult retire_workflow(const std::string& id);
  ApiResult preview(const std::string& document_text);
  ApiResult backtest(const std::string& document_text, std::optional<time::Instant> from,
                     std::optional<time::Instant> to);
  ApiResult messages(const OutboxFilter& filter);
  ApiResult advance_clock(std::optional<time::Instant> to, std::optional<time::Duration> by);
  ApiResult health();
  std::string metrics_text();

  const ServerConfig& config() const { return config_; }
  const time::ZoneSource* zones() const { return zones_; }
  Clock& clock() { return clock_; }

 private:
  // REQUIRES: mu_ held.
  void advance_locked(time::Instant t);
  void store_rows_locked(std::vector<OutboxRow> rows);
  std::unique_ptr<LiveEngines> rebuild_locked(std::optional<time::Instant> run_to,
                                              std::string* error);
  struct PendingIngest {
    std::vector<IncomingEvent> events;
    ApiResult result;
    bool refused = false;  // set by ingest_group_locked: result is an error
    bool done = false;     // guarded by queue_mu_
  };
  // Stores and applies a group of requests in one transaction. REQUIRES: mu_ held.
  void ingest_group_locked(const std::vector<PendingIngest*>& group);
  ApiResult ingest_locked(std::vector<IncomingEvent> events);

  // ---- cluster (service_cluster.cc). REQUIRES: mu_ held.
  void sync_cluster_locked();
  void follow_shared_clock_locked();
  void take_unplaced_locked();
  void sync_versions_locked();
  // A contact as the engines see it: from the live engines for an owned partition, else
  // rebuilt from its stored events.
  std::optional<LiveEngines::ContactView> contact_view_locked(const std::string& id);
  bool owns(const std::string& contact) const;

  ServerConfig config_;
  Storage& storage_;
  Clock& clock_;
  const time::ZoneSource* zones_;
  Metrics& metrics_;
  std::function<void()> on_outbox_;

  std::mutex mu_;
  std::unique_ptr<LiveEngines> live_;
  std::vector<OutboxRow> unsaved_;  // rows whose insert failed; retried on every tick
  PartitionSet owned_;              // the partitions whose contacts live_ holds
  std::chrono::steady_clock::time_point next_rebalance_{};
  std::optional<std::string> erasures_seen_;  // meta "erasures" when live_ was built
  std::set<std::int64_t> dropped_;  // versions live_ dropped as drained in owned_
  bool rebuild_failed_ = false;     // live_ does not match owned_: rebuild at next rebalance

  // Group commit of ingestion (see the top of this file).
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<PendingIngest*> queue_;
  bool committing_ = false;
};

// JSON view of an outbox row for the API.
Json outbox_json(const OutboxRow& row);

}  // namespace flowcast
