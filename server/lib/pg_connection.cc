// libpq wrappers: connections, statements, results, transactions and the pool.
#include "server/lib/pg_connection.h"

#include <libpq-fe.h>

namespace flowcast::pg {

namespace {

void ignore_notice(void*, const char*) {}  // "relation already exists, skipping" and the like

// libpq's messages may span lines (a hint on an indented second line): one line for logs.
std::string trimmed(const char* msg) {
  std::string s;
  for (const char* c = msg ? msg : ""; *c; ++c) {
    if (*c == '\n' || *c == '\t') {
      if (!s.empty() && s.back() != ' ') s += ' ';
    } else {
      s += *c;
    }
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

// ---- Result -------------------------------------------------------------------------------

Result::~Result() { PQclear(r_); }
int Result::rows() const { return PQntuples(r_); }
bool Result::is_null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col),
                     static_cast<std::size_t>(PQgetlength(r_, row, col)));
}

std::int64_t Result::i64(int row, int col) const {
  if (is_null(row, col)) return 0;
  return std::stoll(PQgetvalue(r_, row, col));
}

std::optional<std::int64_t> Result::opt_i64(int row, int col) const {
  if (is_null(row, col)) return std::nullopt;
  return i64(row, col);
}

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::stoll(n) : 0;
}

// ---- Connection ---------------------------------------------------------------------------

std::unique_ptr<Connection> Connection::open(const std::string& conninfo, std::string* error) {
  // connect_timeout comes before dbname so that a value in the URL wins.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"5", "flowcast", conninfo.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    *error = c ? trimmed(PQerrorMessage(c)) : "out of memory";
    PQfinish(c);
    return nullptr;
  }
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  return std::unique_ptr<Connection>(new Connection(c));
}

Connection::~Connection() { PQfinish(c_); }

bool Connection::ok() const { return PQstatus(c_) == CONNECTION_OK; }

bool Connection::reset_if_broken() {
  if (ok()) return true;
  PQreset(c_);
  if (ok()) PQsetNoticeProcessor(c_, ignore_notice, nullptr);
  return ok();
}

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& v : params) values.push_back(v ? v->c_str() : nullptr);
  PGresult* r = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0);
  ExecStatusType st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    std::string msg = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(c_));
    PQclear(r);
    throw PgError(msg.empty() ? "the database connection failed" : msg);
  }
  return Result(r);
}

void Connection::exec_script(const std::string& sql) {
  PGresult* r = PQexec(c_, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  std::string msg = trimmed(PQresultErrorMessage(r));
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw PgError(msg);
}

// ---- Txn ----------------------------------------------------------------------------------

Txn::~Txn() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (const PgError&) {
    // The connection is gone; the server rolled the transaction back itself.
  }
}

// ---- Pool ---------------------------------------------------------------------------------

void Pool::add(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  free_.push_back(std::move(c));
  cv_.notify_one();
}

Pool::Lease Pool::lease() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<Connection> c = std::move(free_.back());
  free_.pop_back();
  lock.unlock();
  // A connection the database dropped (restart, network) is reconnected before use.
  c->reset_if_broken();
  return Lease(*this, std::move(c));
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  if (!c) return;
  std::lock_guard lock(mu_);
  free_.push_back(std::move(c));
  cv_.notify_one();
}

// ---- URLs ---------------------------------------------------------------------------------

bool is_postgres_url(const std::string& db) {
  return db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0;
}

std::string conninfo_from_url(const std::string& url, std::string* error) {
  char* msg = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &msg);
  if (!opts) {
    *error = "invalid PostgreSQL URL " + redact_url(url) + ": " +
             (msg ? trimmed(msg) : std::string("cannot parse it"));
    PQfreemem(msg);
    return "";
  }
  PQconninfoFree(opts);
  return url;
}

std::string redact_url(const std::string& url) {
  // postgres://user:password@host/...: hide what lies between the first ':' after the scheme
  // and the '@'.
  std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  std::size_t at = url.find('@', scheme + 3);
  if (at == std::string::npos) return url;
  std::size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace flowcast::pg
