#include "clock_tables.hpp"

#include "pantau/hub/core/day_aggregates.hpp"

namespace pantau::hub::store_detail {

const char* const clock_tables_sql = R"sql(
CREATE TABLE IF NOT EXISTS clock_anchors(
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  boot TEXT NOT NULL,
  anchor_id TEXT NOT NULL,
  offset_ms INTEGER NOT NULL,
  PRIMARY KEY(office, kiosk, boot)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS attendance_times(
  id TEXT PRIMARY KEY NOT NULL,
  office TEXT NOT NULL,
  kiosk TEXT NOT NULL,
  boot TEXT NOT NULL,
  employee TEXT NOT NULL,
  action TEXT NOT NULL,
  mono_ms INTEGER NOT NULL,
  stamped_ms INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  day INTEGER NOT NULL,
  stamped_day INTEGER NOT NULL,
  trusted INTEGER NOT NULL,
  source TEXT NOT NULL,
  anchor_id TEXT,
  photo TEXT);
CREATE INDEX IF NOT EXISTS attendance_times_day ON attendance_times(office, employee, day);
CREATE INDEX IF NOT EXISTS attendance_times_untrusted ON attendance_times(office, kiosk, boot) WHERE trusted = 0;
CREATE TABLE IF NOT EXISTS clock_reviews(
  id TEXT PRIMARY KEY NOT NULL,
  reviewer TEXT NOT NULL,
  reviewed_ms INTEGER NOT NULL,
  old_ms INTEGER NOT NULL,
  new_ms INTEGER NOT NULL,
  reason TEXT NOT NULL);
)sql";

result<bool> clock_writer::prepare(const sqlite::connection& db) {
  db_ = &db;
  struct item {
    sqlite::statement* st;
    const char* sql;
  };
  const item items[] = {
      {&insert_anchor_,
       "INSERT OR IGNORE INTO clock_anchors(office, kiosk, boot, anchor_id, offset_ms) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&find_anchor_, "SELECT anchor_id, offset_ms FROM clock_anchors WHERE office = ?1 AND kiosk = ?2 AND boot = ?3"},
      {&insert_time_,
       "INSERT OR IGNORE INTO attendance_times(id, office, kiosk, boot, employee, action, mono_ms, stamped_ms, ts_ms, "
       "day, stamped_day, trusted, source, anchor_id, photo) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"},
      {&select_boot_untrusted_,
       "SELECT id, employee, day, mono_ms, ts_ms FROM attendance_times "
       "WHERE office = ?1 AND kiosk = ?2 AND boot = ?3 AND trusted = 0"},
      {&move_time_,
       "UPDATE attendance_times SET ts_ms = ?2, day = ?3, trusted = 1, source = ?4, anchor_id = ?5 WHERE id = ?1"},
      {&find_time_, "SELECT office, employee, day, ts_ms FROM attendance_times WHERE id = ?1"},
      {&select_day_times_,
       "SELECT action, ts_ms, trusted FROM attendance_times WHERE office = ?1 AND employee = ?2 AND day = ?3"},
      {&upsert_day_attendance_,
       "INSERT INTO agg_employee_day(employee, day, office, first_in_ms, first_in_synced, last_out_ms, "
       "last_out_synced) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(employee, day, office) DO UPDATE SET "
       "first_in_ms = excluded.first_in_ms, first_in_synced = excluded.first_in_synced, "
       "last_out_ms = excluded.last_out_ms, last_out_synced = excluded.last_out_synced"},
      {&delete_empty_day_,
       "DELETE FROM agg_employee_day WHERE employee = ?1 AND day = ?2 AND office = ?3 AND first_in_ms IS NULL AND "
       "last_out_ms IS NULL AND responses = 0 AND misuse_excluded = 0"},
  };
  for (const auto& it : items) {
    auto st = db.prepare(it.sql);
    if (!st) return st.err();
    *it.st = std::move(st).value();
  }
  return true;
}

result<std::optional<counted_time>> clock_writer::place(const event& e, indicators::zone z) {
  if (const auto a = anchor_of(e)) {
    std::string boot_key = e.office + "/" + e.kiosk + "/" + e.boot;
    if (!anchored_.contains(boot_key)) {
      insert_anchor_.bind(1, e.office).bind(2, e.kiosk).bind(3, e.boot).bind(4, a->event_id).bind(5, a->offset_ms);
      if (auto r = insert_anchor_.run("anchor boot"); !r) return r.err();
      // The boot's first synced event: what its unsynced ones stamped so far can be placed now.
      if (db_->changes() > 0)
        if (auto r = rebase_boot(e, *a, z); !r) return r.err();
      if (anchored_.size() >= 100'000) anchored_.clear();
      anchored_.insert(std::move(boot_key));
    }
  }
  const auto* att = std::get_if<attendance_data>(&e.data);
  if (att == nullptr) return std::optional<counted_time>{};

  std::optional<clock_anchor> anchor;
  if (e.clock == clock_state::unsynced && !e.boot.empty()) {
    sqlite::reset_guard g(find_anchor_);
    find_anchor_.bind(1, e.office).bind(2, e.kiosk).bind(3, e.boot);
    auto row = find_anchor_.execute_step("read boot anchor");
    if (!row) return row.err();
    if (*row == sqlite::step::row) anchor = clock_anchor{find_anchor_.column_text(0), find_anchor_.column_int64(1)};
  }
  const counted_time t = counted_time_of(e, anchor ? &*anchor : nullptr);
  auto& st = insert_time_;
  st.bind(1, e.id).bind(2, e.office).bind(3, e.kiosk).bind(4, e.boot).bind(5, att->employee);
  st.bind(6, att->action == attendance_data::action_t::in ? "in" : "out");
  st.bind(7, e.mono_ms).bind(8, e.ts_ms).bind(9, t.ts_ms).bind(10, local_day_of(t.ts_ms, z));
  st.bind(11, local_day_of(e.ts_ms, z)).bind(12, t.trusted ? 1 : 0).bind(13, to_string(t.source));
  if (t.source == time_source::rebased) st.bind(14, anchor->event_id); else st.bind_null(14);
  if (att->photo) st.bind(15, *att->photo); else st.bind_null(15);
  if (auto r = st.run("record attendance time"); !r) return r.err();
  if (t.source == time_source::rebased) moved_.push_back({e.office, att->employee, t.ts_ms});
  return std::optional<counted_time>(t);
}

result<bool> clock_writer::rebase_boot(const event& anchor_event, const clock_anchor& anchor, indicators::zone z) {
  struct moved {
    std::string id, employee;
    std::int64_t old_day = 0, ts_ms = 0, old_ms = 0;
  };
  std::vector<moved> list;
  select_boot_untrusted_.bind(1, anchor_event.office).bind(2, anchor_event.kiosk).bind(3, anchor_event.boot);
  auto read = select_boot_untrusted_.each_row("read boot's untrusted times", [&](const sqlite::statement& row) {
    list.push_back({row.column_text(0), row.column_text(1), row.column_int64(2),
                    row.column_int64(3) + anchor.offset_ms, row.column_int64(4)});
  });
  if (!read) return read;
  for (const auto& m : list) {
    const std::int64_t day = local_day_of(m.ts_ms, z);
    move_time_.bind(1, m.id).bind(2, m.ts_ms).bind(3, day).bind(4, to_string(time_source::rebased));
    move_time_.bind(5, anchor.event_id);
    if (auto r = move_time_.run("re-base time"); !r) return r;
    touched_.emplace(anchor_event.office, m.employee, m.old_day);
    touched_.emplace(anchor_event.office, m.employee, day);
    moved_.push_back({anchor_event.office, m.employee, m.old_ms});
    moved_.push_back({anchor_event.office, m.employee, m.ts_ms});
  }
  return true;
}

result<bool> clock_writer::accept(std::string_view event_id, std::int64_t ts_ms, indicators::zone z) {
  std::string office, employee;
  std::int64_t old_day = 0, old_ms = 0;
  {
    sqlite::reset_guard g(find_time_);
    find_time_.bind(1, event_id);
    auto row = find_time_.execute_step("read attendance time");
    if (!row) return row.err();
    if (*row != sqlite::step::row) return error{errc::not_found, "no check-in or check-out with that id"};
    office = find_time_.column_text(0);
    employee = find_time_.column_text(1);
    old_day = find_time_.column_int64(2);
    old_ms = find_time_.column_int64(3);
  }
  const std::int64_t day = local_day_of(ts_ms, z);
  move_time_.bind(1, event_id).bind(2, ts_ms).bind(3, day).bind(4, to_string(time_source::reviewed)).bind_null(5);
  if (auto r = move_time_.run("accept reviewed time"); !r) return r;
  touched_.emplace(office, employee, old_day);
  touched_.emplace(office, employee, day);
  moved_.push_back({office, employee, old_ms});
  moved_.push_back({office, employee, ts_ms});
  return true;
}

result<bool> clock_writer::recompute(const std::string& office, const std::string& employee, std::int64_t day) {
  attendance_marks marks;
  select_day_times_.bind(1, office).bind(2, employee).bind(3, day);
  auto read = select_day_times_.each_row("read day's times", [&](const sqlite::statement& row) {
    const bool trusted = row.column_int64(2) != 0;
    if (row.column_view(0) == "in") marks.add_in(row.column_int64(1), trusted);
    else marks.add_out(row.column_int64(1), trusted);
  });
  if (!read) return read;
  auto& st = upsert_day_attendance_;
  st.bind(1, employee).bind(2, day).bind(3, office);
  if (marks.first_in_ms) st.bind(4, *marks.first_in_ms); else st.bind_null(4);
  st.bind(5, marks.first_in_synced ? 1 : 0);
  if (marks.last_out_ms) st.bind(6, *marks.last_out_ms); else st.bind_null(6);
  st.bind(7, marks.last_out_synced ? 1 : 0);
  if (auto r = st.run("rewrite employee day"); !r) return r;
  delete_empty_day_.bind(1, employee).bind(2, day).bind(3, office);
  return delete_empty_day_.run("drop empty employee day");
}

result<bool> clock_writer::recompute_touched() {
  for (const auto& [office, employee, day] : touched_)
    if (auto r = recompute(office, employee, day); !r) {
      touched_.clear();
      return r;
    }
  touched_.clear();
  return true;
}

result<bool> clock_writer::clear() {
  rolled_back();
  return db_->exec("DELETE FROM clock_anchors; DELETE FROM attendance_times;");
}

result<bool> clock_writer::reapply_reviews(
    const std::function<result<indicators::zone>(std::string_view office)>& zone_of) {
  struct review {
    std::string id, office;
    std::int64_t ts_ms = 0;
  };
  std::vector<review> list;
  auto st = db_->prepare(
      "SELECT r.id, t.office, r.new_ms FROM clock_reviews r JOIN attendance_times t ON t.id = r.id ORDER BY r.id");
  if (!st) return st.err();
  auto read = st->each_row("read reviews", [&](const sqlite::statement& row) {
    list.push_back({row.column_text(0), row.column_text(1), row.column_int64(2)});
  });
  if (!read) return read;
  for (const auto& r : list) {
    auto z = zone_of(r.office);
    if (!z) return z.err();
    if (auto done = accept(r.id, r.ts_ms, *z); !done) return done;
  }
  return recompute_touched();
}

}  // namespace pantau::hub::store_detail
