// The PostgreSQL implementation of Storage, for one or several servers on one database.
//
// Connections: a small pool for the statements, plus one session connection that holds this
// server's advisory locks for as long as the process lives: one lock naming the server itself
// (so that others can tell it is alive) and one per partition it owns. When the process dies
// its session ends and PostgreSQL frees the locks; the other servers take the partitions at
// their next rebalance and recover the delivery attempts it left in flight.
//
// Fencing: what only a partition's owner may write (events it places, the records its engines
// produce) goes through the session connection. Once PostgreSQL has ended the session, and so
// freed the locks, those writes fail: a server cut off from the database cannot race the new
// owner of its partitions, even before it notices.
//
// The schema is created and migrated at open (table schema_version), under an advisory lock so
// that servers starting together migrate once.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "server/lib/pg_connection.h"
#include "server/lib/storage.h"

namespace flowcast {

class PgStorage final : public Storage {
 public:
  // Connects to `url` (postgres://...), migrates the schema and registers this server.
  // nullptr and *error (one line, no password) on failure.
  static std::unique_ptr<PgStorage> open(const std::string& url, std::string* error);
  ~PgStorage() override;

  bool append_events(std::vector<StoredEvent>& events, std::string* error) override;
  void for_each_event(const std::function<bool(StoredEvent&&)>& fn) override;
  void for_each_owned_event(const PartitionSet& owned,
                            const std::function<bool(StoredEvent&&)>& fn) override;
  void for_each_contact_event(const std::string& contact,
                              const std::function<bool(StoredEvent&&)>& fn) override;
  std::vector<StoredEvent> take_unplaced(const PartitionSet& owned, time::Instant floor,
                                         int limit) override;
  std::int64_t event_count() override;

  std::optional<WorkflowVersion> add_version(const std::string& workflow_id,
                                             const std::string& document, time::Instant at,
                                             std::string* error) override;
  std::optional<WorkflowVersion> retire(const std::string& workflow_id, time::Instant at) override;
  std::vector<WorkflowVersion> versions() override;
  void mark_drained(std::int64_t version_id, const PartitionSet& partitions) override;

  std::int64_t insert_outbox(const std::vector<OutboxRow>& rows, std::string* error) override;
  std::optional<OutboxRow> claim_due(time::Instant now) override;
  bool hand_over(const std::string& id) override;
  void finish_attempt(const std::string& id, const std::string& status, const std::string& error,
                      time::Instant next_attempt_at,
                      std::optional<time::Instant> delivered_at) override;
  InFlightRecovery recover_in_flight(bool resend_unconfirmed) override;
  std::vector<OutboxRow> list_outbox(const OutboxFilter& filter) override;
  std::map<std::string, std::int64_t> outbox_counts() override;
  std::optional<time::Instant> next_attempt_due() override;

  bool erase_contact(const std::string& contact, std::int64_t* events_deleted,
                     std::string* error) override;

  std::optional<std::string> get_meta(const std::string& key) override;
  void set_meta(const std::string& key, const std::string& value) override;

  bool shared() const override { return true; }
  PartitionSet rebalance() override;

  // This server's id among the live servers (its advisory lock key).
  std::int64_t server_id() const { return server_id_; }

 private:
  PgStorage() = default;
  bool migrate(pg::Connection& c, std::string* error);
  static std::vector<std::int64_t> next_positions(pg::Connection& c, std::size_t n);
  bool register_server(std::string* error);  // REQUIRES: session_mu_ held
  void read_events(const std::string& where, const std::vector<pg::Param>& params,
                   const std::function<bool(StoredEvent&&)>& fn);
  std::optional<WorkflowVersion> version_by_id(pg::Connection& c, std::int64_t version_id);

  // The session connection, locked for the caller's statements. Throws PgError if this server
  // has lost its session (it owns nothing until rebalance() gets it a new one).
  class SessionUse {
   public:
    SessionUse(std::mutex& mu, const std::unique_ptr<pg::Connection>& slot)
        : lock_(mu), c_(slot.get()) {
      if (!c_) throw pg::PgError("this server lost its database session");
    }
    pg::Connection& operator*() { return *c_; }
    pg::Connection* operator->() { return c_; }

   private:
    std::unique_lock<std::mutex> lock_;
    pg::Connection* c_;
  };
  SessionUse with_session() { return SessionUse(session_mu_, session_); }
  void append_on(pg::Connection& c, std::vector<StoredEvent>& events);

  std::string conninfo_;
  pg::Pool pool_;
  std::mutex session_mu_;
  std::unique_ptr<pg::Connection> session_;  // holds the advisory locks; guarded by session_mu_
  PartitionSet owned_;                       // guarded by session_mu_
  std::atomic<std::int64_t> server_id_{0};
};

}  // namespace flowcast
