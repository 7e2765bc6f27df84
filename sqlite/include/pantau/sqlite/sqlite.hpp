#pragma once
// RAII over the SQLite C API for the adapters that keep files (kiosk outbox, hub store), after
// SQLiteCpp: an owned connection opened with the project's pragmas, prepared statements whose
// execute_step() says row or done, typed binders and column getters, a reset guard and a write
// transaction that rolls back unless committed. The raw handles stay inside: this header does not
// include <sqlite3.h>. Expected failures are pantau::result values with the code errc::store_error and
// SQLite's own message.
// Thread-safety: none inside; each object belongs to one thread at a time (connections are opened
// SQLITE_OPEN_NOMUTEX), any number of connections and processes may share a file.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pantau/shared/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace pantau::sqlite {

enum class sync_mode { off, normal, full };

struct open_options {
  bool create = true;        // create the file and its folder when missing
  bool read_only = false;    // PRAGMA query_only: this connection never writes
  bool wal = true;           // journal_mode=WAL (needs a moment alone with a new file: retried)
  sync_mode synchronous = sync_mode::full;  // FULL: a COMMIT survives power loss (every ack relies on it)
  int busy_timeout_ms = 5000;
  std::vector<std::string> pragmas;  // more, run after the above ("PRAGMA cache_size = -65536", ...)
};

// What one step of a statement found.
enum class step { row, done };

class statement;
class transaction;

class connection {
 public:
  connection();
  ~connection();
  connection(connection&&) noexcept;
  connection& operator=(connection&&) noexcept;
  // Errors name the file.
  static result<connection> open(const std::string& path, const open_options& options = {});

  explicit operator bool() const { return db_ != nullptr; }
  const std::string& path() const { return path_; }

  // Runs constant SQL (may hold several statements).
  result<bool> exec(std::string_view sql) const;
  result<statement> prepare(std::string_view sql) const;
  // "<what>: <SQLite's last message>" with the store_error code.
  error fail(std::string_view what) const;

  std::int64_t changes() const;
  std::int64_t last_insert_rowid() const;
  bool in_transaction() const;

 private:
  friend class transaction;
  struct closer {
    void operator()(sqlite3* db) const;
  };
  // BEGIN IMMEDIATE, COMMIT and ROLLBACK, prepared once at the first transaction and kept.
  struct transaction_statements;

  std::unique_ptr<sqlite3, closer> db_;
  std::string path_;
  mutable std::unique_ptr<transaction_statements> tx_;  // finalized before db_ closes (declared after it)
};

class statement {
 public:
  statement();
  ~statement();
  statement(statement&&) noexcept;
  statement& operator=(statement&&) noexcept;

  explicit operator bool() const { return st_ != nullptr; }

  // Text and blobs are bound without a copy: they must stay alive until reset().
  statement& bind(int i, std::int64_t v);
  statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  statement& bind(int i, double v);
  statement& bind(int i, std::string_view v);
  statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  statement& bind_blob(int i, std::string_view v);
  statement& bind_null(int i);

  // One step: a row to read with the column getters, or done; an error names `what` and gives
  // SQLite's message.
  result<sqlite::step> execute_step(std::string_view what);
  // Steps to completion and resets; `what` names the work in the error.
  result<bool> run(std::string_view what);
  // Every row to `on_row` (a const statement& to read), then resets; stops at the first error of
  // SQLite's or of `on_row` when that returns a result.
  template <class F>
  result<bool> each_row(std::string_view what, F&& on_row);
  // Ready to run again, with no bindings left that could point at freed text.
  void reset();

  std::int64_t column_int64(int i) const;
  double column_double(int i) const;
  bool column_is_null(int i) const;
  std::string column_text(int i) const;
  std::string_view column_view(int i) const;  // valid until the next step/reset

 private:
  friend class connection;
  struct finalizer {
    void operator()(sqlite3_stmt* st) const;
  };
  static result<statement> prepare(sqlite3* db, std::string_view sql);
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

template <class F>
result<bool> statement::each_row(std::string_view what, F&& on_row) {
  reset_guard guard(*this);
  for (;;) {
    auto s = execute_step(what);
    if (!s) return s.err();
    if (*s == sqlite::step::done) return true;
    if constexpr (std::is_void_v<decltype(on_row(std::as_const(*this)))>) {
      on_row(std::as_const(*this));
    } else {
      if (auto r = on_row(std::as_const(*this)); !r) return r.err();
    }
  }
}

// BEGIN IMMEDIATE (the write lock up front: no deadlock upgrading later); rolls back when it ends
// without a successful commit(), including when COMMIT itself failed (SQLITE_BUSY leaves it open).
// The three statements are prepared once per connection, not per transaction.
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
