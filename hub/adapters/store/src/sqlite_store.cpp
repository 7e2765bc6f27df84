#include "pantau/hub/store/sqlite_store.hpp"

#include <mutex>
#include <tuple>

#include "aggregate_tables.hpp"
#include "rtl_tables.hpp"
#include "clock_tables.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub {
namespace {

constexpr int schema_version = 2;  // 2: organisation and day aggregates

// `events` keeps its rowid (no WITHOUT ROWID): rowid order is arrival order.
constexpr const char* schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS events(
  id TEXT PRIMARY KEY NOT NULL,
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  ts_ms INTEGER NOT NULL,
  clock TEXT NOT NULL,
  received_ms INTEGER NOT NULL,
  payload TEXT NOT NULL,
  epoch INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS kiosks(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  registered_ms INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'online',
  version TEXT NOT NULL DEFAULT '',
  backlog INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  last_seen_ms INTEGER NOT NULL DEFAULT 0,
  clock TEXT NOT NULL DEFAULT '',
  camera TEXT NOT NULL DEFAULT '',
  public_key TEXT NOT NULL DEFAULT '',
  epoch INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(office, kiosk));
CREATE TABLE IF NOT EXISTS unauthenticated(
  sha256 TEXT PRIMARY KEY NOT NULL,
  topic TEXT NOT NULL,
  reason TEXT NOT NULL,
  size INTEGER NOT NULL,
  head BLOB NOT NULL,
  count INTEGER NOT NULL,
  first_ms INTEGER NOT NULL,
  last_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rejected(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  seq INTEGER,
  id TEXT,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  payload BLOB NOT NULL,
  received_ms INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS rejected_once ON rejected(office, kiosk, seq, id);
CREATE TABLE IF NOT EXISTS alerts(
  id TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  office TEXT NOT NULL,
  subject TEXT NOT NULL,
  unit TEXT,
  state TEXT NOT NULL,
  raised_ms INTEGER NOT NULL,
  cleared_ms INTEGER,
  message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alerts_newest ON alerts(raised_ms);
)sql";

constexpr const char* kiosk_select =
    "SELECT office, kiosk, registered_ms, state, version, backlog, last_seq, events, last_seen_ms, clock, "
    "camera, public_key, epoch, clock_offset_ms, clock_error_ms FROM kiosks ";
const std::string kiosk_columns = std::string(kiosk_select) + "ORDER BY office, kiosk";
const std::string one_kiosk = std::string(kiosk_select) + "WHERE office = ?1 AND kiosk = ?2";
// Open gaps of each kiosk's current epoch; all kiosks when ?1 is NULL.
constexpr const char* open_gaps_select =
    "SELECT g.office, g.kiosk, g.from_seq, g.to_seq, g.missing, g.recorded_ms FROM seq_gaps g "
    "JOIN kiosks k ON k.office = g.office AND k.kiosk = g.kiosk AND k.epoch = g.epoch "
    "WHERE g.filled_ms IS NULL AND (?1 IS NULL OR (g.office = ?1 AND g.kiosk = ?2)) "
    "ORDER BY g.office, g.kiosk, g.from_seq";

error with_path(const std::string& path, error e) {
  e.message = path + ": " + e.message;
  return e;
}

result<sqlite::connection> open_db(const std::string& path, bool writer) {
  sqlite::open_options o;
  o.create = writer;
  o.read_only = !writer;
  o.wal = writer;
  o.synchronous = sqlite::sync_mode::full;
  o.busy_timeout_ms = 5000;
  if (writer) o.pragmas = {"PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY"};
  return sqlite::connection::open(path, o);
}

result<std::vector<kiosk_info>> read_kiosks(sqlite::statement& st) {
  std::vector<kiosk_info> out;
  auto r = st.each_row("read kiosks", [&out](const sqlite::statement& row) {
    kiosk_info k;
    k.office = row.column_text(0);
    k.kiosk = row.column_text(1);
    k.registered_ms = row.column_int64(2);
    k.state = row.column_text(3);
    k.version = row.column_text(4);
    k.backlog = row.column_int64(5);
    k.last_seq = row.column_int64(6);
    k.events = row.column_int64(7);
    k.last_seen_ms = row.column_int64(8);
    k.clock = row.column_text(9);
    k.camera = row.column_text(10);
    k.public_key = row.column_text(11);
    k.epoch = row.column_int64(12);
    if (!row.column_is_null(13)) k.clock_offset_ms = row.column_int64(13);
    if (!row.column_is_null(14)) k.clock_error_ms = row.column_int64(14);
    out.push_back(std::move(k));
  });
  if (!r) return r.err();
  return out;
}

// The kiosks with their open gaps (`gaps` prepared from open_gaps_select; `office` empty: all of them).
result<std::vector<kiosk_info>> read_kiosks_with_gaps(sqlite::statement& kiosks, sqlite::statement& gaps,
                                                      std::string_view office = {}, std::string_view kiosk = {}) {
  auto out = read_kiosks(kiosks);
  if (!out) return out;
  if (office.empty()) {
    gaps.bind_null(1).bind_null(2);
  } else {
    gaps.bind(1, office).bind(2, kiosk);
  }
  std::size_t at = 0;  // both are ordered by office, kiosk
  auto r = gaps.each_row("read open gaps", [&](const sqlite::statement& row) {
    const auto o = row.column_view(0);
    const auto k = row.column_view(1);
    while (at < out->size() && std::tie((*out)[at].office, (*out)[at].kiosk) < std::tie(o, k)) ++at;
    if (at == out->size() || (*out)[at].office != o || (*out)[at].kiosk != k) return;
    (*out)[at].gaps.push_back({row.column_int64(2), row.column_int64(3), row.column_int64(4), row.column_int64(5)});
  });
  if (!r) return r.err();
  return out;
}

const char* clock_text(clock_state c) { return c == clock_state::synced ? "synced" : "unsynced"; }

}  // namespace

// ---- writer ---------------------------------------------------------------------------------

// Rows kept of unauthenticated messages: enough to study an attack, bounded so one cannot fill the disk.
constexpr std::int64_t unauthenticated_rows_max = 10'000;
constexpr std::size_t unauthenticated_head_bytes = 4096;

struct sqlite_store::impl {
  std::string path;
  sqlite::connection db;
  sqlite::statement insert_event;
  sqlite::statement insert_rejected;
  sqlite::statement count_aside;
  sqlite::statement insert_aside;
  std::int64_t aside_rows = 0;
  sqlite::statement upsert_kiosk;
  sqlite::statement find_event;
  sqlite::statement list_kiosks;
  sqlite::statement find_kiosk;
  sqlite::statement open_gaps;
  sqlite::statement insert_gap;
  sqlite::statement fill_gap;
  store_detail::aggregate_writer aggregates;
  store_detail::clock_writer clocks;
  day_batch days;  // this batch's aggregate changes, written once per touched row
  bool keep_aggregates = true;

  result<bool> prepare_all() {
    if (auto r = aggregates.prepare(db); !r) return r;
    if (auto r = clocks.prepare(db); !r) return r;
    struct item {
      sqlite::statement* st;
      const char* sql;
    };
    const item items[] = {
        {&insert_event,
         "INSERT OR IGNORE INTO events(id, office, kiosk, seq, type, ts_ms, clock, received_ms, payload, epoch) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
        {&count_aside, "UPDATE unauthenticated SET count = count + ?2, last_ms = max(last_ms, ?3) WHERE sha256 = ?1"},
        {&insert_aside,
         "INSERT OR IGNORE INTO unauthenticated(sha256, topic, reason, size, head, count, first_ms, last_ms) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
        {&insert_rejected,
         "INSERT OR IGNORE INTO rejected(office, kiosk, seq, id, reason, message, payload, received_ms, epoch) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"},
        // `events` arrives as the number inserted by this batch and is added, never overwritten. The
        // key and epoch are only ever written by registration (`kiosk add`); a cursor of an older
        // epoch than the row's (a key registered while the batch was decided) is not written over it.
        {&upsert_kiosk,
         "INSERT INTO kiosks(office, kiosk, registered_ms, state, version, backlog, last_seq, events, "
         "last_seen_ms, clock, camera, epoch, clock_offset_ms, clock_error_ms) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
         "ON CONFLICT(office, kiosk) DO UPDATE SET state = excluded.state, version = excluded.version, "
         "backlog = excluded.backlog, "
         "last_seq = CASE WHEN kiosks.epoch = excluded.epoch THEN excluded.last_seq ELSE kiosks.last_seq END, "
         "events = kiosks.events + excluded.events, "
         "last_seen_ms = excluded.last_seen_ms, clock = excluded.clock, camera = excluded.camera, "
         "clock_offset_ms = excluded.clock_offset_ms, clock_error_ms = excluded.clock_error_ms"},
        {&find_event, "SELECT 1 FROM events WHERE id = ?1"},
        {&list_kiosks, kiosk_columns.c_str()},
        {&find_kiosk, one_kiosk.c_str()},
        {&open_gaps, open_gaps_select},
        {&insert_gap,
         "INSERT OR IGNORE INTO seq_gaps(office, kiosk, epoch, from_seq, to_seq, recorded_ms, missing) "
         "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?5 - ?4 + 1)"},
        // The gap closes with its last missing seq.
        {&fill_gap,
         "UPDATE seq_gaps SET missing = missing - 1, filled_ms = CASE WHEN missing <= 1 THEN ?5 END "
         "WHERE office = ?1 AND kiosk = ?2 AND epoch = ?3 AND from_seq <= ?4 AND to_seq >= ?4 AND filled_ms IS NULL"},
    };
    for (const auto& it : items) {
      auto st = db.prepare(it.sql);
      if (!st) return st.err();
      *it.st = std::move(st).value();
    }
    return true;
  }

  // Counts an inserted event in `days`, a check-in or check-out where its boot's clock places it.
  result<bool> add_to_days(const pantau::event& e) {
    auto zone = aggregates.zone_of(e.office);
    if (!zone) return zone.err();
    auto placed = clocks.place(e, *zone);
    if (!placed) return placed.err();
    days.add(e, *zone, placed->has_value() ? &**placed : nullptr);
    return true;
  }

  result<bool> write_all(const write_set& batch, write_outcome& out, std::vector<std::int64_t>& added) {
    out.inserted.assign(batch.events.size(), 0);
    added.assign(batch.kiosks.size(), 0);
    days.clear();
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
      const event_row& row = batch.events[i];
      const pantau::event& e = *row.ev;
      sqlite::statement& st = insert_event;
      st.bind(1, e.id);
      st.bind(2, e.office);
      st.bind(3, e.kiosk);
      st.bind(4, e.seq);
      st.bind(5, std::string_view(to_string(e.type())));
      st.bind(6, e.ts_ms);
      st.bind(7, std::string_view(clock_text(e.clock)));
      st.bind(8, row.received_ms);
      st.bind(9, row.payload);
      st.bind(10, row.kiosk < batch.kiosks.size() ? batch.kiosks[row.kiosk].info.epoch : 0);
      if (auto r = st.run("insert event"); !r) return r;
      if (db.changes() > 0) {
        out.inserted[i] = 1;
        if (row.kiosk < added.size()) ++added[row.kiosk];
        if (row.fills_gap) {
          fill_gap.bind(1, e.office).bind(2, e.kiosk).bind(4, e.seq).bind(5, row.received_ms);
          fill_gap.bind(3, row.kiosk < batch.kiosks.size() ? batch.kiosks[row.kiosk].info.epoch : 0);
          if (auto r = fill_gap.run("fill gap"); !r) return r;
        }
        if (!keep_aggregates) continue;
        if (auto r = add_to_days(e); !r) return r;
      }
    }
    if (keep_aggregates) {
      if (auto r = aggregates.apply(days); !r) return r;
      if (auto r = clocks.recompute_touched(); !r) return r;
    }
    for (const gap_row& g : batch.gaps) {
      insert_gap.bind(1, g.office).bind(2, g.kiosk).bind(3, g.epoch).bind(4, g.from_seq).bind(5, g.to_seq);
      insert_gap.bind(6, g.recorded_ms);
      if (auto r = insert_gap.run("record gap"); !r) return r;
    }
    for (const rejected_row& r : batch.rejected) {
      sqlite::statement& st = insert_rejected;
      st.bind(1, r.office);
      st.bind(2, r.kiosk);
      if (r.seq > 0) st.bind(3, r.seq); else st.bind_null(3);
      if (!r.id.empty()) st.bind(4, r.id); else st.bind_null(4);
      st.bind(5, to_string(r.reason));
      st.bind(6, r.message);
      st.bind_blob(7, r.payload);
      st.bind(8, r.received_ms);
      st.bind(9, r.epoch);
      if (auto done = st.run("insert rejected"); !done) return done;
    }
    for (const unauthenticated_row& u : batch.unauthenticated) {
      count_aside.bind(1, u.sha256).bind(2, u.count).bind(3, u.last_ms);
      if (auto r = count_aside.run("count unauthenticated"); !r) return r;
      if (db.changes() > 0 || aside_rows >= unauthenticated_rows_max) continue;  // full: /metrics still counts
      insert_aside.bind(1, u.sha256).bind(2, u.topic).bind(3, u.reason);
      insert_aside.bind(4, static_cast<std::int64_t>(u.payload.size()));
      insert_aside.bind_blob(5, u.payload.substr(0, unauthenticated_head_bytes));
      insert_aside.bind(6, u.count).bind(7, u.received_ms).bind(8, u.last_ms);
      if (auto r = insert_aside.run("keep unauthenticated"); !r) return r;
      aside_rows += db.changes();
    }
    for (std::size_t i = 0; i < batch.kiosks.size(); ++i) {
      const kiosk_info& k = batch.kiosks[i].info;
      sqlite::statement& st = upsert_kiosk;
      st.bind(1, k.office);
      st.bind(2, k.kiosk);
      st.bind(3, k.registered_ms);
      st.bind(4, k.state);
      st.bind(5, k.version);
      st.bind(6, k.backlog);
      st.bind(7, k.last_seq);
      // A new row starts at what this batch inserted; an existing one adds it.
      st.bind(8, added[i]);
      st.bind(9, k.last_seen_ms);
      st.bind(10, k.clock);
      st.bind(11, k.camera);
      st.bind(12, k.epoch);
      if (k.clock_offset_ms) st.bind(13, *k.clock_offset_ms); else st.bind_null(13);
      if (k.clock_error_ms) st.bind(14, *k.clock_error_ms); else st.bind_null(14);
      if (auto r = st.run("upsert kiosk"); !r) return r;
    }
    return true;
  }
};

sqlite_store::sqlite_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_store::~sqlite_store() = default;

const std::string& sqlite_store::path() const { return impl_->path; }

result<std::unique_ptr<sqlite_store>> sqlite_store::open(const std::string& path) {
  auto opened = open_db(path, true);
  if (!opened) return opened.err();
  auto p = std::make_unique<impl>();
  p->path = path;
  p->db = std::move(opened).value();
  // An ack promises the event survives a power cut: WAL with a full sync at every commit (open_db).
  sqlite::connection& db = p->db;
  std::int64_t found_version = 0;
  {
    auto st = db.prepare("PRAGMA user_version");
    if (!st) return with_path(path, st.err());
    auto row = st->execute_step("read schema version");
    if (!row || *row != sqlite::step::row) return with_path(path, db.fail("read schema version"));
    const auto version = st->column_int64(0);
    found_version = version;
    if (version > schema_version)
      return error{errc::store_error, path + ": schema version " + std::to_string(version) +
                                      " is newer than this program understands (" +
                                      std::to_string(schema_version) + ")"};
  }
  bool had_clock_tables = false;
  {
    auto st = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'attendance_times'");
    if (!st) return with_path(path, st.err());
    auto row = st->execute_step("read tables");
    if (!row || *row != sqlite::step::row) return with_path(path, db.fail("read tables"));
    had_clock_tables = st->column_int64(0) > 0;
  }
  {
    auto tx = sqlite::transaction::begin(db);
    if (!tx) return with_path(path, tx.err());
    for (const char* sql : {schema_sql, store_detail::schema_v2_sql, store_detail::kiosk_keys_sql,
                            store_detail::leave_roster_sql,
                            store_detail::clock_tables_sql, store_detail::rtl_schema_sql, "PRAGMA user_version = 2"}) {
      if (auto r = db.exec(sql); !r) return with_path(path, r.err());
    }
    // Units' own working weeks came after version 2's tables: add the column to older files.
    auto has_weekly = db.prepare("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'weekly'");
    if (!has_weekly) return with_path(path, has_weekly.err());
    auto row = has_weekly->execute_step("read units columns");
    if (!row || *row != sqlite::step::row) return with_path(path, db.fail("read units columns"));
    if (has_weekly->column_int64(0) == 0)
      if (auto r = db.exec("ALTER TABLE units ADD COLUMN weekly TEXT"); !r) return with_path(path, r.err());
    // Signed events came later still: kiosks get their key and epoch, events the epoch they came in.
    for (const auto& [table, column, ddl] : {std::tuple{"seq_gaps", "missing", "INTEGER NOT NULL DEFAULT 0"},
                                             std::tuple{"kiosks", "public_key", "TEXT NOT NULL DEFAULT ''"},
                                             std::tuple{"kiosks", "epoch", "INTEGER NOT NULL DEFAULT 0"},
                                             std::tuple{"events", "epoch", "INTEGER NOT NULL DEFAULT 0"},
                                             std::tuple{"rejected", "epoch", "INTEGER NOT NULL DEFAULT 0"},
                                             // The kiosk's clock reading came with issue 12.
                                             std::tuple{"kiosks", "clock_offset_ms", "INTEGER"},
                                             std::tuple{"kiosks", "clock_error_ms", "INTEGER"},
                                             // Watched days: a unit's go-live, an employee's dates.
                                             std::tuple{"units", "tracking_since", "TEXT"},
                                             std::tuple{"units", "tracking_auto", "INTEGER NOT NULL DEFAULT 0"},
                                             std::tuple{"employees", "active_from", "TEXT"},
                                             std::tuple{"employees", "active_to", "TEXT"},
                                             // The respondent profile: what each unit serves.
                                             std::tuple{"units", "services", "TEXT NOT NULL DEFAULT ''"}}) {
      auto has = db.prepare(std::string("SELECT count(*) FROM pragma_table_info('") + table + "') WHERE name = '" +
                            column + "'");
      if (!has) return with_path(path, has.err());
      auto found = has->execute_step("read columns");
      if (!found || *found != sqlite::step::row) return with_path(path, db.fail("read columns"));
      if (has->column_int64(0) == 0)
        if (auto r = db.exec(std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " + ddl); !r)
          return with_path(path, r.err());
    }
    if (auto r = tx->commit(); !r) return with_path(path, r.err());
  }
  if (auto r = p->prepare_all(); !r) return with_path(path, r.err());
  {
    auto st = db.prepare("SELECT count(*) FROM unauthenticated");
    if (!st) return with_path(path, st.err());
    auto row = st->execute_step("count unauthenticated");
    if (!row || *row != sqlite::step::row) return with_path(path, db.fail("count unauthenticated"));
    p->aside_rows = st->column_int64(0);
  }
  std::unique_ptr<sqlite_store> store(new sqlite_store(std::move(p)));
  // A store from before the aggregates gets them computed from its events once; one from before
  // re-basing gets its check-ins and check-outs placed once.
  if (found_version > 0 && (found_version < 2 || !had_clock_tables)) {
    if (auto r = store->rebuild_aggregates(); !r) return with_path(path, r.err());
  }
  return store;
}

void sqlite_store::keep_aggregates(bool on) { impl_->keep_aggregates = on; }

result<std::vector<kiosk_info>> sqlite_store::load_kiosks() {
  return read_kiosks_with_gaps(impl_->list_kiosks, impl_->open_gaps);
}

result<std::optional<kiosk_info>> sqlite_store::find_kiosk(std::string_view office, std::string_view kiosk) {
  auto& st = impl_->find_kiosk;
  st.bind(1, office).bind(2, kiosk);
  auto rows = read_kiosks_with_gaps(st, impl_->open_gaps, office, kiosk);
  if (!rows) return rows.err();
  if (rows->empty()) return std::optional<kiosk_info>{};
  return std::optional<kiosk_info>(std::move(rows->front()));
}

result<bool> sqlite_store::contains_event(std::string_view id) {
  auto& st = impl_->find_event;
  sqlite::reset_guard guard(st);
  st.bind(1, id);
  auto row = st.execute_step("look up event");
  if (!row) return row.err();
  return *row == sqlite::step::row;
}

result<write_outcome> sqlite_store::write(const write_set& batch) {
  write_outcome out;
  std::vector<std::int64_t> added;
  // Rolls back on every way out but a successful COMMIT (which may fail and leave it open: SQLITE_BUSY).
  auto tx = sqlite::transaction::begin(impl_->db);
  if (!tx) return tx.err();
  if (auto r = impl_->write_all(batch, out, added); !r) {
    impl_->clocks.rolled_back();
    return r.err();
  }
  if (auto r = tx->commit(); !r) {
    impl_->clocks.rolled_back();
    return r.err();
  }
  out.moved = impl_->clocks.take_moved();
  return out;
}

result<std::int64_t> sqlite_store::rebuild_aggregates() {
  auto& d = *impl_;
  auto tx = sqlite::transaction::begin(d.db);
  if (!tx) return tx.err();
  // Whatever way this ends but a commit, the writer forgets the boots it anchored meanwhile.
  struct forget_unless_committed {
    store_detail::clock_writer& clocks;
    bool committed = false;
    ~forget_unless_committed() {
      if (!committed) clocks.rolled_back();
    }
  } forget{d.clocks};
  if (auto r = d.aggregates.clear(); !r) return r.err();
  if (auto r = d.clocks.clear(); !r) return r.err();
  auto st = d.db.prepare("SELECT payload FROM events ORDER BY rowid");
  if (!st) return st.err();
  std::int64_t n = 0;
  std::vector<pantau::event> chunk;
  const auto flush = [&]() -> result<bool> {
    d.days.clear();
    for (const auto& e : chunk)
      if (auto r = d.add_to_days(e); !r) return r;
    chunk.clear();
    if (auto r = d.aggregates.apply(d.days); !r) return r;
    return d.clocks.recompute_touched();
  };
  auto read = st->each_row("read events", [&](const sqlite::statement& row) -> result<bool> {
    // Every stored event passed decode_event on the way in; one that no longer does is skipped.
    auto e = decode_stored_event(row.column_view(0));
    if (!e) return true;
    chunk.push_back(std::move(e).value());
    ++n;
    if (chunk.size() >= 20000) return flush();
    return true;
  });
  if (!read) return read.err();
  if (auto r = flush(); !r) return r.err();
  d.days.clear();
  if (auto r = d.clocks.reapply_reviews([&d](std::string_view office) { return d.aggregates.zone_of(office); }); !r)
    return r.err();
  d.clocks.take_moved();  // a rebuild runs before anything keeps finished days
  if (auto r = tx->commit(); !r) return r.err();
  forget.committed = true;
  return n;
}

// ---- reader ---------------------------------------------------------------------------------

struct sqlite_reader::impl {
  std::mutex mu;
  sqlite::connection db;
  sqlite::statement list_kiosks;
  sqlite::statement open_gaps;
  sqlite::statement ping;
};

sqlite_reader::sqlite_reader(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_reader::~sqlite_reader() = default;

result<std::unique_ptr<sqlite_reader>> sqlite_reader::open(const std::string& path) {
  auto db = open_db(path, false);
  if (!db) return db.err();
  auto p = std::make_unique<impl>();
  p->db = std::move(db).value();
  auto list = p->db.prepare(kiosk_columns);
  if (!list) return with_path(path, list.err());
  p->list_kiosks = std::move(list).value();
  auto gaps = p->db.prepare(open_gaps_select);
  if (!gaps) return with_path(path, gaps.err());
  p->open_gaps = std::move(gaps).value();
  auto ping = p->db.prepare("SELECT count(*) FROM kiosks");
  if (!ping) return with_path(path, ping.err());
  p->ping = std::move(ping).value();
  return std::unique_ptr<sqlite_reader>(new sqlite_reader(std::move(p)));
}

result<std::vector<kiosk_info>> sqlite_reader::list_kiosks() {
  std::lock_guard lock(impl_->mu);
  return read_kiosks_with_gaps(impl_->list_kiosks, impl_->open_gaps);
}

bool sqlite_reader::healthy() {
  std::lock_guard lock(impl_->mu);
  sqlite::reset_guard guard(impl_->ping);
  auto row = impl_->ping.execute_step("ping");
  return row && *row == sqlite::step::row;
}

// ---- catalog --------------------------------------------------------------------------------

struct sqlite_catalog::impl {
  std::mutex mu;
  sqlite::connection db;
};

sqlite_catalog::sqlite_catalog(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_catalog::~sqlite_catalog() = default;

result<sqlite::connection> store_detail::open_existing(const std::string& path) {
  sqlite::open_options o;
  o.create = false;
  o.wal = false;  // the writer set it; the mode is a property of the file
  return sqlite::connection::open(path, o);
}

result<std::unique_ptr<sqlite_catalog>> sqlite_catalog::open(const std::string& path) {
  auto db = store_detail::open_existing(path);
  if (!db) return db.err();
  auto p = std::make_unique<impl>();
  p->db = std::move(db).value();
  return std::unique_ptr<sqlite_catalog>(new sqlite_catalog(std::move(p)));
}

result<organisation> sqlite_catalog::load_org() {
  std::lock_guard lock(impl_->mu);
  return store_detail::load_organisation(impl_->db);
}

result<bool> sqlite_catalog::put_org(const organisation& items) {
  std::lock_guard lock(impl_->mu);
  return store_detail::store_organisation(impl_->db, items);
}

result<kiosk_enrolment::enrolled> sqlite_catalog::enrol(std::string_view office, std::string_view kiosk,
                                                        std::int64_t now_ms, std::string_view public_key) {
  std::lock_guard lock(impl_->mu);
  auto& db = impl_->db;
  auto tx = sqlite::transaction::begin(db);
  if (!tx) return tx.err();
  // Registration is rare: statements are prepared per call rather than kept.
  auto insert = db.prepare("INSERT OR IGNORE INTO kiosks(office, kiosk, registered_ms, public_key, epoch) "
                           "VALUES(?1, ?2, ?3, ?4, CASE WHEN ?4 = '' THEN 0 ELSE 1 END)");
  if (!insert) return insert.err();
  const std::string key(public_key);  // an empty view may carry no pointer: SQLite would bind NULL
  insert->bind(1, office).bind(2, kiosk).bind(3, now_ms).bind(4, key);
  if (auto r = insert->run("register kiosk"); !r) return r.err();
  const bool added = db.changes() > 0;
  bool key_changed = added && !public_key.empty();
  if (!added && !public_key.empty()) {
    // A new key is a new install: a new epoch whose seqs start again; the old key is retired.
    auto replace = db.prepare("UPDATE kiosks SET public_key = ?3, epoch = epoch + 1, last_seq = 0 "
                              "WHERE office = ?1 AND kiosk = ?2 AND public_key <> ?3");
    if (!replace) return replace.err();
    replace->bind(1, office).bind(2, kiosk).bind(3, key);
    if (auto r = replace->run("replace kiosk key"); !r) return r.err();
    key_changed = db.changes() > 0;
  }
  if (key_changed) {
    // Kept for good: `pantau-hub verify` checks each epoch's chain with the key it was signed under.
    auto keep = db.prepare("INSERT OR REPLACE INTO kiosk_keys(office, kiosk, epoch, public_key, registered_ms) "
                           "SELECT office, kiosk, epoch, public_key, ?3 FROM kiosks WHERE office = ?1 AND kiosk = ?2");
    if (!keep) return keep.err();
    keep->bind(1, office).bind(2, kiosk).bind(3, now_ms);
    if (auto r = keep->run("keep kiosk key"); !r) return r.err();
  }
  if (auto r = tx->commit(); !r) return r.err();
  auto find = db.prepare(one_kiosk);
  if (!find) return find.err();
  find->bind(1, office).bind(2, kiosk);
  auto rows = read_kiosks(*find);
  if (!rows) return rows.err();
  if (rows->empty()) return error{errc::store_error, "registered kiosk not found"};
  return enrolled{std::move(rows->front()), added, key_changed};
}

result<std::vector<std::pair<employee_day_key, employee_day>>> sqlite_catalog::employee_days(
    std::span<const std::string> nips, std::int64_t from_day, std::int64_t to_day) {
  std::lock_guard lock(impl_->mu);
  return store_detail::read_employee_days(impl_->db, nips, from_day, to_day);
}

result<std::vector<counter_day_row>> sqlite_catalog::counter_days(std::span<const counter_info> counters,
                                                                  std::int64_t from_day, std::int64_t to_day) {
  std::lock_guard lock(impl_->mu);
  return store_detail::read_counter_days(impl_->db, counters, from_day, to_day);
}

result<std::vector<profile_day_row>> sqlite_catalog::profile_days(std::span<const counter_info> counters,
                                                                  std::int64_t from_day, std::int64_t to_day) {
  std::lock_guard lock(impl_->mu);
  return store_detail::read_profile_days(impl_->db, counters, from_day, to_day);
}

result<std::vector<employee_service_row>> sqlite_catalog::employee_service(std::span<const std::string> nips,
                                                                           std::int64_t from_day, std::int64_t to_day) {
  std::lock_guard lock(impl_->mu);
  return store_detail::read_employee_service(impl_->db, nips, from_day, to_day);
}

}  // namespace pantau::hub
