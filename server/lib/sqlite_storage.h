// The SQLite implementation of Storage: one connection in WAL mode with synchronous=FULL, so a
// committed transaction survives kill -9 and power loss; a mutex serializes callers.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "server/lib/storage.h"

struct sqlite3;

namespace flowcast {

class SqliteStorage final : public Storage {
 public:
  // Opens (creating if needed) the database at `path` and its schema. nullptr and *error on failure.
  static std::unique_ptr<SqliteStorage> open(const std::string& path, std::string* error);
  ~SqliteStorage() override;

  bool append_events(std::vector<StoredEvent>& events, std::string* error) override;
  void for_each_event(const std::function<bool(StoredEvent&&)>& fn) override;
  std::int64_t event_count() override;
  // One server owns the database: every event is placed as it is stored.
  void for_each_owned_event(const PartitionSet& owned,
                            const std::function<bool(StoredEvent&&)>& fn) override;
  void for_each_contact_event(const std::string& contact,
                              const std::function<bool(StoredEvent&&)>& fn) override;
  std::vector<StoredEvent> take_unplaced(const PartitionSet&, time::Instant, int) override {
    return {};
  }

  std::optional<WorkflowVersion> add_version(const std::string& workflow_id,
                                             const std::string& document, time::Instant at,
                                             std::string* error) override;
  std::optional<WorkflowVersion> retire(const std::string& workflow_id, time::Instant at) override;
  std::vector<WorkflowVersion> versions() override;
  void mark_drained(std::int64_t version_id, const PartitionSet& partitions) override;

  std::int64_t insert_outbox(const std::vector<OutboxRow>& rows, std::string* error) override;
  std::optional<OutboxRow> claim_due(time::Instant now) override;
  void finish_attempt(const std::string& id, const std::string& status, const std::string& error,
                      time::Instant next_attempt_at,
                      std::optional<time::Instant> delivered_at) override;
  bool hand_over(const std::string& id) override;
  InFlightRecovery recover_in_flight(bool resend_unconfirmed) override;
  std::vector<OutboxRow> list_outbox(const OutboxFilter& filter) override;
  std::map<std::string, std::int64_t> outbox_counts() override;
  std::optional<time::Instant> next_attempt_due() override;

  bool erase_contact(const std::string& contact, std::int64_t* events_deleted,
                     std::string* error) override;

  std::optional<std::string> get_meta(const std::string& key) override;
  void set_meta(const std::string& key, const std::string& value) override;

  bool shared() const override { return false; }
  PartitionSet rebalance() override { return PartitionSet().set(); }

 private:
  explicit SqliteStorage(sqlite3* db) : db_(db) {}
  bool exec(const char* sql, std::string* error);
  bool migrate(std::string* error);
  std::optional<WorkflowVersion> version_by_id(std::int64_t version_id);
  // Events in engine order, optionally of one contact only.
  void read_events(const std::optional<std::string>& contact,
                   const std::function<bool(StoredEvent&&)>& fn);

  sqlite3* db_;
  std::mutex mu_;
};

}  // namespace flowcast
