#pragma once
// Minimal RAII around the SQLite C API for the outbox: an owned connection and owned prepared
// statements. Thread-safety: as SQLite's connection; each object used by one thread at a time.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace pantau::kiosk::sqlite {

struct connection_closer {
  void operator()(sqlite3* h) const { sqlite3_close_v2(h); }
};
using connection = std::unique_ptr<sqlite3, connection_closer>;

struct statement_finalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class statement {
 public:
  statement() = default;
  // Empty on failure; the connection's errmsg says why.
  static statement prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                       nullptr);
    statement s;
    s.st_.reset(raw);
    return s;
  }
  explicit operator bool() const { return st_ != nullptr; }

  // Text is bound without a copy: the caller keeps it alive until reset().
  statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(st_.get(), i, v);
    return *this;
  }
  statement& bind(int i, std::string_view v) {
    sqlite3_bind_text(st_.get(), i, v.data(), static_cast<int>(v.size()), nullptr);
    return *this;
  }
  int step() { return sqlite3_step(st_.get()); }
  void reset() {
    sqlite3_reset(st_.get());
    sqlite3_clear_bindings(st_.get());
  }
  std::int64_t column_int64(int i) const { return sqlite3_column_int64(st_.get(), i); }
  std::string column_text(int i) const {
    const auto* p = sqlite3_column_text(st_.get(), i);
    const int n = sqlite3_column_bytes(st_.get(), i);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
  }

 private:
  std::unique_ptr<sqlite3_stmt, statement_finalizer> st_;
};

// Resets the statement when leaving scope, so every early return leaves it reusable and unlocked.
class reset_guard {
 public:
  explicit reset_guard(statement& s) : s_(s) {}
  ~reset_guard() { s_.reset(); }
  reset_guard(const reset_guard&) = delete;
  reset_guard& operator=(const reset_guard&) = delete;

 private:
  statement& s_;
};

}  // namespace pantau::kiosk::sqlite
