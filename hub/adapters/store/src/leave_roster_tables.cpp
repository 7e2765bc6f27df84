// Leave records, shift definitions and the roster in the hub store (organisation.hpp keeps them in
// memory). Cancelled leave stays: it is the audit trail. Cleared roster days are deleted.
#include <optional>
#include <string>

#include "aggregate_tables.hpp"
#include "pantau/hub/core/leave_roster_rules.hpp"

namespace pantau::hub::store_detail {
namespace {

namespace ind = indicators;

}  // namespace

const char* const leave_roster_sql = R"sql(
CREATE TABLE IF NOT EXISTS leave_records(
  id TEXT PRIMARY KEY NOT NULL,
  nip TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT NOT NULL,
  kind TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  cancelled_by TEXT NOT NULL DEFAULT '',
  cancelled_ms INTEGER NOT NULL DEFAULT 0,
  cancel_note TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS leave_records_by_nip ON leave_records(nip, id);
CREATE TABLE IF NOT EXISTS shift_defs(
  unit TEXT NOT NULL,
  code TEXT NOT NULL,
  hours TEXT NOT NULL,
  PRIMARY KEY(unit, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS roster(
  nip TEXT NOT NULL,
  date TEXT NOT NULL,
  shift TEXT NOT NULL,
  set_by TEXT NOT NULL DEFAULT '',
  set_ms INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(nip, date)) WITHOUT ROWID;
)sql";

result<bool> load_leave_roster(const sqlite::connection& db, organisation& org) {
  std::optional<error> bad;
  const auto each = [&](const char* sql, auto&& row) -> result<bool> {
    auto st = db.prepare(sql);
    if (!st) return st.err();
    return st->each_row("read leave and roster", row);
  };
  if (auto r = each("SELECT nip, id, from_date, to_date, kind, note, created_by, created_ms, cancelled_by, "
                    "cancelled_ms, cancel_note FROM leave_records ORDER BY nip, id",
                    [&](const sqlite::statement& s) {
                      const auto from = ind::parse_date(s.column_view(2));
                      const auto to = ind::parse_date(s.column_view(3));
                      const auto kind = ind::parse_leave_kind(s.column_view(4));
                      if (!from || !to || !kind) {
                        bad = error{errc::store_error, "leave_records: unreadable row " + s.column_text(1)};
                        return;
                      }
                      org.leave.push_back(leave_record{s.column_text(0), s.column_text(1), *from, *to, *kind,
                                                       s.column_text(5), s.column_text(6), s.column_int64(7),
                                                       s.column_text(8), s.column_int64(9), s.column_text(10)});
                    });
      !r)
    return r;
  if (auto r = each("SELECT unit, code, hours FROM shift_defs ORDER BY unit, code",
                    [&](const sqlite::statement& s) {
                      const auto w = parse_shift_text(s.column_view(2));
                      if (!w || !*w) {
                        bad = error{errc::store_error, "shift_defs: unreadable row " + s.column_text(1)};
                        return;
                      }
                      org.shifts.push_back(shift_def{s.column_text(0), s.column_text(1), **w});
                    });
      !r)
    return r;
  if (auto r = each("SELECT nip, date, shift, set_by, set_ms FROM roster ORDER BY nip, date",
                    [&](const sqlite::statement& s) {
                      const auto d = ind::parse_date(s.column_view(1));
                      const auto w = parse_shift_text(s.column_view(2));
                      if (!d || !w) {
                        bad = error{errc::store_error, "roster: unreadable row " + s.column_text(0)};
                        return;
                      }
                      org.roster.push_back(
                          shift_assignment{s.column_text(0), *d, *w, false, s.column_text(3), s.column_int64(4)});
                    });
      !r)
    return r;
  if (bad) return *bad;
  return true;
}

result<bool> store_leave_roster(const sqlite::connection& db, const organisation& items) {
  const auto run = [&](const char* sql, auto&& bind) -> result<bool> {
    auto st = db.prepare(sql);
    if (!st) return st.err();
    bind(*st);
    return st->run("write leave and roster");
  };
  for (const auto& l : items.leave) {
    // Bound, not copied: kept alive until the statement ran.
    const std::string from = ind::format_date(l.from), to = ind::format_date(l.to);
    const std::string kind(ind::code_of(l.kind));
    if (auto r = run("INSERT OR REPLACE INTO leave_records(id, nip, from_date, to_date, kind, note, created_by, "
                     "created_ms, cancelled_by, cancelled_ms, cancel_note) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                     [&](sqlite::statement& s) {
                       s.bind(1, l.id).bind(2, l.nip).bind(3, from).bind(4, to).bind(5, kind).bind(6, l.note);
                       s.bind(7, l.created_by).bind(8, l.created_ms).bind(9, l.cancelled_by);
                       s.bind(10, l.cancelled_ms).bind(11, l.cancel_note);
                     });
        !r)
      return r;
  }
  for (const auto& d : items.shifts) {
    const std::string hours = shift_text(d.window);
    if (auto r = run("INSERT OR REPLACE INTO shift_defs(unit, code, hours) VALUES(?1, ?2, ?3)",
                     [&](sqlite::statement& s) { s.bind(1, d.unit).bind(2, d.code).bind(3, hours); });
        !r)
      return r;
  }
  for (const auto& a : items.roster) {
    const std::string date = ind::format_date(a.date), shift = shift_text(a.shift);
    if (a.cleared) {
      if (auto r = run("DELETE FROM roster WHERE nip = ?1 AND date = ?2",
                       [&](sqlite::statement& s) { s.bind(1, a.nip).bind(2, date); });
          !r)
        return r;
      continue;
    }
    if (auto r = run("INSERT OR REPLACE INTO roster(nip, date, shift, set_by, set_ms) VALUES(?1, ?2, ?3, ?4, ?5)",
                     [&](sqlite::statement& s) {
                       s.bind(1, a.nip).bind(2, date).bind(3, shift).bind(4, a.set_by).bind(5, a.set_ms);
                     });
        !r)
      return r;
  }
  return true;
}

}  // namespace pantau::hub::store_detail
