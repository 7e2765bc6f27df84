#include "pantau/hub/store/sqlite_rtl_store.hpp"

#include <mutex>

#include "aggregate_tables.hpp"
#include "pantau/sqlite/sqlite.hpp"
#include "rtl_tables.hpp"

namespace pantau::hub {

namespace store_detail {

// Items keep the period as text ("2026-S2") and the element as its code ("U3"): the forms people and
// the API use, and stable if the enums ever grow. The audit trail is append-only.
const char* const rtl_schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS rtl_items(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  unit TEXT NOT NULL,
  period TEXT NOT NULL,
  element TEXT NOT NULL,
  problem TEXT NOT NULL,
  action TEXT NOT NULL,
  owner_kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  due TEXT NOT NULL,
  status TEXT NOT NULL,
  evidence TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  closed_ms INTEGER);
CREATE INDEX IF NOT EXISTS rtl_items_by_unit ON rtl_items(unit, period);
CREATE TABLE IF NOT EXISTS rtl_audit(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  item INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rtl_audit_by_item ON rtl_audit(item);
CREATE TABLE IF NOT EXISTS rtl_audit_changes(
  audit INTEGER NOT NULL,
  field TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rtl_audit_changes_by_audit ON rtl_audit_changes(audit);
)sql";

}  // namespace store_detail

namespace {

namespace ind = indicators;

constexpr const char* item_columns =
    "SELECT id, unit, period, element, problem, action, owner_kind, owner, due, status, evidence, created_ms, "
    "updated_ms, closed_ms FROM rtl_items ";

std::optional<std::size_t> element_index(std::string_view code) {
  for (std::size_t i = 0; i < ind::element_count; ++i)
    if (ind::element_code(i) == code) return i;
  return std::nullopt;
}

std::optional<rtl_item> read_item(const sqlite::statement& row) {
  const auto of = ind::parse_period(row.column_view(2));
  const auto element = element_index(row.column_view(3));
  const auto owner_kind = parse_rtl_owner_kind(row.column_view(6));
  const auto due = ind::parse_date(row.column_view(8));
  const auto status = parse_rtl_status(row.column_view(9));
  if (!of || !element || !owner_kind || !due || !status) return std::nullopt;
  rtl_item i;
  i.id = row.column_int64(0);
  i.unit = row.column_text(1);
  i.of = *of;
  i.element = *element;
  i.problem = row.column_text(4);
  i.action = row.column_text(5);
  i.owner_kind = *owner_kind;
  i.owner = row.column_text(7);
  i.due = *due;
  i.status = *status;
  i.evidence = row.column_text(10);
  i.created_ms = row.column_int64(11);
  i.updated_ms = row.column_int64(12);
  if (!row.column_is_null(13)) i.closed_ms = row.column_int64(13);
  return i;
}

// The item's fields as the columns hold them. Statements bind text without copying it, so these
// strings must outlive the statement's step: callers keep this object until then.
struct item_row {
  std::string period, due;
  explicit item_row(const rtl_item& i) : period(ind::to_string(i.of)), due(ind::format_date(i.due)) {}
};

// Binds the item's fields from ?2 (unit) to ?14 (closed_ms) in the order of rtl_items' columns.
void bind_item(sqlite::statement& st, const rtl_item& i, const item_row& text) {
  st.bind(2, i.unit).bind(3, text.period).bind(4, ind::element_code(i.element)).bind(5, i.problem);
  st.bind(6, i.action).bind(7, to_string(i.owner_kind)).bind(8, i.owner).bind(9, text.due);
  st.bind(10, to_string(i.status)).bind(11, i.evidence).bind(12, i.created_ms).bind(13, i.updated_ms);
  if (i.closed_ms) st.bind(14, *i.closed_ms);
  else st.bind_null(14);
}

}  // namespace

struct sqlite_rtl_store::impl {
  std::mutex mu;
  sqlite::connection db;
  sqlite::statement find, insert, update, insert_audit, insert_change, audit_rows, change_rows;

  result<bool> audit(const rtl_audit_entry& a) {
    insert_audit.bind(1, a.item).bind(2, a.at_ms).bind(3, a.user).bind(4, a.action);
    if (auto r = insert_audit.run("record RTL audit"); !r) return r;
    const std::int64_t audit_id = db.last_insert_rowid();
    for (const auto& c : a.changes) {
      insert_change.bind(1, audit_id).bind(2, c.field).bind(3, c.before).bind(4, c.after);
      if (auto r = insert_change.run("record RTL change"); !r) return r;
    }
    return true;
  }
};

sqlite_rtl_store::sqlite_rtl_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_rtl_store::~sqlite_rtl_store() = default;

result<std::unique_ptr<sqlite_rtl_store>> sqlite_rtl_store::open(const std::string& path) {
  auto db = store_detail::open_existing(path);
  if (!db) return db.err();
  if (auto r = db->exec(store_detail::rtl_schema_sql); !r) return r.err();
  auto p = std::make_unique<impl>();
  struct item {
    sqlite::statement* st;
    std::string sql;
  };
  const item items[] = {
      {&p->find, std::string(item_columns) + "WHERE id = ?1"},
      {&p->insert,
       "INSERT INTO rtl_items(unit, period, element, problem, action, owner_kind, owner, due, status, evidence, "
       "created_ms, updated_ms, closed_ms) VALUES(?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"},
      {&p->update,
       "UPDATE rtl_items SET unit = ?2, period = ?3, element = ?4, problem = ?5, action = ?6, owner_kind = ?7, "
       "owner = ?8, due = ?9, status = ?10, evidence = ?11, created_ms = ?12, updated_ms = ?13, closed_ms = ?14 "
       "WHERE id = ?1 AND updated_ms = ?15"},
      {&p->insert_audit, "INSERT INTO rtl_audit(item, at_ms, user, action) VALUES(?1, ?2, ?3, ?4)"},
      {&p->insert_change, "INSERT INTO rtl_audit_changes(audit, field, before, after) VALUES(?1, ?2, ?3, ?4)"},
      {&p->audit_rows, "SELECT id, item, at_ms, user, action FROM rtl_audit WHERE item = ?1 ORDER BY id"},
      {&p->change_rows, "SELECT field, before, after FROM rtl_audit_changes WHERE audit = ?1 ORDER BY rowid"},
  };
  for (const auto& it : items) {
    auto st = db->prepare(it.sql);
    if (!st) return st.err();
    *it.st = std::move(st).value();
  }
  p->db = std::move(db).value();
  return std::unique_ptr<sqlite_rtl_store>(new sqlite_rtl_store(std::move(p)));
}

result<std::vector<rtl_item>> sqlite_rtl_store::list_rtl(const rtl_filter& f) {
  std::vector<rtl_item> out;
  if (f.units.empty()) return out;
  std::lock_guard lock(impl_->mu);
  std::string sql = std::string(item_columns) + "WHERE unit IN (";
  for (std::size_t i = 0; i < f.units.size(); ++i) sql += (i ? ", ?" : "?") + std::to_string(i + 1);
  sql += ")";
  const int period_at = static_cast<int>(f.units.size()) + 1;
  if (f.of) sql += " AND period = ?" + std::to_string(period_at);
  if (f.open_only) sql += " AND status <> 'done'";
  sql += " ORDER BY unit, period, element, id";
  auto st = impl_->db.prepare(sql);
  if (!st) return st.err();
  for (std::size_t i = 0; i < f.units.size(); ++i) st->bind(static_cast<int>(i + 1), f.units[i]);
  const std::string period = f.of ? ind::to_string(*f.of) : std::string();
  if (f.of) st->bind(period_at, period);
  auto r = st->each_row("read RTL items", [&out](const sqlite::statement& row) {
    if (auto i = read_item(row)) out.push_back(std::move(*i));
  });
  if (!r) return r.err();
  return out;
}

result<std::optional<rtl_item>> sqlite_rtl_store::find_rtl(std::int64_t id) {
  std::lock_guard lock(impl_->mu);
  auto& st = impl_->find;
  st.bind(1, id);
  std::optional<rtl_item> found;
  auto r = st.each_row("read RTL item", [&found](const sqlite::statement& row) { found = read_item(row); });
  if (!r) return r.err();
  return found;
}

result<std::vector<rtl_item>> sqlite_rtl_store::insert_rtl(std::span<const rtl_item> items, std::string_view user,
                                                           std::int64_t at_ms) {
  std::lock_guard lock(impl_->mu);
  auto tx = sqlite::transaction::begin(impl_->db);
  if (!tx) return tx.err();
  std::vector<rtl_item> out(items.begin(), items.end());
  for (auto& i : out) {
    const item_row text(i);
    bind_item(impl_->insert, i, text);
    if (auto r = impl_->insert.run("insert RTL item"); !r) return r.err();
    i.id = impl_->db.last_insert_rowid();
    if (auto r = impl_->audit(rtl_audit_entry{i.id, at_ms, std::string(user), "create", rtl_created(i)}); !r)
      return r.err();
  }
  if (auto r = tx->commit(); !r) return r.err();
  return out;
}

result<bool> sqlite_rtl_store::update_rtl(const rtl_item& item, std::int64_t expected_updated_ms,
                                          const rtl_audit_entry& audit) {
  std::lock_guard lock(impl_->mu);
  auto tx = sqlite::transaction::begin(impl_->db);
  if (!tx) return tx.err();
  auto& st = impl_->update;
  st.bind(1, item.id);
  const item_row text(item);
  bind_item(st, item, text);
  st.bind(15, expected_updated_ms);
  if (auto r = st.run("update RTL item"); !r) return r.err();
  if (impl_->db.changes() == 0) return false;
  if (auto r = impl_->audit(audit); !r) return r.err();
  if (auto r = tx->commit(); !r) return r.err();
  return true;
}

result<std::vector<rtl_audit_entry>> sqlite_rtl_store::rtl_audit(std::int64_t id) {
  std::lock_guard lock(impl_->mu);
  std::vector<std::pair<std::int64_t, rtl_audit_entry>> rows;
  auto& st = impl_->audit_rows;
  st.bind(1, id);
  auto r = st.each_row("read RTL audit", [&rows](const sqlite::statement& row) {
    rows.emplace_back(row.column_int64(0), rtl_audit_entry{row.column_int64(1), row.column_int64(2),
                                                           row.column_text(3), row.column_text(4), {}});
  });
  if (!r) return r.err();
  std::vector<rtl_audit_entry> out;
  for (auto& [audit_id, entry] : rows) {
    auto& ch = impl_->change_rows;
    ch.bind(1, audit_id);
    auto c = ch.each_row("read RTL changes", [&entry](const sqlite::statement& row) {
      entry.changes.push_back({row.column_text(0), row.column_text(1), row.column_text(2)});
    });
    if (!c) return c.err();
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace pantau::hub
