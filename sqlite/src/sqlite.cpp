#include "pantau/sqlite/sqlite.hpp"

#include <chrono>
#include <filesystem>
#include <system_error>
#include <thread>

namespace pantau::sqlite {
namespace {

error make_error(std::string message) { return error{std::string(error_code), std::move(message)}; }

const char* sync_pragma(sync_mode m) {
  switch (m) {
    case sync_mode::off: return "PRAGMA synchronous = OFF";
    case sync_mode::normal: return "PRAGMA synchronous = NORMAL";
    case sync_mode::full: break;
  }
  return "PRAGMA synchronous = FULL";
}

}  // namespace

result<connection> connection::open(const std::string& path, const open_options& options) {
  if (options.create) {
    const auto dir = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(path + ": cannot create directory: " + ec.message());
  }
  connection c;
  c.path_ = path;
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  c.db_.reset(raw);
  if (rc != SQLITE_OK)
    return make_error(path + ": open: " + (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);

  if (options.wal && !options.read_only) {
    // The busy handler does not cover the switch of a brand-new file to WAL: retry until the timeout.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
    bool wal = false;
    for (;;) {
      auto st = c.prepare("PRAGMA journal_mode = WAL");
      const int step_rc = st ? st->step() : sqlite3_extended_errcode(raw);
      if (step_rc == SQLITE_ROW) wal = st->column_view(0) == "wal";
      // Only a lock is worth waiting for (it shows as an error or as the old mode answered back); a
      // broken or foreign file will not get better.
      const bool locked =
          step_rc == SQLITE_ROW || (step_rc & 0xff) == SQLITE_BUSY || (step_rc & 0xff) == SQLITE_LOCKED;
      if (wal || !locked || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!wal) return c.fail(path + ": cannot switch to WAL");
  }
  if (auto r = c.exec(sync_pragma(options.synchronous)); !r) return make_error(path + ": " + r.err().message);
  if (options.read_only) {
    if (auto r = c.exec("PRAGMA query_only = 1"); !r) return make_error(path + ": " + r.err().message);
  }
  for (const auto& p : options.pragmas) {
    if (auto r = c.exec(p); !r) return make_error(path + ": " + r.err().message);
  }
  return c;
}

result<bool> connection::exec(std::string_view sql) const {
  const std::string text(sql);
  char* msg = nullptr;
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
    std::string why = msg != nullptr ? msg : sqlite3_errmsg(db_.get());
    sqlite3_free(msg);
    return make_error(text.substr(0, 60) + ": " + why);
  }
  return true;
}

result<statement> connection::prepare(std::string_view sql) const { return statement::prepare(db_.get(), sql); }

error connection::fail(std::string_view what) const {
  return make_error(std::string(what) + ": " + (db_ != nullptr ? sqlite3_errmsg(db_.get()) : "not open"));
}

result<statement> statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(raw);
    return make_error("prepare \"" + std::string(sql.substr(0, 60)) + "\": " +
                      (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
  }
  statement s;
  s.st_.reset(raw);
  return s;
}

result<bool> statement::run(std::string_view what) {
  reset_guard guard(*this);
  if (step() != SQLITE_DONE) {
    sqlite3* db = sqlite3_db_handle(st_.get());
    return make_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
  return true;
}

std::string statement::column_text(int i) const { return std::string(column_view(i)); }

std::string_view statement::column_view(int i) const {
  const auto* p = sqlite3_column_text(st_.get(), i);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_.get(), i))};
}

result<transaction> transaction::begin(const connection& c) {
  if (auto r = c.exec("BEGIN IMMEDIATE"); !r) return r.err();
  return transaction(c);
}

transaction::~transaction() {
  if (db_ != nullptr && !done_ && db_->in_transaction()) static_cast<void>(db_->exec("ROLLBACK"));
}

result<bool> transaction::commit() {
  auto r = db_->exec("COMMIT");
  if (r) done_ = true;
  return r;
}

}  // namespace pantau::sqlite
