#pragma once
// RAII over the SQLite C API for the adapters that keep files (kiosk outbox, hub store): an owned
// connection opened with the project's pragmas, owned prepared statements, a reset guard and a write
// transaction that rolls back unless committed. Expected failures are pantau::result values with the
// code "store_error" and SQLite's own message.
// Thread-safety: none inside; each object belongs to one thread at a time (connections are opened
// SQLITE_OPEN_NOMUTEX), any number of connections and processes may share a file.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/result.hpp"

namespace pantau::sqlite {

inline constexpr std::string_view error_code = "store_error";

enum class sync_mode { off, normal, full };

struct open_options {
  bool create = true;        // create the file and its folder when missing
  bool read_only = false;    // PRAGMA query_only: this connection never writes
  bool wal = true;           // journal_mode=WAL (needs a moment alone with a new file: retried)
  sync_mode synchronous = sync_mode::full;  // FULL: a COMMIT survives power loss (every ack relies on it)
  int busy_timeout_ms = 5000;
  std::vector<std::string> pragmas;  // more, run after the above ("PRAGMA cache_size = -65536", ...)
};

class statement;

class connection {
 public:
  connection() = default;
  // Errors name the file.
  static result<connection> open(const std::string& path, const open_options& options = {});

  sqlite3* get() const { return db_.get(); }
  explicit operator bool() const { return db_ != nullptr; }
  const std::string& path() const { return path_; }

  // Runs constant SQL (may hold several statements).
  result<bool> exec(std::string_view sql) const;
  result<statement> prepare(std::string_view sql) const;
  // "<what>: <SQLite's last message>" with the store_error code.
  error fail(std::string_view what) const;

  std::int64_t changes() const { return sqlite3_changes64(db_.get()); }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
  bool in_transaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_.get()) == 0; }

 private:
  struct closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, closer> db_;
  std::string path_;
};

class statement {
 public:
  statement() = default;
  static result<statement> prepare(sqlite3* db, std::string_view sql);

  sqlite3_stmt* get() const { return st_.get(); }
  explicit operator bool() const { return st_ != nullptr; }

  // Text and blobs are bound without a copy: they must stay alive until reset().
  statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_.get(), i, v);
    return *this;
  }
  statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  statement& bind(int i, double v) {
    sqlite3_bind_double(st_.get(), i, v);
    return *this;
  }
  statement& bind(int i, std::string_view v) {
    sqlite3_bind_text(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  statement& bind_blob(int i, std::string_view v) {
    sqlite3_bind_blob(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  statement& bind_null(int i) {
    sqlite3_bind_null(st_.get(), i);
    return *this;
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int step() { return sqlite3_step(st_.get()); }
  // Ready to run again, with no bindings left that could point at freed text.
  void reset() {
    sqlite3_reset(st_.get());
    sqlite3_clear_bindings(st_.get());
  }
  // Steps to completion and resets; `what` names the work in the error.
  result<bool> run(std::string_view what);

  std::int64_t column_int64(int i) const { return sqlite3_column_int64(st_.get(), i); }
  double column_double(int i) const { return sqlite3_column_double(st_.get(), i); }
  bool column_is_null(int i) const { return sqlite3_column_type(st_.get(), i) == SQLITE_NULL; }
  std::string column_text(int i) const;
  std::string_view column_view(int i) const;  // valid until the next step/reset

 private:
  struct finalizer {
    void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
  };
  std::unique_ptr<sqlite3_stmt, finalizer> st_;
};

// Resets a statement when the scope ends, so an early return never leaves it half-run and locking.
class reset_guard {
 public:
  explicit reset_guard(statement& s) : s_(s) {}
  ~reset_guard() { s_.reset(); }
  reset_guard(const reset_guard&) = delete;
  reset_guard& operator=(const reset_guard&) = delete;

 private:
  statement& s_;
};

// BEGIN IMMEDIATE (the write lock up front: no deadlock upgrading later); rolls back when it ends
// without a successful commit(), including when COMMIT itself failed (SQLITE_BUSY leaves it open).
class transaction {
 public:
  static result<transaction> begin(const connection& c);
  transaction(transaction&& o) noexcept : db_(o.db_), done_(o.done_) { o.db_ = nullptr; }
  transaction& operator=(transaction&&) = delete;
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();

  result<bool> commit();

 private:
  explicit transaction(const connection& c) : db_(&c) {}
  const connection* db_;
  bool done_ = false;
};

}  // namespace pantau::sqlite
