// PostgreSQL storage: schema migrations, statements, advisory-lock ownership and the outbox
// claimed with FOR UPDATE SKIP LOCKED.
#include "server/lib/pg_storage.h"

#include <algorithm>
#include <random>
#include <set>

namespace flowcast {

namespace {

// Advisory lock namespaces (the first key of pg_*advisory_lock(int, int)): "FC" + a kind.
constexpr std::int32_t kMigrationLock = 0x46430001;
constexpr std::int32_t kServerLock = 0x46430002;     // second key: the server id
constexpr std::int32_t kPartitionLock = 0x46430003;  // second key: the partition
constexpr std::int32_t kWorkflowLock = 0x46430004;   // transaction lock: hashtext(workflow id)

constexpr int kPoolSize = 6;

// Each entry moves the schema from version i to i + 1; never edit one that has shipped.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  pos BIGINT UNIQUE,
  at BIGINT NOT NULL,
  partition SMALLINT NOT NULL,
  contact TEXT NOT NULL,
  type TEXT NOT NULL,
  properties TEXT NOT NULL,
  event_id TEXT UNIQUE,
  received_at BIGINT NOT NULL,
  occurred_at BIGINT NOT NULL);
CREATE INDEX events_order ON events (at, pos) WHERE pos IS NOT NULL;
CREATE INDEX events_unplaced ON events (partition, seq) WHERE pos IS NULL;
CREATE INDEX events_contact ON events (contact);
CREATE TABLE workflow_versions (
  version_id BIGSERIAL PRIMARY KEY,
  workflow_id TEXT NOT NULL,
  number BIGINT NOT NULL,
  document TEXT NOT NULL,
  deployed_at BIGINT NOT NULL,
  retired_at BIGINT,
  drained BOOLEAN NOT NULL DEFAULT FALSE,
  UNIQUE (workflow_id, number));
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  version_id BIGINT NOT NULL,
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
  at BIGINT NOT NULL,
  deferred_from BIGINT,
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT,
  interrupted BIGINT NOT NULL DEFAULT 0,
  resent BIGINT NOT NULL DEFAULT 0,
  claimed_by BIGINT);
CREATE INDEX outbox_due ON outbox (next_attempt_at, at, id) WHERE status = 'pending';
CREATE INDEX outbox_in_flight ON outbox (claimed_by) WHERE status IN ('sending', 'confirming');
CREATE INDEX outbox_contact ON outbox (contact, at);
CREATE INDEX outbox_order ON outbox (at, id);
CREATE TABLE drained_partitions (
  version_id BIGINT NOT NULL,
  partition SMALLINT NOT NULL,
  PRIMARY KEY (version_id, partition));
)sql",
};

constexpr const char* kEventColumns =
    "seq, at, contact, type, properties, event_id, received_at, occurred_at, pos IS NOT NULL";

constexpr const char* kOutboxColumns =
    "id, version_id, workflow, step, template_id, contact, channel, kind, to_addr, subject, "
    "body, status, reason, at, deferred_from, attempts, next_attempt_at, last_error, "
    "delivered_at, interrupted, resent";

constexpr const char* kVersionColumns =
    "version_id, workflow_id, number, document, deployed_at, retired_at, drained";

// The live servers: those whose server lock is held, in this database.
constexpr const char* kLiveServers =
    "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND classid = 1178796034::oid AND objsubid = 2 "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
static_assert(kServerLock == 1178796034);

// The partitions some server holds (another may free one before we try it: we try, not take).
constexpr const char* kHeldPartitions =
    "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted "
    "AND classid = 1178796035::oid AND objsubid = 2 "
    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
static_assert(kPartitionLock == 1178796035);

std::string json_text(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

StoredEvent read_event(const pg::Result& r, int i) {
  StoredEvent e;
  e.seq = r.i64(i, 0);
  e.at = r.i64(i, 1);
  e.contact = r.text(i, 2);
  e.type = r.text(i, 3);
  e.properties = Json::parse(r.text(i, 4), nullptr, false);
  if (e.properties.is_discarded() || !e.properties.is_object()) e.properties = Json::object();
  if (!r.is_null(i, 5)) e.id = r.text(i, 5);
  e.received_at = r.i64(i, 6);
  e.occurred_at = r.i64(i, 7);
  e.placed = r.text(i, 8) == "t";
  return e;
}

OutboxRow read_outbox(const pg::Result& r, int i) {
  OutboxRow o;
  o.id = r.text(i, 0);
  o.version_id = r.i64(i, 1);
  o.workflow = r.text(i, 2);
  o.step = r.text(i, 3);
  o.template_id = r.text(i, 4);
  o.contact = r.text(i, 5);
  o.channel = r.text(i, 6);
  o.kind = r.text(i, 7);
  o.to = r.text(i, 8);
  o.subject = r.text(i, 9);
  o.body = r.text(i, 10);
  o.status = r.text(i, 11);
  o.reason = r.text(i, 12);
  o.at = r.i64(i, 13);
  o.deferred_from = r.opt_i64(i, 14);
  o.attempts = r.i64(i, 15);
  o.next_attempt_at = r.i64(i, 16);
  o.last_error = r.text(i, 17);
  o.delivered_at = r.opt_i64(i, 18);
  o.interrupted = r.i64(i, 19);
  o.resent = r.i64(i, 20);
  return o;
}

WorkflowVersion read_version(const pg::Result& r, int i) {
  WorkflowVersion v;
  v.version_id = r.i64(i, 0);
  v.workflow_id = r.text(i, 1);
  v.number = r.i64(i, 2);
  v.document = r.text(i, 3);
  v.deployed_at = r.i64(i, 4);
  v.retired_at = r.opt_i64(i, 5);
  v.drained = r.text(i, 6) == "t";
  return v;
}

// A PostgreSQL array literal of integers: {1,2,3}.
std::string int_array(const std::vector<int>& v) {
  std::string s = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(v[i]);
  }
  return s + "}";
}

// A PostgreSQL array literal element: quoted, with " and \ escaped; NULL unquoted.
void append_element(std::string& out, const pg::Param& v) {
  if (!out.empty() && out.back() != '{') out += ',';
  if (!v) {
    out += "NULL";
    return;
  }
  out += '"';
  for (char c : *v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

// ---- open, migrations, the session --------------------------------------------------------

std::unique_ptr<PgStorage> PgStorage::open(const std::string& url, std::string* error) {
  std::string conninfo = pg::conninfo_from_url(url, error);
  if (conninfo.empty()) return nullptr;
  std::unique_ptr<PgStorage> s(new PgStorage());
  s->conninfo_ = conninfo;
  std::string e;
  auto first = pg::Connection::open(conninfo, &e);
  if (!first) {
    *error = "cannot connect to " + pg::redact_url(url) + ": " + e;
    return nullptr;
  }
  if (!s->migrate(*first, &e)) {
    *error = pg::redact_url(url) + ": schema migration failed: " + e;
    return nullptr;
  }
  s->pool_.add(std::move(first));
  for (int i = 1; i < kPoolSize; ++i) {
    auto c = pg::Connection::open(conninfo, &e);
    if (!c) {
      *error = "cannot connect to " + pg::redact_url(url) + ": " + e;
      return nullptr;
    }
    s->pool_.add(std::move(c));
  }
  std::lock_guard lock(s->session_mu_);
  if (!s->register_server(&e)) {
    *error = pg::redact_url(url) + ": " + e;
    return nullptr;
  }
  return s;
}

PgStorage::~PgStorage() = default;  // closing the session frees every advisory lock

bool PgStorage::migrate(pg::Connection& c, std::string* error) {
  try {
    c.exec("SELECT pg_advisory_lock($1, 0)", {pg::p(kMigrationLock)});
    struct Unlock {
      pg::Connection& c;
      ~Unlock() {
        try {
          c.exec("SELECT pg_advisory_unlock($1, 0)", {pg::p(kMigrationLock)});
        } catch (const pg::PgError&) {
        }
      }
    } unlock{c};
    c.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    pg::Result v = c.exec("SELECT MAX(version) FROM schema_version");
    std::int64_t have = v.i64(0, 0);
    constexpr std::int64_t kLatest = sizeof(kMigrations) / sizeof(kMigrations[0]);
    if (have > kLatest) {
      *error = "the database has schema version " + std::to_string(have) +
               ", newer than this program knows (" + std::to_string(kLatest) + ")";
      return false;
    }
    for (std::int64_t i = have; i < kLatest; ++i) {
      pg::Txn txn(c);
      c.exec_script(kMigrations[i]);
      c.exec("INSERT INTO schema_version (version) VALUES ($1)", {pg::p(i + 1)});
      txn.commit();
    }
    return true;
  } catch (const pg::PgError& e) {
    *error = e.what();
    return false;
  }
}

bool PgStorage::register_server(std::string* error) {
  if (!session_) {
    session_ = pg::Connection::open(conninfo_, error);
    if (!session_) return false;
  }
  std::random_device rd;
  try {
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::int64_t id = static_cast<std::int64_t>(rd() & 0x7fffffff);
      if (id == 0) continue;
      pg::Result r = session_->exec("SELECT pg_try_advisory_lock($1, $2::int)",
                                    {pg::p(kServerLock), pg::p(id)});
      if (r.text(0, 0) == "t") {
        server_id_ = id;
        return true;
      }
    }
  } catch (const pg::PgError& e) {
    *error = e.what();
    return false;
  }
  *error = "could not pick a server id";
  return false;
}

PartitionSet PgStorage::rebalance() {
  std::lock_guard lock(session_mu_);
  try {
    if (!session_ || !session_->ok()) {
      // The session ended, and with it every lock: this server owns nothing until it has a new
      // session (its partitions may already have another owner).
      owned_.reset();
      session_.reset();
      std::string e;
      if (!register_server(&e)) return owned_;
    }
    pg::Result live = session_->exec(std::string("SELECT COUNT(*) FROM (") + kLiveServers + ") s");
    int servers = static_cast<int>(std::max<std::int64_t>(1, live.i64(0, 0)));
    int share = fair_share(servers);
    int have = static_cast<int>(owned_.count());
    PartitionSet held;  // by any server, this one included
    if (have < share) {
      pg::Result r = session_->exec(kHeldPartitions);
      for (int i = 0; i < r.rows(); ++i) {
        std::int64_t p = r.i64(i, 0);
        if (p >= 0 && p < kPartitions) held.set(static_cast<std::size_t>(p));
      }
    }
    // Start looking at a place that depends on the server, so that servers starting together
    // do not all try the same partitions first.
    int start = static_cast<int>(server_id_ % kPartitions);
    for (int k = 0; k < kPartitions && have < share; ++k) {
      int p = (start + k) % kPartitions;
      if (held.test(static_cast<std::size_t>(p))) continue;
      pg::Result r = session_->exec("SELECT pg_try_advisory_lock($1, $2::int)",
                                    {pg::p(kPartitionLock), pg::p(p)});
      if (r.text(0, 0) == "t") {
        owned_.set(static_cast<std::size_t>(p));
        ++have;
      }
    }
    for (int p = kPartitions - 1; p >= 0 && have > share; --p) {
      if (!owned_.test(static_cast<std::size_t>(p))) continue;
      session_->exec("SELECT pg_advisory_unlock($1, $2::int)", {pg::p(kPartitionLock), pg::p(p)});
      owned_.reset(static_cast<std::size_t>(p));
      --have;
    }
  } catch (const pg::PgError&) {
    if (session_ && !session_->ok()) {
      // Ended by the database (a restart, a network cut, pg_terminate_backend): its locks are
      // gone. The next rebalance opens a new session under a new server id.
      owned_.reset();
      session_.reset();
    }
  }
  return owned_;
}

// ---- events -------------------------------------------------------------------------------

// `n` values of the event sequence, in increasing order: later calls get larger values, so they
// give seq and engine positions in the order the caller asks for them.
std::vector<std::int64_t> PgStorage::next_positions(pg::Connection& c, std::size_t n) {
  pg::Result r = c.exec("SELECT nextval('events_seq_seq') FROM generate_series(1, $1) ORDER BY 1",
                        {pg::p(static_cast<std::int64_t>(n))});
  std::vector<std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.i64(i, 0));
  return out;
}

bool PgStorage::append_events(std::vector<StoredEvent>& events, std::string* error) {
  if (events.empty()) return true;
  bool placed = std::any_of(events.begin(), events.end(),
                            [](const StoredEvent& e) { return e.placed; });
  try {
    // Placing events is the owner's privilege: through the session that holds its locks.
    if (placed) {
      auto c = with_session();
      append_on(*c, events);
    } else {
      auto c = pool_.lease();
      append_on(*c, events);
    }
    return true;
  } catch (const pg::PgError& ex) {
    for (StoredEvent& e : events) e.seq = 0;
    *error = ex.what();
    return false;
  }
}

void PgStorage::append_on(pg::Connection& c, std::vector<StoredEvent>& events) {
  // Two round trips for the whole group: positions, then one INSERT of arrays. seq and, for a
  // placed event, its engine position follow the order of the batch (the caller placed the
  // batch in engine order).
  std::vector<std::int64_t> seqs = next_positions(c, events.size());
  std::vector<std::string> arrays(10, "{");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const StoredEvent& e = events[i];
    const pg::Param values[10] = {
        pg::p(seqs[i]), e.placed ? pg::p(seqs[i]) : pg::Param(), pg::p(e.at),
        pg::p(partition_of(e.contact)), pg::p(e.contact), pg::p(e.type),
        pg::p(json_text(e.properties)), pg::p(e.id), pg::p(e.received_at),
        pg::p(e.occurred_at)};
    for (std::size_t k = 0; k < 10; ++k) append_element(arrays[k], values[k]);
  }
  std::vector<pg::Param> params;
  for (std::string& a : arrays) params.push_back(a + "}");
  pg::Result r = c.exec(
      "INSERT INTO events (seq, pos, at, partition, contact, type, properties, event_id, "
      "received_at, occurred_at) SELECT * FROM unnest($1::bigint[], $2::bigint[], "
      "$3::bigint[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], "
      "$9::bigint[], $10::bigint[]) ON CONFLICT (event_id) DO NOTHING RETURNING seq",
      params);
  std::set<std::int64_t> stored;
  for (int i = 0; i < r.rows(); ++i) stored.insert(r.i64(i, 0));
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].seq = stored.count(seqs[i]) ? seqs[i] : 0;  // 0: its id was already stored
  }
}

void PgStorage::read_events(const std::string& where, const std::vector<pg::Param>& params,
                            const std::function<bool(StoredEvent&&)>& fn) {
  // Pages in engine order, so that no connection is held while the caller works.
  std::int64_t after_at = INT64_MIN, after_pos = INT64_MIN;
  const std::string sql = std::string("SELECT ") + kEventColumns + ", pos FROM events " +
                          "WHERE pos IS NOT NULL AND (at, pos) > ($1, $2)" + where +
                          " ORDER BY at, pos LIMIT 5000";
  for (;;) {
    std::vector<StoredEvent> page;
    {
      auto c = pool_.lease();
      std::vector<pg::Param> all = {pg::p(after_at), pg::p(after_pos)};
      all.insert(all.end(), params.begin(), params.end());
      pg::Result r = c->exec(sql, all);
      for (int i = 0; i < r.rows(); ++i) {
        page.push_back(read_event(r, i));
        after_at = page.back().at;
        after_pos = r.i64(i, 9);
      }
    }
    if (page.empty()) return;
    for (StoredEvent& e : page) {
      if (!fn(std::move(e))) return;
    }
  }
}

void PgStorage::for_each_event(const std::function<bool(StoredEvent&&)>& fn) {
  bool go_on = true;
  read_events("", {}, [&](StoredEvent&& e) { return go_on = fn(std::move(e)); });
  if (!go_on) return;
  std::int64_t after = 0;
  for (;;) {
    std::vector<StoredEvent> page;
    {
      auto c = pool_.lease();
      pg::Result r = c->exec(std::string("SELECT ") + kEventColumns +
                                 " FROM events WHERE pos IS NULL AND seq > $1 ORDER BY seq "
                                 "LIMIT 5000",
                             {pg::p(after)});
      for (int i = 0; i < r.rows(); ++i) page.push_back(read_event(r, i));
    }
    if (page.empty()) return;
    after = page.back().seq;
    for (StoredEvent& e : page) {
      if (!fn(std::move(e))) return;
    }
  }
}

void PgStorage::for_each_owned_event(const PartitionSet& owned,
                                     const std::function<bool(StoredEvent&&)>& fn) {
  if (owned.none()) return;
  if (owned.all()) return read_events("", {}, fn);
  read_events(" AND partition = ANY($3::int[])", {int_array(partition_list(owned))}, fn);
}

void PgStorage::for_each_contact_event(const std::string& contact,
                                       const std::function<bool(StoredEvent&&)>& fn) {
  std::vector<StoredEvent> all;
  {
    auto c = pool_.lease();
    pg::Result r = c->exec(std::string("SELECT ") + kEventColumns +
                               " FROM events WHERE contact = $1 "
                               "ORDER BY pos IS NULL, at, pos, seq",
                           {pg::p(contact)});
    for (int i = 0; i < r.rows(); ++i) all.push_back(read_event(r, i));
  }
  for (StoredEvent& e : all) {
    if (!fn(std::move(e))) return;
  }
}

std::vector<StoredEvent> PgStorage::take_unplaced(const PartitionSet& owned, time::Instant floor,
                                                  int limit) {
  std::vector<StoredEvent> out;
  if (owned.none()) return out;
  auto c = with_session();
  pg::Txn txn(*c);
  pg::Result r = c->exec(std::string("SELECT ") + kEventColumns +
                             " FROM events WHERE pos IS NULL AND partition = ANY($1::int[]) "
                             "ORDER BY seq LIMIT $2 FOR UPDATE",
                         {int_array(partition_list(owned)), pg::p(limit)});
  if (r.rows() == 0) return out;
  std::vector<std::int64_t> positions = next_positions(*c, static_cast<std::size_t>(r.rows()));
  std::string seqs = "{", ats = "{", poss = "{";
  for (int i = 0; i < r.rows(); ++i) {
    StoredEvent e = read_event(r, i);
    e.at = std::max(e.at, floor);
    floor = e.at;
    e.placed = true;
    append_element(seqs, pg::p(e.seq));
    append_element(ats, pg::p(e.at));
    append_element(poss, pg::p(positions[static_cast<std::size_t>(i)]));
    out.push_back(std::move(e));
  }
  c->exec("UPDATE events e SET at = u.at, pos = u.pos FROM unnest($1::bigint[], $2::bigint[], "
          "$3::bigint[]) AS u(seq, at, pos) WHERE e.seq = u.seq",
          {seqs + "}", ats + "}", poss + "}"});
  txn.commit();
  return out;
}

std::int64_t PgStorage::event_count() {
  auto c = pool_.lease();
  return c->exec("SELECT COUNT(*) FROM events").i64(0, 0);
}

// ---- workflows ----------------------------------------------------------------------------

std::optional<WorkflowVersion> PgStorage::version_by_id(pg::Connection& c,
                                                        std::int64_t version_id) {
  pg::Result r = c.exec(std::string("SELECT ") + kVersionColumns +
                            " FROM workflow_versions WHERE version_id = $1",
                        {pg::p(version_id)});
  if (r.rows() == 0) return std::nullopt;
  return read_version(r, 0);
}

std::optional<WorkflowVersion> PgStorage::add_version(const std::string& workflow_id,
                                                      const std::string& document,
                                                      time::Instant at, std::string* error) {
  try {
    auto c = pool_.lease();
    pg::Txn txn(*c);
    // Servers deploying the same workflow at once take numbers one after the other.
    c->exec("SELECT pg_advisory_xact_lock($1, hashtext($2))",
            {pg::p(kWorkflowLock), pg::p(workflow_id)});
    c->exec("UPDATE workflow_versions SET retired_at = $1 "
            "WHERE workflow_id = $2 AND retired_at IS NULL",
            {pg::p(at), pg::p(workflow_id)});
    pg::Result r = c->exec(
        "INSERT INTO workflow_versions (workflow_id, number, document, deployed_at) "
        "SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3 FROM workflow_versions "
        "WHERE workflow_id = $1 RETURNING version_id",
        {pg::p(workflow_id), pg::p(document), pg::p(at)});
    auto v = version_by_id(*c, r.i64(0, 0));
    txn.commit();
    return v;
  } catch (const pg::PgError& ex) {
    *error = ex.what();
    return std::nullopt;
  }
}

std::optional<WorkflowVersion> PgStorage::retire(const std::string& workflow_id,
                                                 time::Instant at) {
  auto c = pool_.lease();
  pg::Result r = c->exec(std::string("UPDATE workflow_versions SET retired_at = $1 "
                                     "WHERE workflow_id = $2 AND retired_at IS NULL RETURNING ") +
                             kVersionColumns,
                         {pg::p(at), pg::p(workflow_id)});
  if (r.rows() == 0) return std::nullopt;
  return read_version(r, 0);
}

std::vector<WorkflowVersion> PgStorage::versions() {
  auto c = pool_.lease();
  pg::Result r = c->exec(std::string("SELECT ") + kVersionColumns +
                         " FROM workflow_versions ORDER BY version_id");
  std::vector<WorkflowVersion> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_version(r, i));
  return out;
}

void PgStorage::mark_drained(std::int64_t version_id, const PartitionSet& partitions) {
  auto c = pool_.lease();
  pg::Txn txn(*c);
  c->exec("INSERT INTO drained_partitions (version_id, partition) "
          "SELECT $1, unnest($2::int[]) ON CONFLICT DO NOTHING",
          {pg::p(version_id), int_array(partition_list(partitions))});
  c->exec("UPDATE workflow_versions SET drained = TRUE WHERE version_id = $1 AND "
          "(SELECT COUNT(*) FROM drained_partitions WHERE version_id = $1) = $2",
          {pg::p(version_id), pg::p(kPartitions)});
  txn.commit();
}

// ---- outbox -------------------------------------------------------------------------------

std::int64_t PgStorage::insert_outbox(const std::vector<OutboxRow>& rows, std::string* error) {
  if (rows.empty()) return 0;
  // One statement per call: each column travels as one array parameter.
  constexpr int kColumns = 21;
  std::vector<std::string> arrays(kColumns, "{");
  for (const OutboxRow& r : rows) {
    const pg::Param values[kColumns] = {
        pg::p(r.id), pg::p(r.version_id), pg::p(r.workflow), pg::p(r.step),
        pg::p(r.template_id), pg::p(r.contact), pg::p(r.channel), pg::p(r.kind), pg::p(r.to),
        pg::p(r.subject), pg::p(r.body), pg::p(r.status), pg::p(r.reason), pg::p(r.at),
        pg::p(r.deferred_from), pg::p(r.attempts), pg::p(r.next_attempt_at),
        pg::p(r.last_error), pg::p(r.delivered_at), pg::p(r.interrupted), pg::p(r.resent)};
    for (int i = 0; i < kColumns; ++i) append_element(arrays[static_cast<std::size_t>(i)], values[i]);
  }
  std::vector<pg::Param> params;
  for (std::string& a : arrays) params.push_back(a + "}");
  try {
    // Records come from the engines of owned partitions: through the session, like events.
    auto c = with_session();
    pg::Result r = c->exec(
        std::string("INSERT INTO outbox (") + kOutboxColumns +
            ") SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], "
            "$5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], "
            "$11::text[], $12::text[], $13::text[], $14::bigint[], $15::bigint[], "
            "$16::bigint[], $17::bigint[], $18::text[], $19::bigint[], $20::bigint[], "
            "$21::bigint[]) AS u(" + kOutboxColumns + ") "
            // An erased contact has no events left: a record for it comes from an engine that
            // has not heard of the erasure yet (another server's, for up to a second).
            "WHERE EXISTS (SELECT 1 FROM events e WHERE e.contact = u.contact) "
            "ON CONFLICT (id) DO NOTHING",
        params);
    return r.affected();
  } catch (const pg::PgError& ex) {
    if (error) *error = ex.what();
    return -1;
  }
}

std::optional<OutboxRow> PgStorage::claim_due(time::Instant now) {
  auto c = pool_.lease();
  // SKIP LOCKED: servers claiming at the same moment pass over each other's rows instead of
  // waiting for them, and the status check makes a claim happen once.
  pg::Result r = c->exec(
      std::string("UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
                  "claimed_by = $2 WHERE id = (SELECT id FROM outbox "
                  "WHERE status = 'pending' AND next_attempt_at <= $1 "
                  "ORDER BY next_attempt_at, at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                  "AND status = 'pending' RETURNING ") +
          kOutboxColumns,
      {pg::p(now), pg::p(server_id_.load())});
  if (r.rows() == 0) return std::nullopt;
  return read_outbox(r, 0);
}

bool PgStorage::hand_over(const std::string& id) {
  try {
    auto c = pool_.lease();
    pg::Result r = c->exec(
        "UPDATE outbox SET status = 'confirming' WHERE id = $1 AND status = 'sending'",
        {pg::p(id)});
    return r.affected() > 0;
  } catch (const pg::PgError&) {
    return false;
  }
}

void PgStorage::finish_attempt(const std::string& id, const std::string& status,
                               const std::string& error, time::Instant next_attempt_at,
                               std::optional<time::Instant> delivered_at) {
  auto c = pool_.lease();
  c->exec("UPDATE outbox SET status = $1, last_error = $2, next_attempt_at = $3, "
          "delivered_at = $4, claimed_by = NULL WHERE id = $5",
          {pg::p(status), pg::p(error), pg::p(next_attempt_at), pg::p(delivered_at), pg::p(id)});
}

InFlightRecovery PgStorage::recover_in_flight(bool resend_unconfirmed) {
  InFlightRecovery r;
  auto c = pool_.lease();
  pg::Txn txn(*c);
  // Only the attempts of servers that are gone: a live server's row is its own business.
  const std::string dead =
      std::string(" AND (claimed_by IS NULL OR claimed_by NOT IN (") + kLiveServers + "))";
  r.requeued = c->exec("UPDATE outbox SET status = 'pending', interrupted = interrupted + 1, "
                       "claimed_by = NULL, last_error = 'the server stopped before the message "
                       "was handed over; sent again' WHERE status = 'sending'" + dead)
                   .affected();
  if (resend_unconfirmed) {
    r.resent = c->exec("UPDATE outbox SET status = 'pending', interrupted = interrupted + 1, "
                       "resent = resent + 1, claimed_by = NULL, last_error = 'the server stopped "
                       "while the receiver was confirming the message; sent again with the same "
                       "Message-ID' WHERE status = 'confirming'" + dead)
                   .affected();
  } else {
    r.uncertain = c->exec("UPDATE outbox SET status = 'uncertain', interrupted = interrupted + 1, "
                          "claimed_by = NULL, last_error = 'the server stopped while the "
                          "receiver was confirming the message; held (on_unconfirmed=hold)' "
                          "WHERE status = 'confirming'" + dead)
                      .affected();
  }
  txn.commit();
  return r;
}

std::vector<OutboxRow> PgStorage::list_outbox(const OutboxFilter& f) {
  auto c = pool_.lease();
  pg::Result r = c->exec(
      std::string("SELECT ") + kOutboxColumns +
          " FROM outbox WHERE ($1::text IS NULL OR contact = $1) "
          "AND ($2::text IS NULL OR status = $2) "
          "AND ($3::text IS NULL OR (at, id) > ((SELECT at FROM outbox WHERE id = $3), $3)) "
          "ORDER BY at, id LIMIT $4",
      {pg::p(f.contact), pg::p(f.status),
       f.after_id.empty() ? pg::Param() : pg::p(f.after_id), pg::p(f.limit)});
  std::vector<OutboxRow> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_outbox(r, i));
  return out;
}

std::map<std::string, std::int64_t> PgStorage::outbox_counts() {
  auto c = pool_.lease();
  pg::Result r = c->exec("SELECT status, COUNT(*) FROM outbox GROUP BY status");
  std::map<std::string, std::int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out[r.text(i, 0)] = r.i64(i, 1);
  return out;
}

std::optional<time::Instant> PgStorage::next_attempt_due() {
  auto c = pool_.lease();
  return c->exec("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'").opt_i64(0, 0);
}

// ---- contacts, meta -----------------------------------------------------------------------

bool PgStorage::erase_contact(const std::string& contact, std::int64_t* events_deleted,
                              std::string* error) {
  try {
    auto c = pool_.lease();
    pg::Txn txn(*c);
    *events_deleted = c->exec("DELETE FROM events WHERE contact = $1", {pg::p(contact)}).affected();
    c->exec("DELETE FROM outbox WHERE contact = $1", {pg::p(contact)});
    txn.commit();
    return true;
  } catch (const pg::PgError& ex) {
    *error = ex.what();
    return false;
  }
}

std::optional<std::string> PgStorage::get_meta(const std::string& key) {
  auto c = pool_.lease();
  pg::Result r = c->exec("SELECT value FROM meta WHERE key = $1", {pg::p(key)});
  if (r.rows() == 0) return std::nullopt;
  return r.text(0, 0);
}

void PgStorage::set_meta(const std::string& key, const std::string& value) {
  auto c = pool_.lease();
  c->exec("INSERT INTO meta (key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          {pg::p(key), pg::p(value)});
}

}  // namespace flowcast
