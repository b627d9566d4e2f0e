// A thin RAII layer over libpq: one connection, parameterized statements with text parameters,
// results read by row and column, and transactions rolled back unless committed.
//
// Errors throw PgError (the message is libpq's, never the connection string, which may hold a
// password). Not thread-safe: one thread uses a connection at a time (see PgPool).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace flowcast::pg {

class PgError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A statement parameter: text, or SQL NULL.
using Param = std::optional<std::string>;
inline Param p(std::int64_t v) { return std::to_string(v); }
inline Param p(const std::string& v) { return v; }
inline Param p(const char* v) { return std::string(v); }
inline Param p(const std::optional<std::int64_t>& v) {
  return v ? Param(std::to_string(*v)) : std::nullopt;
}
inline Param p(const std::optional<std::string>& v) { return v; }

class Result {
 public:
  explicit Result(pg_result* r) : r_(r) {}
  ~Result();
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&&) = delete;
  Result(const Result&) = delete;

  int rows() const;
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;
  std::int64_t i64(int row, int col) const;
  std::optional<std::int64_t> opt_i64(int row, int col) const;
  std::int64_t affected() const;  // rows changed by INSERT/UPDATE/DELETE

 private:
  pg_result* r_;
};

class Connection {
 public:
  // Connects; nullptr and *error (libpq's message) on failure.
  static std::unique_ptr<Connection> open(const std::string& conninfo, std::string* error);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement ($1, $2, ... for params). Throws PgError on failure.
  Result exec(const std::string& sql, const std::vector<Param>& params = {});
  // Runs several statements without parameters (schema scripts).
  void exec_script(const std::string& sql);
  // True while the server connection is up (a dead one is reset by reset_if_broken).
  bool ok() const;
  // Reconnects a broken connection; returns ok().
  bool reset_if_broken();

 private:
  explicit Connection(pg_conn* c) : c_(c) {}
  pg_conn* c_;
};

// BEGIN ... COMMIT on one connection; ROLLBACK unless commit() was called.
class Txn {
 public:
  explicit Txn(Connection& c) : c_(c) { c_.exec("BEGIN"); }
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

// A fixed set of connections shared by threads; lease() waits for a free one.
class Pool {
 public:
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    ~Lease() { pool_.give_back(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> c_;
  };

  void add(std::unique_ptr<Connection> c);
  Lease lease();

 private:
  void give_back(std::unique_ptr<Connection> c);
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;
};

// Turns a postgres:// or postgresql:// URL into a libpq connection string, checking its shape
// first so that a typo gets a clear message (libpq's own is terse). "" and *error on mistakes.
std::string conninfo_from_url(const std::string& url, std::string* error);
// True if `db` names a PostgreSQL database (postgres:// or postgresql://).
bool is_postgres_url(const std::string& db);
// The URL without its password, for logs.
std::string redact_url(const std::string& url);

}  // namespace flowcast::pg
