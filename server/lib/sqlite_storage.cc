// SQLite storage: schema, statements and transactions.
#include "server/lib/sqlite_storage.h"

#include <sqlite3.h>

#include <stdexcept>

namespace flowcast {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  contact TEXT NOT NULL,
  type TEXT NOT NULL,
  properties TEXT NOT NULL,
  event_id TEXT UNIQUE,
  received_at INTEGER NOT NULL,
  occurred_at INTEGER);
CREATE INDEX IF NOT EXISTS events_order ON events (at, seq);
CREATE INDEX IF NOT EXISTS events_contact ON events (contact);
CREATE TABLE IF NOT EXISTS workflow_versions (
  version_id INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  document TEXT NOT NULL,
  deployed_at INTEGER NOT NULL,
  retired_at INTEGER,
  drained INTEGER NOT NULL DEFAULT 0,
  UNIQUE (workflow_id, number));
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  version_id INTEGER NOT NULL,
  workflow TEXT NOT NULL,
  step TEXT NOT NULL,
  template_id TEXT NOT NULL,
  contact TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  to_addr TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  deferred_from INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at INTEGER,
  interrupted INTEGER NOT NULL DEFAULT 0,
  resent INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS outbox_contact ON outbox (contact, at);
CREATE INDEX IF NOT EXISTS outbox_order ON outbox (at, id);
)sql";

// A prepared statement; finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, const std::optional<std::int64_t>& v) {
    if (v) sqlite3_bind_int64(s_, i, *v);
    else sqlite3_bind_null(s_, i);
    return *this;
  }
  Stmt& bind(int i, const std::optional<std::string>& v) {
    if (v) bind(i, *v);
    else sqlite3_bind_null(s_, i);
    return *this;
  }
  // Returns true while there is a row.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw std::runtime_error(std::string("sqlite step: ") + sqlite3_errmsg(db_));
  }
  void reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::optional<std::int64_t> opt_i64(int col) const {
    if (is_null(col)) return std::nullopt;
    return i64(col);
  }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    int n = sqlite3_column_bytes(s_, col);
    return p ? std::string(p, static_cast<std::size_t>(n)) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back unless commit() was called.
class Txn {
 public:
  explicit Txn(sqlite3* db) : db_(db) {
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite begin: ") + sqlite3_errmsg(db));
    }
  }
  ~Txn() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite commit: ") + sqlite3_errmsg(db_));
    }
    done_ = true;
  }

 private:
  sqlite3* db_;
  bool done_ = false;
};

constexpr const char* kOutboxColumns =
    "id, version_id, workflow, step, template_id, contact, channel, kind, to_addr, subject, "
    "body, status, reason, at, deferred_from, attempts, next_attempt_at, last_error, "
    "delivered_at, interrupted, resent";

OutboxRow read_outbox(const Stmt& s) {
  OutboxRow r;
  r.id = s.text(0);
  r.version_id = s.i64(1);
  r.workflow = s.text(2);
  r.step = s.text(3);
  r.template_id = s.text(4);
  r.contact = s.text(5);
  r.channel = s.text(6);
  r.kind = s.text(7);
  r.to = s.text(8);
  r.subject = s.text(9);
  r.body = s.text(10);
  r.status = s.text(11);
  r.reason = s.text(12);
  r.at = s.i64(13);
  r.deferred_from = s.opt_i64(14);
  r.attempts = s.i64(15);
  r.next_attempt_at = s.i64(16);
  r.last_error = s.text(17);
  r.delivered_at = s.opt_i64(18);
  r.interrupted = s.i64(19);
  r.resent = s.i64(20);
  return r;
}

WorkflowVersion read_version(const Stmt& s) {
  WorkflowVersion v;
  v.version_id = s.i64(0);
  v.workflow_id = s.text(1);
  v.number = s.i64(2);
  v.document = s.text(3);
  v.deployed_at = s.i64(4);
  v.retired_at = s.opt_i64(5);
  v.drained = s.i64(6) != 0;
  return v;
}

constexpr const char* kVersionColumns =
    "version_id, workflow_id, number, document, deployed_at, retired_at, drained";

}  // namespace

std::unique_ptr<SqliteStorage> SqliteStorage::open(const std::string& path, std::string* error) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    *error = path + ": " + (db ? sqlite3_errmsg(db) : "cannot open the database");
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<SqliteStorage> s(new SqliteStorage(db));
  sqlite3_busy_timeout(db, 5000);
  if (!s->exec("PRAGMA journal_mode=WAL", error) || !s->exec("PRAGMA synchronous=FULL", error) ||
      !s->exec(kSchema, error) || !s->migrate(error)) {
    *error = path + ": " + *error;
    return nullptr;
  }
  return s;
}

SqliteStorage::~SqliteStorage() { sqlite3_close(db_); }

bool SqliteStorage::exec(const char* sql, std::string* error) {
  char* msg = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    if (error) *error = msg ? msg : "sqlite error";
    sqlite3_free(msg);
    return false;
  }
  return true;
}

// Columns added after the first schema, for databases created before them.
bool SqliteStorage::migrate(std::string* error) {
  struct Column {
    const char* table;
    const char* name;
    const char* definition;
  };
  static constexpr Column kAdded[] = {
      {"events", "occurred_at", "INTEGER"},
      {"outbox", "interrupted", "INTEGER NOT NULL DEFAULT 0"},
      {"outbox", "resent", "INTEGER NOT NULL DEFAULT 0"},
  };
  try {
    for (const Column& c : kAdded) {
      Stmt q(db_, (std::string("SELECT COUNT(*) FROM pragma_table_info('") + c.table +
                   "') WHERE name = '" + c.name + "'").c_str());
      q.step();
      if (q.i64(0) > 0) continue;
      std::string sql = std::string("ALTER TABLE ") + c.table + " ADD COLUMN " + c.name + " " +
                        c.definition;
      if (!exec(sql.c_str(), error)) return false;
    }
  } catch (const std::exception& ex) {
    *error = ex.what();
    return false;
  }
  return true;
}

// ---- events -----------------------------------------------------------------------------------

bool SqliteStorage::append_events(std::vector<StoredEvent>& events, std::string* error) {
  std::lock_guard lock(mu_);
  try {
    Txn txn(db_);
    Stmt ins(db_,
             "INSERT OR IGNORE INTO events (at, contact, type, properties, event_id, received_at, "
             "occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (StoredEvent& e : events) {
      ins.reset();
      ins.bind(1, e.at).bind(2, e.contact).bind(3, e.type)
          .bind(4, e.properties.dump(-1, ' ', false, Json::error_handler_t::replace))
          .bind(5, e.id).bind(6, e.received_at).bind(7, e.occurred_at);
      ins.step();
      e.seq = sqlite3_changes(db_) > 0 ? sqlite3_last_insert_rowid(db_) : 0;
    }
    txn.commit();
    return true;
  } catch (const std::exception& ex) {
    for (StoredEvent& e : events) e.seq = 0;
    *error = ex.what();
    return false;
  }
}

void SqliteStorage::for_each_event(const std::function<bool(StoredEvent&&)>& fn) {
  read_events(std::nullopt, fn);
}

void SqliteStorage::for_each_owned_event(const PartitionSet& owned,
                                         const std::function<bool(StoredEvent&&)>& fn) {
  read_events(std::nullopt, [&](StoredEvent&& e) {
    if (!owned.test(static_cast<std::size_t>(partition_of(e.contact)))) return true;
    return fn(std::move(e));
  });
}

void SqliteStorage::for_each_contact_event(const std::string& contact,
                                           const std::function<bool(StoredEvent&&)>& fn) {
  read_events(contact, fn);
}

void SqliteStorage::read_events(const std::optional<std::string>& contact,
                                const std::function<bool(StoredEvent&&)>& fn) {
  // Read in pages so the lock is not held while the caller works.
  std::int64_t after_at = INT64_MIN, after_seq = 0;
  for (;;) {
    std::vector<StoredEvent> page;
    {
      std::lock_guard lock(mu_);
      Stmt q(db_,
             "SELECT seq, at, contact, type, properties, event_id, received_at, "
             "COALESCE(occurred_at, at) FROM events "
             "WHERE (at, seq) > (?1, ?2) AND (?3 IS NULL OR contact = ?3) "
             "ORDER BY at, seq LIMIT 2000");
      q.bind(1, after_at).bind(2, after_seq).bind(3, contact);
      while (q.step()) {
        StoredEvent e;
        e.seq = q.i64(0);
        e.at = q.i64(1);
        e.contact = q.text(2);
        e.type = q.text(3);
        e.properties = Json::parse(q.text(4), nullptr, false);
        if (e.properties.is_discarded() || !e.properties.is_object()) e.properties = Json::object();
        if (!q.is_null(5)) e.id = q.text(5);
        e.received_at = q.i64(6);
        e.occurred_at = q.i64(7);
        page.push_back(std::move(e));
      }
    }
    if (page.empty()) return;
    after_at = page.back().at;
    after_seq = page.back().seq;
    for (StoredEvent& e : page) {
      if (!fn(std::move(e))) return;
    }
  }
}

std::int64_t SqliteStorage::event_count() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT COUNT(*) FROM events");
  q.step();
  return q.i64(0);
}

// ---- workflows --------------------------------------------------------------------------------

std::optional<WorkflowVersion> SqliteStorage::version_by_id(std::int64_t version_id) {
  Stmt q(db_, (std::string("SELECT ") + kVersionColumns +
               " FROM workflow_versions WHERE version_id = ?").c_str());
  q.bind(1, version_id);
  if (!q.step()) return std::nullopt;
  return read_version(q);
}

std::optional<WorkflowVersion> SqliteStorage::add_version(const std::string& workflow_id,
                                                          const std::string& document,
                                                          time::Instant at, std::string* error) {
  std::lock_guard lock(mu_);
  try {
    Txn txn(db_);
    Stmt retire(db_,
                "UPDATE workflow_versions SET retired_at = ? "
                "WHERE workflow_id = ? AND retired_at IS NULL");
    retire.bind(1, at).bind(2, workflow_id);
    retire.step();
    Stmt num(db_, "SELECT COALESCE(MAX(number), 0) + 1 FROM workflow_versions WHERE workflow_id = ?");
    num.bind(1, workflow_id);
    num.step();
    std::int64_t number = num.i64(0);
    Stmt ins(db_,
             "INSERT INTO workflow_versions (workflow_id, number, document, deployed_at) "
             "VALUES (?, ?, ?, ?)");
    ins.bind(1, workflow_id).bind(2, number).bind(3, document).bind(4, at);
    ins.step();
    auto v = version_by_id(sqlite3_last_insert_rowid(db_));
    txn.commit();
    return v;
  } catch (const std::exception& ex) {
    *error = ex.what();
    return std::nullopt;
  }
}

std::optional<WorkflowVersion> SqliteStorage::retire(const std::string& workflow_id,
                                                     time::Instant at) {
  std::lock_guard lock(mu_);
  Txn txn(db_);
  Stmt q(db_, "SELECT version_id FROM workflow_versions WHERE workflow_id = ? AND retired_at IS NULL");
  q.bind(1, workflow_id);
  if (!q.step()) return std::nullopt;
  std::int64_t id = q.i64(0);
  Stmt u(db_, "UPDATE workflow_versions SET retired_at = ? WHERE version_id = ?");
  u.bind(1, at).bind(2, id);
  u.step();
  auto v = version_by_id(id);
  txn.commit();
  return v;
}

std::vector<WorkflowVersion> SqliteStorage::versions() {
  std::lock_guard lock(mu_);
  Stmt q(db_, (std::string("SELECT ") + kVersionColumns +
               " FROM workflow_versions ORDER BY version_id").c_str());
  std::vector<WorkflowVersion> out;
  while (q.step()) out.push_back(read_version(q));
  return out;
}

void SqliteStorage::mark_drained(std::int64_t version_id, const PartitionSet& partitions) {
  if (!partitions.all()) return;  // one server owns every partition
  std::lock_guard lock(mu_);
  Stmt u(db_, "UPDATE workflow_versions SET drained = 1 WHERE version_id = ?");
  u.bind(1, version_id);
  u.step();
}

// ---- outbox -----------------------------------------------------------------------------------

std::int64_t SqliteStorage::insert_outbox(const std::vector<OutboxRow>& rows, std::string* error) {
  if (rows.empty()) return 0;
  std::lock_guard lock(mu_);
  try {
    Txn txn(db_);
    Stmt ins(db_, (std::string("INSERT OR IGNORE INTO outbox (") + kOutboxColumns +
                   ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").c_str());
    std::int64_t added = 0;
    for (const OutboxRow& r : rows) {
      ins.reset();
      ins.bind(1, r.id).bind(2, r.version_id).bind(3, r.workflow).bind(4, r.step)
          .bind(5, r.template_id).bind(6, r.contact).bind(7, r.channel).bind(8, r.kind)
          .bind(9, r.to).bind(10, r.subject).bind(11, r.body).bind(12, r.status)
          .bind(13, r.reason).bind(14, r.at).bind(15, r.deferred_from).bind(16, r.attempts)
          .bind(17, r.next_attempt_at).bind(18, r.last_error).bind(19, r.delivered_at)
          .bind(20, r.interrupted).bind(21, r.resent);
      ins.step();
      added += sqlite3_changes(db_);
    }
    txn.commit();
    return added;
  } catch (const std::exception& ex) {
    if (error) *error = ex.what();
    return -1;
  }
}

std::optional<OutboxRow> SqliteStorage::claim_due(time::Instant now) {
  std::lock_guard lock(mu_);
  Txn txn(db_);
  Stmt q(db_, (std::string("SELECT ") + kOutboxColumns +
               " FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
               "ORDER BY next_attempt_at, at, id LIMIT 1").c_str());
  q.bind(1, now);
  if (!q.step()) return std::nullopt;
  OutboxRow row = read_outbox(q);
  Stmt u(db_, "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?");
  u.bind(1, row.id);
  u.step();
  txn.commit();
  row.status = "sending";
  ++row.attempts;
  return row;
}

void SqliteStorage::finish_attempt(const std::string& id, const std::string& status,
                                   const std::string& error, time::Instant next_attempt_at,
                                   std::optional<time::Instant> delivered_at) {
  std::lock_guard lock(mu_);
  Stmt u(db_,
         "UPDATE outbox SET status = ?, last_error = ?, next_attempt_at = ?, delivered_at = ? "
         "WHERE id = ?");
  u.bind(1, status).bind(2, error).bind(3, next_attempt_at).bind(4, delivered_at).bind(5, id);
  u.step();
}

bool SqliteStorage::hand_over(const std::string& id) {
  std::lock_guard lock(mu_);
  try {
    Stmt u(db_, "UPDATE outbox SET status = 'confirming' WHERE id = ? AND status = 'sending'");
    u.bind(1, id);
    u.step();
    return sqlite3_changes(db_) > 0;
  } catch (const std::exception&) {
    return false;
  }
}

InFlightRecovery SqliteStorage::recover_in_flight(bool resend_unconfirmed) {
  std::lock_guard lock(mu_);
  InFlightRecovery r;
  Txn txn(db_);
  // The attempt did not hand the whole message over: the receiver cannot have it (an SMTP
  // server drops a transaction without its end of data; an HTTP server a body short of its
  // Content-Length). Safe to send again, now.
  Stmt a(db_,
         "UPDATE outbox SET status = 'pending', interrupted = interrupted + 1, "
         "last_error = 'the server stopped before the message was handed over; sent again' "
         "WHERE status = 'sending'");
  a.step();
  r.requeued = sqlite3_changes(db_);
  if (resend_unconfirmed) {
    Stmt b(db_,
           "UPDATE outbox SET status = 'pending', interrupted = interrupted + 1, "
           "resent = resent + 1, last_error = 'the server stopped while the receiver was "
           "confirming the message; sent again with the same Message-ID' "
           "WHERE status = 'confirming'");
    b.step();
    r.resent = sqlite3_changes(db_);
  } else {
    Stmt b(db_,
           "UPDATE outbox SET status = 'uncertain', interrupted = interrupted + 1, "
           "last_error = 'the server stopped while the receiver was confirming the message; "
           "held (on_unconfirmed=hold)' WHERE status = 'confirming'");
    b.step();
    r.uncertain = sqlite3_changes(db_);
  }
  txn.commit();
  return r;
}

std::vector<OutboxRow> SqliteStorage::list_outbox(const OutboxFilter& f) {
  std::lock_guard lock(mu_);
  std::string sql = std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE 1";
  if (f.contact) sql += " AND contact = ?1";
  if (f.status) sql += " AND status = ?2";
  if (!f.after_id.empty()) {
    sql += " AND (at, id) > ((SELECT at FROM outbox WHERE id = ?3), ?3)";
  }
  sql += " ORDER BY at, id LIMIT ?4";
  Stmt q(db_, sql.c_str());
  if (f.contact) q.bind(1, *f.contact);
  if (f.status) q.bind(2, *f.status);
  if (!f.after_id.empty()) q.bind(3, f.after_id);
  q.bind(4, f.limit);
  std::vector<OutboxRow> out;
  while (q.step()) out.push_back(read_outbox(q));
  return out;
}

std::map<std::string, std::int64_t> SqliteStorage::outbox_counts() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT status, COUNT(*) FROM outbox GROUP BY status");
  std::map<std::string, std::int64_t> out;
  while (q.step()) out[q.text(0)] = q.i64(1);
  return out;
}

std::optional<time::Instant> SqliteStorage::next_attempt_due() {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'");
  q.step();
  return q.opt_i64(0);
}

// ---- contacts ---------------------------------------------------------------------------------

bool SqliteStorage::erase_contact(const std::string& contact, std::int64_t* events_deleted,
                                  std::string* error) {
  std::lock_guard lock(mu_);
  try {
    Txn txn(db_);
    Stmt d1(db_, "DELETE FROM events WHERE contact = ?");
    d1.bind(1, contact);
    d1.step();
    *events_deleted = sqlite3_changes(db_);
    Stmt d2(db_, "DELETE FROM outbox WHERE contact = ?");
    d2.bind(1, contact);
    d2.step();
    txn.commit();
    return true;
  } catch (const std::exception& ex) {
    *error = ex.what();
    return false;
  }
}

// ---- meta -------------------------------------------------------------------------------------

std::optional<std::string> SqliteStorage::get_meta(const std::string& key) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT value FROM meta WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SqliteStorage::set_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  Stmt u(db_, "INSERT INTO meta (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  u.bind(1, key).bind(2, value);
  u.step();
}

}  // namespace flowcast
