#include "aggregate_tables.hpp"

#include <algorithm>
#include <utility>

namespace pantau::hub::store_detail {
namespace {

constexpr std::string_view sat_names[satisfaction_column_count] = {
    "responses", "misuse_excluded", "c1", "c2", "c3", "c4", "s1", "s2", "s3", "s4", "s5", "s6",
    "s7",        "s8",              "s9", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"};

std::string sat_defs() {
  std::string out;
  for (auto n : sat_names) out += std::string(n) + " INTEGER NOT NULL DEFAULT 0, ";
  return out;
}

// "x = x + excluded.x, ..." for every satisfaction column of `table`.
std::string sat_adds(std::string_view table) {
  std::string out;
  for (std::size_t i = 0; i < std::size(sat_names); ++i) {
    if (i > 0) out += ", ";
    const std::string n(sat_names[i]);
    out += n + " = " + std::string(table) + "." + n + " + excluded." + n;
  }
  return out;
}

std::string placeholders(int first, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "?" + std::to_string(first + i);
  }
  return out;
}

const std::string schema_text = std::string(R"sql(
CREATE TABLE IF NOT EXISTS offices(
  office TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  zone TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units(
  unit TEXT PRIMARY KEY NOT NULL,
  office TEXT NOT NULL,
  name TEXT NOT NULL,
  grace_minutes INTEGER NOT NULL DEFAULT 0,
  target_present_pct REAL NOT NULL DEFAULT 95,
  target_ikm REAL NOT NULL DEFAULT 76.61,
  weekly TEXT);
CREATE TABLE IF NOT EXISTS counters(
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY(office, counter));
CREATE TABLE IF NOT EXISTS employees(
  nip TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS transfers(
  nip TEXT NOT NULL,
  date TEXT NOT NULL,
  from_unit TEXT NOT NULL,
  PRIMARY KEY(nip, date));
CREATE TABLE IF NOT EXISTS holidays(
  office TEXT NOT NULL,
  date TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(office, date));
CREATE TABLE IF NOT EXISTS agg_employee_day(
  employee TEXT NOT NULL,
  day INTEGER NOT NULL,
  office TEXT NOT NULL,
  first_in_ms INTEGER,
  first_in_synced INTEGER NOT NULL DEFAULT 1,
  last_out_ms INTEGER,
  last_out_synced INTEGER NOT NULL DEFAULT 1,
  )sql") + sat_defs() + R"sql(
  PRIMARY KEY(employee, day, office)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_counter_day(
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  day INTEGER NOT NULL,
  )sql" + sat_defs() + R"sql(
  served INTEGER NOT NULL DEFAULT 0,
  service_ms INTEGER NOT NULL DEFAULT 0,
  open_ms INTEGER NOT NULL DEFAULT 0,
  histogram TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(office, counter, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_employee_service(
  employee TEXT NOT NULL,
  day INTEGER NOT NULL,
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  served INTEGER NOT NULL,
  service_ms INTEGER NOT NULL,
  histogram TEXT NOT NULL,
  PRIMARY KEY(employee, day, office, counter)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agg_marks(
  office TEXT NOT NULL,
  counter TEXT NOT NULL,
  day INTEGER NOT NULL,
  ticket TEXT NOT NULL,
  marks TEXT NOT NULL,
  PRIMARY KEY(office, counter, day, ticket)) WITHOUT ROWID;
)sql";

const char* zone_text(indicators::zone z) { return indicators::abbreviation(z).data(); }

}  // namespace

const char* const schema_v2_sql = schema_text.c_str();

const char* const kiosk_keys_sql = R"sql(
CREATE TABLE IF NOT EXISTS kiosk_keys(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  public_key TEXT NOT NULL,
  registered_ms INTEGER NOT NULL,
  PRIMARY KEY(office, kiosk, epoch));
CREATE TABLE IF NOT EXISTS seq_gaps(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  epoch INTEGER NOT NULL,
  from_seq INTEGER NOT NULL,
  to_seq INTEGER NOT NULL,
  recorded_ms INTEGER NOT NULL,
  filled_ms INTEGER,
  missing INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(office, kiosk, epoch, from_seq));
)sql";

std::string satisfaction_columns(std::string_view prefix) {
  std::string out;
  for (std::size_t i = 0; i < std::size(sat_names); ++i) {
    if (i > 0) out += ", ";
    out += std::string(prefix) + std::string(sat_names[i]);
  }
  return out;
}

void bind_satisfaction(sqlite::statement& st, int first, const indicators::satisfaction_totals& t) {
  int i = first;
  st.bind(i++, t.responses);
  st.bind(i++, t.misuse_excluded);
  for (auto v : t.counts) st.bind(i++, v);
  for (auto v : t.element_sum) st.bind(i++, v);
  for (auto v : t.element_answers) st.bind(i++, v);
}

indicators::satisfaction_totals read_satisfaction(const sqlite::statement& st, int first) {
  indicators::satisfaction_totals t;
  int i = first;
  t.responses = st.column_int64(i++);
  t.misuse_excluded = st.column_int64(i++);
  // Most employee-days have no rating: every other column is 0 then, and reading them costs the most.
  if (t.responses == 0 && t.misuse_excluded == 0) return t;
  for (auto& v : t.counts) v = st.column_int64(i++);
  for (auto& v : t.element_sum) v = st.column_int64(i++);
  for (auto& v : t.element_answers) v = st.column_int64(i++);
  return t;
}

result<bool> aggregate_writer::prepare(const sqlite::connection& db) {
  db_ = &db;
  const std::string take_in =
      "(excluded.first_in_ms IS NOT NULL AND (agg_employee_day.first_in_ms IS NULL OR "
      "excluded.first_in_ms < agg_employee_day.first_in_ms OR (excluded.first_in_ms = agg_employee_day.first_in_ms "
      "AND excluded.first_in_synced > agg_employee_day.first_in_synced)))";
  const std::string take_out =
      "(excluded.last_out_ms IS NOT NULL AND (agg_employee_day.last_out_ms IS NULL OR "
      "excluded.last_out_ms > agg_employee_day.last_out_ms OR (excluded.last_out_ms = agg_employee_day.last_out_ms "
      "AND excluded.last_out_synced > agg_employee_day.last_out_synced)))";
  const std::string employee_day_sql =
      "INSERT INTO agg_employee_day(employee, day, office, first_in_ms, first_in_synced, last_out_ms, "
      "last_out_synced, " + satisfaction_columns() + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, " +
      placeholders(8, satisfaction_column_count) + ") ON CONFLICT(employee, day, office) DO UPDATE SET " +
      "first_in_ms = CASE WHEN " + take_in + " THEN excluded.first_in_ms ELSE agg_employee_day.first_in_ms END, " +
      "first_in_synced = CASE WHEN " + take_in +
      " THEN excluded.first_in_synced ELSE agg_employee_day.first_in_synced END, " +
      "last_out_ms = CASE WHEN " + take_out + " THEN excluded.last_out_ms ELSE agg_employee_day.last_out_ms END, " +
      "last_out_synced = CASE WHEN " + take_out +
      " THEN excluded.last_out_synced ELSE agg_employee_day.last_out_synced END, " + sat_adds("agg_employee_day");
  // Service columns arrive as the new totals (computed from the row read before); ?8 says whether
  // open_ms changed in this batch.
  const std::string counter_day_sql =
      "INSERT INTO agg_counter_day(office, counter, day, served, service_ms, histogram, open_ms, " +
      satisfaction_columns() + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, " + placeholders(9, satisfaction_column_count) +
      ") ON CONFLICT(office, counter, day) DO UPDATE SET served = excluded.served, service_ms = excluded.service_ms, "
      "histogram = excluded.histogram, open_ms = CASE WHEN ?8 THEN excluded.open_ms ELSE agg_counter_day.open_ms END, " +
      sat_adds("agg_counter_day");
  struct item {
    sqlite::statement* st;
    std::string sql;
  };
  const item items[] = {
      {&upsert_employee_day_, employee_day_sql},
      {&select_marks_, "SELECT marks FROM agg_marks WHERE office = ?1 AND counter = ?2 AND day = ?3 AND ticket = ?4"},
      {&upsert_marks_, "INSERT OR REPLACE INTO agg_marks(office, counter, day, ticket, marks) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&select_counter_day_,
       "SELECT served, service_ms, histogram FROM agg_counter_day WHERE office = ?1 AND counter = ?2 AND day = ?3"},
      {&upsert_counter_day_, counter_day_sql},
      {&select_employee_service_,
       "SELECT served, service_ms, histogram FROM agg_employee_service WHERE employee = ?1 AND day = ?2 AND "
       "office = ?3 AND counter = ?4"},
      {&upsert_employee_service_,
       "INSERT OR REPLACE INTO agg_employee_service(employee, day, office, counter, served, service_ms, histogram) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&delete_employee_service_,
       "DELETE FROM agg_employee_service WHERE employee = ?1 AND day = ?2 AND office = ?3 AND counter = ?4"},
      {&data_version_, "PRAGMA data_version"},
      {&zones_, "SELECT office, zone FROM offices"},
  };
  for (const auto& it : items) {
    auto st = db.prepare(it.sql);
    if (!st) return st.err();
    *it.st = std::move(st).value();
  }
  return true;
}

result<bool> aggregate_writer::refresh_zones() {
  std::int64_t version = 0;
  {
    sqlite::reset_guard g(data_version_);
    auto row = data_version_.execute_step("read data_version");
    if (!row || *row != sqlite::step::row) return db_->fail("read data_version");
    version = data_version_.column_int64(0);
  }
  if (version == seen_version_) return true;
  office_zones_.clear();
  auto read = zones_.each_row("read office zones", [this](const sqlite::statement& row) {
    auto z = indicators::parse_zone(row.column_view(1));
    office_zones_[row.column_text(0)] = z ? *z : indicators::zone::wib;
  });
  if (!read) return read;
  seen_version_ = version;
  return true;
}

result<indicators::zone> aggregate_writer::zone_of(std::string_view office) {
  if (auto r = refresh_zones(); !r) return r.err();
  const auto it = office_zones_.find(office);
  return it != office_zones_.end() ? it->second : indicators::zone::wib;
}

result<service_sums> aggregate_writer::read_sums(sqlite::statement& st) {
  service_sums s;
  auto row = st.execute_step("read service sums");
  if (!row) return row.err();
  if (*row == sqlite::step::done) return s;
  s.served = st.column_int64(0);
  s.service_ms = st.column_int64(1);
  auto b = decode_buckets(st.column_view(2));
  if (!b) return b.err();
  s.buckets = std::move(b).value();
  return s;
}

result<bool> aggregate_writer::apply_counter_day(const counter_day_key& key, const day_batch::counter_delta& delta) {
  service_sums counter_change;
  std::map<std::string, service_sums> employee_change;
  std::optional<std::int64_t> open_ms;
  auto zone = zone_of(key.office);
  if (!zone) return zone.err();
  for (const auto& [ticket, added] : delta.marks) {
    std::vector<day_mark> marks;
    {
      sqlite::reset_guard g(select_marks_);
      select_marks_.bind(1, key.office).bind(2, key.counter).bind(3, key.day).bind(4, ticket);
      auto row = select_marks_.execute_step("read marks");
      if (!row) return row.err();
      if (*row == sqlite::step::row) {
        auto m = decode_marks(select_marks_.column_view(0));
        if (!m) return m.err();
        marks = std::move(m).value();
      }
    }
    if (ticket.empty()) {
      merge_marks(marks, added);
      open_ms = open_ms_of(key.counter, marks, key.day, *zone);
    } else {
      for (const auto& s : served_of(key.counter, marks)) {
        counter_change.add(s, -1);
        employee_change[s.employee].add(s, -1);
      }
      merge_marks(marks, added);
      for (const auto& s : served_of(key.counter, marks)) {
        counter_change.add(s, 1);
        employee_change[s.employee].add(s, 1);
      }
    }
    const std::string text = encode_marks(marks);
    upsert_marks_.bind(1, key.office).bind(2, key.counter).bind(3, key.day).bind(4, ticket).bind(5, text);
    if (auto r = upsert_marks_.run("write marks"); !r) return r;
  }

  service_sums now;
  {
    sqlite::reset_guard g(select_counter_day_);
    select_counter_day_.bind(1, key.office).bind(2, key.counter).bind(3, key.day);
    auto s = read_sums(select_counter_day_);
    if (!s) return s.err();
    now = std::move(s).value();
  }
  now.merge(counter_change);
  const std::string histogram = encode_buckets(now.buckets);
  upsert_counter_day_.bind(1, key.office).bind(2, key.counter).bind(3, key.day).bind(4, now.served);
  upsert_counter_day_.bind(5, now.service_ms).bind(6, histogram).bind(7, open_ms.value_or(0));
  upsert_counter_day_.bind(8, open_ms ? 1 : 0);
  bind_satisfaction(upsert_counter_day_, 9, delta.satisfaction);
  if (auto r = upsert_counter_day_.run("write counter day"); !r) return r;

  for (const auto& [employee, change] : employee_change) {
    if (change.empty()) continue;
    service_sums e;
    {
      sqlite::reset_guard g(select_employee_service_);
      select_employee_service_.bind(1, employee).bind(2, key.day).bind(3, key.office).bind(4, key.counter);
      auto s = read_sums(select_employee_service_);
      if (!s) return s.err();
      e = std::move(s).value();
    }
    e.merge(change);
    if (e.empty()) {
      delete_employee_service_.bind(1, employee).bind(2, key.day).bind(3, key.office).bind(4, key.counter);
      if (auto r = delete_employee_service_.run("delete employee service"); !r) return r;
      continue;
    }
    const std::string h = encode_buckets(e.buckets);
    upsert_employee_service_.bind(1, employee).bind(2, key.day).bind(3, key.office).bind(4, key.counter);
    upsert_employee_service_.bind(5, e.served).bind(6, e.service_ms).bind(7, h);
    if (auto r = upsert_employee_service_.run("write employee service"); !r) return r;
  }
  return true;
}

result<bool> aggregate_writer::apply(const day_batch& batch) {
  for (const auto& [key, d] : batch.employees) {
    auto& st = upsert_employee_day_;
    st.bind(1, key.employee).bind(2, key.day).bind(3, key.office);
    if (d.attendance.first_in_ms) st.bind(4, *d.attendance.first_in_ms); else st.bind_null(4);
    st.bind(5, d.attendance.first_in_synced ? 1 : 0);
    if (d.attendance.last_out_ms) st.bind(6, *d.attendance.last_out_ms); else st.bind_null(6);
    st.bind(7, d.attendance.last_out_synced ? 1 : 0);
    bind_satisfaction(st, 8, d.satisfaction);
    if (auto r = st.run("write employee day"); !r) return r;
  }
  for (const auto& [key, delta] : batch.counters)
    if (auto r = apply_counter_day(key, delta); !r) return r;
  return true;
}

result<bool> aggregate_writer::clear() {
  return db_->exec("DELETE FROM agg_employee_day; DELETE FROM agg_counter_day; DELETE FROM agg_employee_service; "
                   "DELETE FROM agg_marks;");
}

result<organisation> load_organisation(const sqlite::connection& db) {
  organisation org;
  auto each = [&](const char* sql, auto&& row) -> result<bool> {
    auto st = db.prepare(sql);
    if (!st) return st.err();
    return st->each_row("read organisation", row);
  };
  if (auto r = each("SELECT office, name, zone FROM offices ORDER BY office", [&](const sqlite::statement& s) {
        auto z = indicators::parse_zone(s.column_view(2));
        org.offices.push_back({s.column_text(0), s.column_text(1), z ? *z : indicators::zone::wib});
      }); !r)
    return r.err();
  std::optional<error> bad_week;
  if (auto r = each("SELECT unit, office, name, grace_minutes, target_present_pct, target_ikm, weekly, tracking_since, "
                    "tracking_auto FROM units ORDER BY unit",
                    [&](const sqlite::statement& s) {
                      unit_info u{s.column_text(0), s.column_text(1), s.column_text(2),
                                  static_cast<int>(s.column_int64(3)), s.column_double(4), s.column_double(5), std::nullopt, std::nullopt, false};
                      if (auto d = indicators::parse_date(s.column_view(7)); !s.column_is_null(7) && d) u.tracking_since = *d;
                      u.tracking_auto = s.column_int64(8) != 0;
                      if (!s.column_is_null(6)) {
                        auto w = decode_week(s.column_view(6));
                        if (w)
                          u.weekly = *w;
                        else
                          bad_week = w.err();
                      }
                      org.units.push_back(std::move(u));
                    });
      !r)
    return r.err();
  if (bad_week) return *bad_week;
  if (auto r = each("SELECT office, counter, unit FROM counters ORDER BY office, counter",
                    [&](const sqlite::statement& s) {
                      org.counters.push_back({s.column_text(0), s.column_text(1), s.column_text(2)});
                    });
      !r)
    return r.err();
  if (auto r = each("SELECT nip, name, unit, active_from, active_to FROM employees ORDER BY nip",
                    [&](const sqlite::statement& s) {
                      employee_info e{s.column_text(0), s.column_text(1), s.column_text(2), std::nullopt, std::nullopt};
                      if (auto d = indicators::parse_date(s.column_view(3)); !s.column_is_null(3) && d) e.active_from = *d;
                      if (auto d = indicators::parse_date(s.column_view(4)); !s.column_is_null(4) && d) e.active_to = *d;
                      org.employees.push_back(std::move(e));
                    });
      !r)
    return r.err();
  if (auto r = each("SELECT nip, date, from_unit FROM transfers ORDER BY nip, date", [&](const sqlite::statement& s) {
        auto d = indicators::parse_date(s.column_view(1));
        if (d) org.transfers.push_back({s.column_text(0), *d, s.column_text(2)});
      }); !r)
    return r.err();
  if (auto r = each("SELECT office, date, name FROM holidays ORDER BY office, date", [&](const sqlite::statement& s) {
        auto d = indicators::parse_date(s.column_view(1));
        if (d) org.holidays.push_back({s.column_text(0), *d, s.column_text(2)});
      }); !r)
    return r.err();
  if (auto r = load_leave_roster(db, org); !r) return r.err();
  return org;
}

result<bool> store_organisation(const sqlite::connection& db, const organisation& items) {
  auto tx = sqlite::transaction::begin(db);
  if (!tx) return tx.err();
  // Validated as a whole with what is already stored, inside the write lock.
  auto current = load_organisation(db);
  if (!current) return current.err();
  const organisation merged = merge_org(std::move(current).value(), items);
  if (auto v = validate(merged); !v) return v.err();

  const auto run = [&](const char* sql, auto&& bind) -> result<bool> {
    auto st = db.prepare(sql);
    if (!st) return st.err();
    bind(*st);
    return st->run("write organisation");
  };
  for (const auto& o : items.offices)
    if (auto r = run("INSERT OR REPLACE INTO offices(office, name, zone) VALUES(?1, ?2, ?3)",
                     [&](sqlite::statement& s) { s.bind(1, o.office).bind(2, o.name).bind(3, zone_text(o.tz)); });
        !r)
      return r;
  for (const auto& u : items.units) {
    const std::string week = u.weekly ? encode_week(*u.weekly) : std::string();  // bound, not copied: keep it alive
    const std::string since = u.tracking_since ? indicators::format_date(*u.tracking_since) : std::string();
    if (auto r = run("INSERT OR REPLACE INTO units(unit, office, name, grace_minutes, target_present_pct, target_ikm, "
                     "weekly, tracking_since, tracking_auto) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                     [&](sqlite::statement& s) {
                       s.bind(1, u.unit).bind(2, u.office).bind(3, u.name).bind(4, u.grace_minutes);
                       s.bind(5, u.target_present_pct).bind(6, u.target_ikm);
                       if (u.weekly)
                         s.bind(7, week);
                       else
                         s.bind_null(7);
                       if (u.tracking_since)
                         s.bind(8, since);
                       else
                         s.bind_null(8);
                       s.bind(9, std::int64_t{u.tracking_auto ? 1 : 0});
                     });
        !r)
      return r;
  }
  for (const auto& c : items.counters)
    if (auto r = run("INSERT OR REPLACE INTO counters(office, counter, unit) VALUES(?1, ?2, ?3)",
                     [&](sqlite::statement& s) { s.bind(1, c.office).bind(2, c.counter).bind(3, c.unit); });
        !r)
      return r;
  for (const auto& e : items.employees) {
    const std::string from = e.active_from ? indicators::format_date(*e.active_from) : std::string();
    const std::string to = e.active_to ? indicators::format_date(*e.active_to) : std::string();
    if (auto r = run("INSERT OR REPLACE INTO employees(nip, name, unit, active_from, active_to) VALUES(?1, ?2, ?3, ?4, ?5)",
                     [&](sqlite::statement& s) {
                       s.bind(1, e.nip).bind(2, e.name).bind(3, e.unit);
                       if (e.active_from)
                         s.bind(4, from);
                       else
                         s.bind_null(4);
                       if (e.active_to)
                         s.bind(5, to);
                       else
                         s.bind_null(5);
                     });
        !r)
      return r;
  }
  for (const auto& t : items.transfers) {
    const std::string date = indicators::format_date(t.date);
    if (auto r = run("INSERT OR REPLACE INTO transfers(nip, date, from_unit) VALUES(?1, ?2, ?3)",
                     [&](sqlite::statement& s) { s.bind(1, t.nip).bind(2, date).bind(3, t.from_unit); });
        !r)
      return r;
  }
  for (const auto& h : items.holidays) {
    const std::string date = indicators::format_date(h.date);
    if (auto r = run("INSERT OR REPLACE INTO holidays(office, date, name) VALUES(?1, ?2, ?3)",
                     [&](sqlite::statement& s) { s.bind(1, h.office).bind(2, date).bind(3, h.name); });
        !r)
      return r;
  }
  if (auto r = store_leave_roster(db, items); !r) return r;
  return tx->commit();
}

result<std::vector<std::pair<employee_day_key, employee_day>>> read_employee_days(
    const sqlite::connection& db, std::span<const std::string> nips, std::int64_t from_day, std::int64_t to_day) {
  std::vector<std::pair<employee_day_key, employee_day>> out;
  out.reserve(nips.size() * static_cast<std::size_t>(std::max<std::int64_t>(0, std::min<std::int64_t>(to_day - from_day + 1, 400))));
  auto st = db.prepare("SELECT employee, day, office, first_in_ms, first_in_synced, last_out_ms, last_out_synced, " +
                       satisfaction_columns() +
                       " FROM agg_employee_day WHERE employee = ?1 AND day BETWEEN ?2 AND ?3");
  if (!st) return st.err();
  for (const auto& nip : nips) {
    st->bind(1, nip).bind(2, from_day).bind(3, to_day);
    auto read = st->each_row("read employee days", [&out](const sqlite::statement& row) {
      employee_day_key k{row.column_text(2), row.column_text(0), row.column_int64(1)};
      employee_day d;
      if (!row.column_is_null(3)) d.attendance.first_in_ms = row.column_int64(3);
      d.attendance.first_in_synced = row.column_int64(4) != 0;
      if (!row.column_is_null(5)) d.attendance.last_out_ms = row.column_int64(5);
      d.attendance.last_out_synced = row.column_int64(6) != 0;
      d.satisfaction = read_satisfaction(row, 7);
      out.emplace_back(std::move(k), std::move(d));
    });
    if (!read) return read.err();
  }
  return out;
}

result<std::vector<counter_day_row>> read_counter_days(const sqlite::connection& db,
                                                       std::span<const counter_info> counters,
                                                       std::int64_t from_day, std::int64_t to_day) {
  std::vector<counter_day_row> out;
  auto st = db.prepare("SELECT day, served, service_ms, histogram, open_ms, " + satisfaction_columns() +
                       " FROM agg_counter_day WHERE office = ?1 AND counter = ?2 AND day BETWEEN ?3 AND ?4");
  if (!st) return st.err();
  for (const auto& c : counters) {
    st->bind(1, c.office).bind(2, c.counter).bind(3, from_day).bind(4, to_day);
    auto read = st->each_row("read counter days", [&](const sqlite::statement& row) -> result<bool> {
      counter_day_row r;
      r.key = counter_day_key{c.office, c.counter, row.column_int64(0)};
      service_sums s;
      s.served = row.column_int64(1);
      s.service_ms = row.column_int64(2);
      auto b = decode_buckets(row.column_view(3));
      if (!b) return b.err();
      s.buckets = std::move(b).value();
      r.service = s.totals(row.column_int64(4));
      r.satisfaction = read_satisfaction(row, 5);
      out.push_back(std::move(r));
      return true;
    });
    if (!read) return read.err();
  }
  return out;
}

result<std::vector<employee_service_row>> read_employee_service(const sqlite::connection& db,
                                                               std::span<const std::string> nips,
                                                               std::int64_t from_day, std::int64_t to_day) {
  std::vector<employee_service_row> out;
  auto st = db.prepare(
      "SELECT day, served, service_ms, histogram FROM agg_employee_service WHERE employee = ?1 AND day BETWEEN ?2 AND ?3");
  if (!st) return st.err();
  for (const auto& nip : nips) {
    st->bind(1, nip).bind(2, from_day).bind(3, to_day);
    auto read = st->each_row("read employee service", [&](const sqlite::statement& row) -> result<bool> {
      service_sums s;
      s.served = row.column_int64(1);
      s.service_ms = row.column_int64(2);
      auto b = decode_buckets(row.column_view(3));
      if (!b) return b.err();
      s.buckets = std::move(b).value();
      out.push_back({nip, row.column_int64(0), s.totals()});
      return true;
    });
    if (!read) return read.err();
  }
  return out;
}

}  // namespace pantau::hub::store_detail
