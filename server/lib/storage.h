// Durable state of the live server, behind one interface with two implementations: SQLite (one
// server, the embedded default) and PostgreSQL (one or several servers on one database).
//
// Three kinds of records:
//  - the event log: append-only, in the order the engine took the events (at, then seq). Every
//    event the API acknowledged is here; the engines are rebuilt from it at start. Each event
//    also keeps its own time (`occurred_at`), earlier than `at` for events that came late.
//  - workflow versions: each deploy is a new row with the deployed document; the previous
//    version of the same workflow gets its `retired_at`.
//  - the outbox: one row per message or action, keyed by a deterministic id, inserted with
//    "insert if absent" so that a rebuilt engine never sends a message twice.
//
// Several servers on one PostgreSQL database (a cluster) share these records. Contacts are
// hashed into partitions (partitions.h); each server owns some of them and runs the engines of
// their contacts only. A server stores the events of any contact; those of partitions it does
// not own are stored unplaced, and their owner places them (gives each its engine instant and
// its position in the engine order) when it takes them. A server alone on its database owns
// every partition and places every event as it stores it.
//
// Every method is one transaction: it either happens entirely or not at all. Implementations
// are safe to call from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/event.h"
#include "core/time/instant.h"
#include "server/lib/partitions.h"

namespace flowcast {

struct StoredEvent {
  std::int64_t seq = 0;  // assigned by append_events; 0: not stored (duplicate id)
  time::Instant at = 0;  // when the engines took it: engine order (see docs/api.md "Time")
  time::Instant occurred_at = 0;  // the event's own `at` as given (default: when received)
  std::string contact;
  std::string type;
  Json properties = Json::object();
  std::optional<std::string> id;
  time::Instant received_at = 0;
  // false: stored for another server, the owner of the contact's partition (see above); `at`
  // is then only a first guess that the owner may move forward.
  bool placed = true;
};

struct WorkflowVersion {
  std::int64_t version_id = 0;  // global, increasing
  std::string workflow_id;
  std::int64_t number = 0;      // 1, 2, ... per workflow
  std::string document;         // the deployed flowcast/1 document (JSON text)
  time::Instant deployed_at = 0;
  std::optional<time::Instant> retired_at;
  bool drained = false;         // retired and no in-flight enrollment left
};

// Outbox statuses: pending (waiting for delivery or a retry), sending (an attempt is under
// way and the receiver does not have the whole message yet), confirming (the whole message was
// handed over; waiting for the receiver's answer), delivered, failed (gave up), uncertain (the
// process died while confirming and the server runs with on_unconfirmed=hold), skipped (the
// engine skipped it: no address, unsubscribed, frequency cap), recorded (a task action: nothing
// to deliver).
struct OutboxRow {
  std::string id;
  std::int64_t version_id = 0;
  std::string workflow, step, template_id;
  std::string contact;
  std::string channel;  // email | sms | push | webhook | task
  std::string kind;     // marketing | transactional | "" for actions
  std::string to;       // address, phone, or the webhook URL
  std::string subject, body;
  std::string status = "pending";
  std::string reason;   // skipped: why
  time::Instant at = 0;
  std::optional<time::Instant> deferred_from;
  std::int64_t attempts = 0;
  time::Instant next_attempt_at = 0;
  std::string last_error;
  std::optional<time::Instant> delivered_at;
  std::int64_t interrupted = 0;  // attempts cut short by a stop of the server
  std::int64_t resent = 0;       // of those, how many were `confirming` and sent again
};

// What recover_in_flight did.
struct InFlightRecovery {
  std::int64_t requeued = 0;   // `sending`: the receiver cannot have the message; sent again
  std::int64_t resent = 0;     // `confirming`, sent again (a duplicate is possible)
  std::int64_t uncertain = 0;  // `confirming`, held as `uncertain` (on_unconfirmed=hold)
};

struct OutboxFilter {
  std::optional<std::string> contact;
  std::optional<std::string> status;
  std::int64_t limit = 100;
  std::string after_id;  // paging: rows after this id in (at, id) order; "" from the start
};

class Storage {
 public:
  virtual ~Storage() = default;

  // ---- events
  // Appends in order, durably, in one transaction. An event whose `id` is already stored is
  // skipped (its seq stays 0). Returns false (and nothing stored) on failure.
  virtual bool append_events(std::vector<StoredEvent>& events, std::string* error) = 0;
  // Calls fn for each stored event, placed ones in engine order then unplaced ones as stored;
  // stops early when fn returns false.
  virtual void for_each_event(const std::function<bool(StoredEvent&&)>& fn) = 0;
  // The placed events of the given partitions, in engine order (what a server rebuilds from).
  virtual void for_each_owned_event(const PartitionSet& owned,
                                    const std::function<bool(StoredEvent&&)>& fn) = 0;
  // One contact's events, in the order of for_each_event.
  virtual void for_each_contact_event(const std::string& contact,
                                      const std::function<bool(StoredEvent&&)>& fn) = 0;
  // Places up to `limit` unplaced events of the given partitions, oldest stored first: each
  // gets `at` = max(its at, floor, the previous one's at) and the next engine position.
  // Returns them in that order (placed and durable). Empty on a database one server owns.
  virtual std::vector<StoredEvent> take_unplaced(const PartitionSet& owned, time::Instant floor,
                                                 int limit) = 0;
  virtual std::int64_t event_count() = 0;

  // ---- workflows
  // Adds a version of `workflow_id` deployed at `at` and retires the current one at `at`.
  virtual std::optional<WorkflowVersion> add_version(const std::string& workflow_id,
                                                     const std::string& document,
                                                     time::Instant at, std::string* error) = 0;
  // Retires the current version of `workflow_id` at `at`; nullopt if there is none.
  virtual std::optional<WorkflowVersion> retire(const std::string& workflow_id,
                                                time::Instant at) = 0;
  virtual std::vector<WorkflowVersion> versions() = 0;  // by version_id
  // The version has no in-flight enrollment left in these partitions (and never will: it is
  // retired). It is drained once that holds for every partition.
  virtual void mark_drained(std::int64_t version_id, const PartitionSet& partitions) = 0;

  // ---- outbox
  // Inserts rows whose id is absent; returns how many were new.
  virtual std::int64_t insert_outbox(const std::vector<OutboxRow>& rows, std::string* error) = 0;
  // Claims the oldest pending row due at or before `now` for one attempt: marks it `sending`
  // with one more attempt, durably, and returns it as marked. nullopt if none is due. Two
  // claims, from any number of threads or servers, never return the same attempt.
  virtual std::optional<OutboxRow> claim_due(time::Instant now) = 0;
  // The whole message is about to be handed over (the last byte, the SMTP end of data):
  // marks the `sending` row `confirming`, durably. False if that failed: the caller must abort
  // the attempt, so that a row still `sending` never reached its receiver in full.
  virtual bool hand_over(const std::string& id) = 0;
  // Records the end of an attempt: delivered, pending again (retry at next_attempt_at) or failed.
  virtual void finish_attempt(const std::string& id, const std::string& status,
                              const std::string& error, time::Instant next_attempt_at,
                              std::optional<time::Instant> delivered_at) = 0;
  // For rows an attempt was cut short on by a server that stopped (at start: every one; in a
  // cluster also while running: those of servers whose database session ended): `sending`
  // rows become pending again, due now; `confirming` rows too if `resend_unconfirmed`, else
  // `uncertain`.
  virtual InFlightRecovery recover_in_flight(bool resend_unconfirmed) = 0;
  virtual std::vector<OutboxRow> list_outbox(const OutboxFilter& filter) = 0;
  virtual std::map<std::string, std::int64_t> outbox_counts() = 0;
  virtual std::optional<time::Instant> next_attempt_due() = 0;

  // ---- contacts
  // Erasure: deletes the contact's events and outbox rows in one transaction.
  virtual bool erase_contact(const std::string& contact, std::int64_t* events_deleted,
                             std::string* error) = 0;

  // ---- settings kept by the server itself (manual clock reading, generated secrets)
  virtual std::optional<std::string> get_meta(const std::string& key) = 0;
  virtual void set_meta(const std::string& key, const std::string& value) = 0;

  // ---- cluster
  // True if other servers may share the database: the Service then watches for their changes
  // (events stored for its partitions, deploys, the manual clock, erasures).
  virtual bool shared() const = 0;
  // Moves this server's partitions toward a fair share among the live servers (taking free
  // ones, giving up extra ones) and returns the partitions it owns now. A partition is owned
  // by one live server at most; those of a server that died become free.
  virtual PartitionSet rebalance() = 0;
};

}  // namespace flowcast
