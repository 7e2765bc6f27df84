#include "pantau/sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <system_error>
#include <thread>

namespace pantau::sqlite {
namespace {

error make_error(std::string message) { return error{errc::store_error, std::move(message)}; }

const char* sync_pragma(sync_mode m) {
  switch (m) {
    case sync_mode::off: return "PRAGMA synchronous = OFF";
    case sync_mode::normal: return "PRAGMA synchronous = NORMAL";
    case sync_mode::full: break;
  }
  return "PRAGMA synchronous = FULL";
}

}  // namespace

// ---- connection -----------------------------------------------------------------------------

struct connection::transaction_statements {
  statement begin, commit, rollback;
};

void connection::closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

connection::connection() = default;
connection::~connection() {
  tx_.reset();  // its statements before the connection they belong to
}
connection::connection(connection&&) noexcept = default;
connection& connection::operator=(connection&& o) noexcept {
  tx_.reset();
  db_ = std::move(o.db_);
  path_ = std::move(o.path_);
  tx_ = std::move(o.tx_);
  return *this;
}

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
      const int step_rc = st ? sqlite3_step(st->st_.get()) : sqlite3_extended_errcode(raw);
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

std::int64_t connection::changes() const { return sqlite3_changes64(db_.get()); }
std::int64_t connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
bool connection::in_transaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_.get()) == 0; }

// ---- statement ------------------------------------------------------------------------------

void statement::finalizer::operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }

statement::statement() = default;
statement::~statement() = default;
statement::statement(statement&&) noexcept = default;
statement& statement::operator=(statement&&) noexcept = default;

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

statement& statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(st_.get(), i, v);
  return *this;
}

statement& statement::bind(int i, double v) {
  sqlite3_bind_double(st_.get(), i, v);
  return *this;
}

statement& statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

statement& statement::bind_blob(int i, std::string_view v) {
  sqlite3_bind_blob(st_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

statement& statement::bind_null(int i) {
  sqlite3_bind_null(st_.get(), i);
  return *this;
}

result<step> statement::execute_step(std::string_view what) {
  switch (sqlite3_step(st_.get())) {
    case SQLITE_ROW: return sqlite::step::row;
    case SQLITE_DONE: return sqlite::step::done;
    default: break;
  }
  return make_error(std::string(what) + ": " + sqlite3_errmsg(sqlite3_db_handle(st_.get())));
}

result<bool> statement::run(std::string_view what) {
  reset_guard guard(*this);
  auto s = execute_step(what);
  if (!s) return s.err();
  // A row where none was expected: the statement is not one that only writes.
  if (*s != sqlite::step::done) return make_error(std::string(what) + ": " + sqlite3_errmsg(sqlite3_db_handle(st_.get())));
  return true;
}

void statement::reset() {
  sqlite3_reset(st_.get());
  sqlite3_clear_bindings(st_.get());
}

std::int64_t statement::column_int64(int i) const { return sqlite3_column_int64(st_.get(), i); }
double statement::column_double(int i) const { return sqlite3_column_double(st_.get(), i); }
bool statement::column_is_null(int i) const { return sqlite3_column_type(st_.get(), i) == SQLITE_NULL; }
std::string statement::column_text(int i) const { return std::string(column_view(i)); }

std::string_view statement::column_view(int i) const {
  const auto* p = sqlite3_column_text(st_.get(), i);
  if (p == nullptr) return {};
  return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_.get(), i))};
}

// ---- transaction ----------------------------------------------------------------------------

result<transaction> transaction::begin(const connection& c) {
  if (!c.tx_) {
    auto tx = std::make_unique<connection::transaction_statements>();
    for (auto [st, sql] : {std::pair{&tx->begin, "BEGIN IMMEDIATE"}, std::pair{&tx->commit, "COMMIT"},
                           std::pair{&tx->rollback, "ROLLBACK"}}) {
      auto prepared = c.prepare(sql);
      if (!prepared) return prepared.err();
      *st = std::move(prepared).value();
    }
    c.tx_ = std::move(tx);
  }
  if (auto r = c.tx_->begin.run("BEGIN IMMEDIATE"); !r) return r.err();
  return transaction(c);
}

transaction::~transaction() {
  if (db_ != nullptr && !done_ && db_->in_transaction())
    static_cast<void>(db_->tx_->rollback.run("ROLLBACK"));
}

result<bool> transaction::commit() {
  auto r = db_->tx_->commit.run("COMMIT");
  if (r) done_ = true;
  return r;
}

}  // namespace pantau::sqlite
