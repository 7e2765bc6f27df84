#include "pantau/kiosk/sqlite_outbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <utility>

#include "pantau/sqlite/sqlite.hpp"

namespace pantau::kiosk {

namespace {

constexpr std::string_view schema_sql[] = {
    "CREATE TABLE IF NOT EXISTS outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
    "payload TEXT NOT NULL, created_ms INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    // What the kiosk remembers across a restart (state_note), one row per part that remembers.
    "CREATE TABLE IF NOT EXISTS kiosk_state(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
};

// The same rule AUTOINCREMENT applies (the larger of the remembered maximum and the largest row),
// computed up front because the payload carries its own seq and must be complete when inserted.
constexpr std::string_view next_seq_sql =
    "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0), "
    "COALESCE((SELECT max(seq) FROM outbox), 0)) + 1";

}  // namespace

struct sqlite_outbox::impl {
  sqlite::connection db;  // declared first: statements below are finalized before it closes
  std::string path;
  std::string install_id;
  sqlite::statement next_seq, insert, pending, delete_range, delete_one, count, last_seq, put_state, get_state,
      get_head, put_head;

  // Each failure is told with this outbox's path, in the store_error code every store reports.
  error storage(const error& e) const { return error{errc::store_error, "outbox " + path + ": " + e.message}; }
  // SQLite's last message for `what`.
  error fail(std::string_view what) const { return storage(db.fail(what)); }

  bool prepare_all() {
    struct item {
      sqlite::statement& st;
      std::string_view sql;
    };
    const item items[] = {
        {next_seq, next_seq_sql},
        {insert, "INSERT INTO outbox(seq, id, payload, created_ms) VALUES(?1, ?2, ?3, ?4)"},
        {pending, "SELECT seq, id, payload FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2"},
        {delete_range, "DELETE FROM outbox WHERE seq BETWEEN ?1 AND ?2"},
        {delete_one, "DELETE FROM outbox WHERE seq = ?1"},
        {count, "SELECT count(*) FROM outbox"},
        {last_seq, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)"},
        {put_state, "INSERT INTO kiosk_state(key, value) VALUES(?1, ?2) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
        {get_state, "SELECT value FROM kiosk_state WHERE key = ?1"},
        // The chain's head outlives the rows (acked ones are deleted): kept with install_id.
        {get_head, "SELECT value FROM meta WHERE key = 'chain_head'"},
        {put_head, "INSERT INTO meta(key, value) VALUES('chain_head', ?1) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value"},
    };
    for (const auto& i : items) {
      auto st = db.prepare(i.sql);
      if (!st) return false;
      i.st = std::move(st).value();
    }
    return true;
  }

  result<std::int64_t> scalar(sqlite::statement& st, std::string_view what) {
    sqlite::reset_guard g(st);
    auto row = st.execute_step(what);
    if (!row || *row != sqlite::step::row) return fail(what);
    return st.column_int64(0);
  }
};


result<std::unique_ptr<sqlite_outbox>> sqlite_outbox::open(const sqlite_outbox_options& opts,
                                                           event_factory factory) {
  const std::filesystem::path file(opts.path);
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);  // a failure shows up when opening
  }
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    // Built under a private name and linked into place, so that nobody (another process, an
    // operator's sqlite3, a test) ever opens an outbox file without its tables.
    const std::string fresh = opts.path + ".new-" + uuid_generator().next();
    {
      auto made = open_connection(fresh, opts.busy_timeout_ms);
      if (!made) {
        std::filesystem::remove(fresh, ec);
        return made.err();
      }
    }  // closing the only connection folds the WAL back into the file
    // EEXIST: another process was first, and its file is as good. Any other failure (a filesystem
    // without hard links) leaves the file to be created in place below.
    static_cast<void>(::link(fresh.c_str(), opts.path.c_str()));
    std::filesystem::remove(fresh, ec);
  }
  auto d = open_connection(opts.path, opts.busy_timeout_ms);
  if (!d) return d.err();
  std::string install_id = (*d)->install_id;
  std::unique_ptr<sqlite_outbox> box(new sqlite_outbox(std::move(d).value(), std::move(factory), opts.path));
  box->install_id_ = std::move(install_id);
  return box;
}

result<std::unique_ptr<sqlite_outbox::impl>> sqlite_outbox::open_connection(const std::string& path,
                                                                            int busy_timeout_ms) {
  auto d = std::make_unique<sqlite_outbox::impl>();
  d->path = path;
  sqlite::open_options options;
  options.create = true;
  options.busy_timeout_ms = busy_timeout_ms;
  options.synchronous = sqlite::sync_mode::full;
  auto db = sqlite::connection::open(path, options);
  if (!db) return error{errc::store_error, "tidak bisa membuka outbox / cannot open outbox " + db.err().message};
  d->db = std::move(db).value();

  {
    // Rolls back on every early return.
    auto tx = sqlite::transaction::begin(d->db);
    if (!tx) return d->fail("cannot lock for the schema");
    for (auto sql : schema_sql) {
      if (!d->db.exec(sql)) return d->fail("cannot create the schema");
    }
    auto put = d->db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES('install_id', ?1)");
    const std::string fresh = uuid_generator().next();
    if (!put || !put->bind(1, fresh).run("write install_id")) return d->fail("cannot write install_id");
    if (!tx->commit()) return d->fail("cannot commit the schema");
  }
  {
    auto get = d->db.prepare("SELECT value FROM meta WHERE key = 'install_id'");
    if (!get) return d->fail("cannot read install_id");
    auto row = get->execute_step("read install_id");
    if (!row || *row != sqlite::step::row) return d->fail("cannot read install_id");
    d->install_id = get->column_text(0);
  }
  if (!d->prepare_all()) return d->fail("cannot prepare statements");
  return d;
}

sqlite_outbox::sqlite_outbox(std::unique_ptr<impl> d, event_factory factory, std::string path)
    : d_(std::move(d)), factory_(std::move(factory)), path_(std::move(path)) {}

sqlite_outbox::~sqlite_outbox() = default;

result<stored_event> sqlite_outbox::append(const event_data& data) {
  auto rows = append_many(std::span<const event_data>(&data, 1));
  if (!rows) return rows.err();
  return std::move(rows->front());
}

result<std::vector<stored_event>> sqlite_outbox::append_many(std::span<const event_data> batch) {
  return append_with_state(batch, nullptr);
}

result<std::vector<stored_event>> sqlite_outbox::append_with_state(std::span<const event_data> batch,
                                                                   const state_note* note) {
  std::vector<stored_event> rows;
  if (batch.empty() && note == nullptr) return rows;
  rows.reserve(batch.size());
  auto tx = sqlite::transaction::begin(d_->db);
  if (!tx) return d_->fail("cannot begin a write");
  if (note != nullptr) {
    // Written first: an event that fails below takes the note back with it (the rollback).
    d_->put_state.bind(1, note->key).bind(2, note->value);
    if (auto r = d_->put_state.run("cannot keep state " + note->key); !r) return d_->storage(r.err());
  }
  auto first = d_->scalar(d_->next_seq, "cannot read the next seq");
  if (!first) return first.err();
  const std::int64_t created_ms = factory_.time_source().utc_ms();
  std::string head;
  {
    sqlite::reset_guard g(d_->get_head);
    auto row = d_->get_head.execute_step("cannot read the chain head");
    if (!row) return d_->storage(row.err());
    if (*row == sqlite::step::row) head = d_->get_head.column_text(0);
  }
  auto made = factory_.make_chain(batch, *first, head);
  if (!made) return made.err();
  rows = std::move(made).value();
  for (const auto& row : rows) {
    d_->insert.bind(1, row.seq).bind(2, row.id).bind(3, row.payload).bind(4, created_ms);
    if (auto r = d_->insert.run("cannot insert"); !r) return d_->storage(r.err());
  }
  if (!rows.empty()) {
    d_->put_head.bind(1, head);
    if (auto r = d_->put_head.run("cannot keep the chain head"); !r) return d_->storage(r.err());
  }
  if (!tx->commit()) return d_->fail("cannot commit");
  return rows;
}

result<std::optional<std::string>> sqlite_outbox::read_state(std::string_view key) {
  sqlite::reset_guard g(d_->get_state);
  d_->get_state.bind(1, key);
  auto row = d_->get_state.execute_step("cannot read state");
  if (!row) return d_->storage(row.err());
  if (*row == sqlite::step::row) return std::optional<std::string>(d_->get_state.column_text(0));
  return std::optional<std::string>{};
}

result<std::vector<stored_event>> sqlite_outbox::pending(std::int64_t after_seq, std::size_t limit) {
  std::vector<stored_event> rows;
  if (limit == 0) return rows;
  d_->pending.bind(1, after_seq).bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
  auto read = d_->pending.each_row("cannot read pending events", [&rows](const sqlite::statement& row) {
    rows.push_back(stored_event{row.column_int64(0), row.column_text(1), row.column_text(2)});
  });
  if (!read) return d_->storage(read.err());
  return rows;
}

result<std::int64_t> sqlite_outbox::remove(std::span<const seq_range> ranges,
                                           std::span<const std::int64_t> seqs) {
  if (ranges.empty() && seqs.empty()) return std::int64_t{0};
  auto tx = sqlite::transaction::begin(d_->db);
  if (!tx) return d_->fail("cannot begin a delete");
  std::int64_t removed = 0;
  for (const auto& [from, to] : ranges) {
    if (from > to) continue;
    d_->delete_range.bind(1, from).bind(2, to);
    if (auto r = d_->delete_range.run("cannot delete"); !r) return d_->storage(r.err());
    removed += d_->db.changes();
  }
  for (auto seq : seqs) {
    d_->delete_one.bind(1, seq);
    if (auto r = d_->delete_one.run("cannot delete"); !r) return d_->storage(r.err());
    removed += d_->db.changes();
  }
  if (!tx->commit()) return d_->fail("cannot commit a delete");
  return removed;
}

result<std::int64_t> sqlite_outbox::backlog() { return d_->scalar(d_->count, "cannot count"); }

result<std::int64_t> sqlite_outbox::last_seq() { return d_->scalar(d_->last_seq, "cannot read last seq"); }

}  // namespace pantau::kiosk
