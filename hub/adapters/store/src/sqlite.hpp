#pragma once
// Small RAII layer over the SQLite C API (connections and prepared statements), private to the store.
// Thread-safety: none; each object belongs to one connection's owner.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::hub::sqlite {

struct db_close {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using db_ptr = std::unique_ptr<sqlite3, db_close>;

struct stmt_finalize {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};

inline error db_error(sqlite3* db, std::string_view what) {
  return error{"store_error", std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory")};
}

class statement {
 public:
  statement() = default;
  static result<statement> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                           nullptr) != SQLITE_OK) {
      sqlite3_finalize(raw);
      return db_error(db, "prepare \"" + std::string(sql.substr(0, 60)) + "\"");
    }
    statement s;
    s.st_.reset(raw);
    return s;
  }

  sqlite3_stmt* get() const { return st_.get(); }

  // Text and blobs are bound without a copy: they must outlive the next step().
  int bind(int i, std::int64_t v) { return sqlite3_bind_int64(st_.get(), i, v); }
  int bind(int i, std::string_view v) {
    return sqlite3_bind_text(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  int bind_blob(int i, std::string_view v) {
    return sqlite3_bind_blob(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  int bind_null(int i) { return sqlite3_bind_null(st_.get(), i); }

  int step() { return sqlite3_step(st_.get()); }
  void reset() { sqlite3_reset(st_.get()); }

  std::int64_t column_int(int i) const { return sqlite3_column_int64(st_.get(), i); }
  std::string column_text(int i) const {
    const auto* p = sqlite3_column_text(st_.get(), i);
    return p != nullptr ? std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(st_.get(), i)))
                        : std::string();
  }

 private:
  std::unique_ptr<sqlite3_stmt, stmt_finalize> st_;
};

// Resets a statement when the scope ends, so a failed step never leaves it half-run.
class reset_on_exit {
 public:
  explicit reset_on_exit(statement& s) : s_(s) {}
  ~reset_on_exit() { s_.reset(); }
  reset_on_exit(const reset_on_exit&) = delete;
  reset_on_exit& operator=(const reset_on_exit&) = delete;

 private:
  statement& s_;
};

inline result<bool> exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string text = msg != nullptr ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    return error{"store_error", std::string(sql).substr(0, 60) + ": " + text};
  }
  return true;
}

}  // namespace pantau::hub::sqlite
