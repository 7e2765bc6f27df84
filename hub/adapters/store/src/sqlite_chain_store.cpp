#include "pantau/hub/store/sqlite_chain_store.hpp"

#include <map>
#include <tuple>

#include "aggregate_tables.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub {

namespace {

// The latest walk per install.
constexpr const char* chain_schema = R"sql(
CREATE TABLE IF NOT EXISTS chain_audits(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  checked_ms INTEGER NOT NULL,
  intact INTEGER NOT NULL,
  events INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  problems INTEGER NOT NULL,
  gaps INTEGER NOT NULL,
  first_problem TEXT NOT NULL,
  PRIMARY KEY(office, kiosk, epoch));
)sql";

}  // namespace

struct sqlite_chain_store::impl {
  std::mutex mu;
  sqlite::connection db;
  sqlite::statement installs, rows, gaps, record, latest;
};

sqlite_chain_store::sqlite_chain_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_chain_store::~sqlite_chain_store() = default;

result<std::unique_ptr<sqlite_chain_store>> sqlite_chain_store::open(const std::string& path) {
  auto db = store_detail::open_existing(path);
  if (!db) return db.err();
  for (const char* sql : {store_detail::kiosk_keys_sql, chain_schema})
    if (auto r = db->exec(sql); !r) return r.err();
  auto p = std::make_unique<impl>();
  struct item {
    sqlite::statement* st;
    const char* sql;
  };
  const item items[] = {
      // Every epoch with a key or a message; the key of an epoch from kiosk_keys, else the kiosk's current one.
      {&p->installs,
       "WITH e AS (SELECT office, kiosk, epoch FROM kiosk_keys UNION SELECT office, kiosk, epoch FROM kiosks "
       "UNION SELECT DISTINCT office, kiosk, epoch FROM events UNION SELECT DISTINCT office, kiosk, epoch FROM rejected) "
       "SELECT e.office, e.kiosk, e.epoch, COALESCE(kk.public_key, "
       "  (SELECT k.public_key FROM kiosks k WHERE k.office = e.office AND k.kiosk = e.kiosk AND k.epoch = e.epoch), '') "
       "FROM e LEFT JOIN kiosk_keys kk ON kk.office = e.office AND kk.kiosk = e.kiosk AND kk.epoch = e.epoch "
       "ORDER BY e.office, e.kiosk, e.epoch"},
      {&p->rows,
       "SELECT seq, payload, 0 FROM events WHERE office = ?1 AND kiosk = ?2 AND epoch = ?3 "
       "UNION ALL SELECT seq, payload, 1 FROM rejected WHERE office = ?1 AND kiosk = ?2 AND epoch = ?3"},
      {&p->gaps, "SELECT from_seq, to_seq FROM seq_gaps WHERE office = ?1 AND kiosk = ?2 AND epoch = ?3 "
                 "AND filled_ms IS NULL ORDER BY from_seq"},
      {&p->record,
       "INSERT INTO chain_audits(office, kiosk, epoch, checked_ms, intact, events, last_seq, problems, gaps, "
       "first_problem) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT(office, kiosk, epoch) DO UPDATE SET "
       "checked_ms = excluded.checked_ms, intact = excluded.intact, events = excluded.events, "
       "last_seq = excluded.last_seq, problems = excluded.problems, gaps = excluded.gaps, "
       "first_problem = excluded.first_problem"},
      {&p->latest,
       "SELECT a.office, a.kiosk, a.epoch, a.checked_ms, a.intact, a.events, a.last_seq, a.problems, a.gaps, "
       "a.first_problem FROM chain_audits a JOIN kiosks k ON k.office = a.office AND k.kiosk = a.kiosk "
       "AND k.epoch = a.epoch ORDER BY a.office, a.kiosk"},
  };
  for (const auto& [st, sql] : items) {
    auto prepared = db->prepare(sql);
    if (!prepared) return prepared.err();
    *st = std::move(prepared).value();
  }
  p->db = std::move(db).value();
  return std::unique_ptr<sqlite_chain_store>(new sqlite_chain_store(std::move(p)));
}

result<std::vector<kiosk_install>> sqlite_chain_store::installs() {
  std::lock_guard lock(impl_->mu);
  std::vector<kiosk_install> out;
  auto r = impl_->installs.each_row("list kiosk installs", [&](const sqlite::statement& row) {
    kiosk_install k{row.column_text(0), row.column_text(1), row.column_int64(2), std::nullopt};
    if (auto key = signing::parse_public_key(row.column_view(3))) k.key = *key;
    out.push_back(std::move(k));
  });
  if (!r) return r.err();
  return out;
}

namespace {

// Every row `st` gives for one install, each turned into a T by `to_item`.
template <class T, class F>
result<std::vector<T>> rows_of_install(sqlite::statement& st, const kiosk_install& install, std::string_view what,
                                       F to_item) {
  std::vector<T> out;
  st.bind(1, install.office).bind(2, install.kiosk).bind(3, install.epoch);
  auto r = st.each_row(what, [&](const sqlite::statement& row) { out.push_back(to_item(row)); });
  if (!r) return r.err();
  return out;
}

}  // namespace

result<std::vector<chain_row>> sqlite_chain_store::rows(const kiosk_install& install) {
  std::lock_guard lock(impl_->mu);
  return rows_of_install<chain_row>(impl_->rows, install, "read a kiosk's chain", [](const sqlite::statement& row) {
    return chain_row{row.column_int64(0), row.column_text(1), row.column_int64(2) != 0};
  });
}

result<std::vector<seq_gap>> sqlite_chain_store::gaps(const kiosk_install& install) {
  std::lock_guard lock(impl_->mu);
  return rows_of_install<seq_gap>(impl_->gaps, install, "read a kiosk's gaps", [](const sqlite::statement& row) {
    return seq_gap{row.column_int64(0), row.column_int64(1)};
  });
}

result<bool> sqlite_chain_store::record(const kiosk_install& install, const chain_report& report,
                                        std::int64_t checked_ms) {
  std::lock_guard lock(impl_->mu);
  std::int64_t problems = 0, gaps = 0;
  std::string first;
  for (const auto& f : report.findings) {
    if (f.problem == chain_problem::gap) {
      ++gaps;
      continue;
    }
    ++problems;
    if (first.empty()) first = f.detail;
  }
  auto& st = impl_->record;
  st.bind(1, install.office).bind(2, install.kiosk).bind(3, install.epoch).bind(4, checked_ms);
  st.bind(5, report.intact() ? 1 : 0).bind(6, report.events).bind(7, report.last_seq);
  st.bind(8, problems).bind(9, gaps).bind(10, first);
  return st.run("record a chain audit");
}

result<std::vector<chain_state>> sqlite_chain_store::latest() {
  std::lock_guard lock(impl_->mu);
  std::vector<chain_state> out;
  auto r = impl_->latest.each_row("read chain audits", [&](const sqlite::statement& row) {
    out.push_back({row.column_text(0), row.column_text(1), row.column_int64(2), row.column_int64(3),
                   row.column_int64(4) != 0, row.column_int64(5), row.column_int64(6), row.column_int64(7),
                   row.column_int64(8), row.column_text(9)});
  });
  if (!r) return r.err();
  return out;
}

}  // namespace pantau::hub
