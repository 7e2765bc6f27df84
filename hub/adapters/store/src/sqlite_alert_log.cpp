#include "pantau/hub/store/sqlite_alert_log.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "aggregate_tables.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub {
namespace {

constexpr indicators::alert_kind known_kinds[] = {
    indicators::alert_kind::low_satisfaction, indicators::alert_kind::kiosk_offline,
    indicators::alert_kind::backlog_growing, indicators::alert_kind::attendance_below_target,
    indicators::alert_kind::seq_gap, indicators::alert_kind::rtl_overdue, indicators::alert_kind::absence_discipline};

std::optional<indicators::alert_kind> kind_named(std::string_view s) {
  for (const auto k : known_kinds)
    if (indicators::to_string(k) == s) return k;
  return std::nullopt;
}

std::optional<alert_state> state_named(std::string_view s) {
  if (s == to_string(alert_state::active)) return alert_state::active;
  if (s == to_string(alert_state::cleared)) return alert_state::cleared;
  return std::nullopt;
}

}  // namespace

struct sqlite_alert_log::impl {
  sqlite::connection db;
  sqlite::statement upsert;
  sqlite::statement newest;
  sqlite::statement events_newest_first;
};

sqlite_alert_log::sqlite_alert_log(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_alert_log::~sqlite_alert_log() = default;

result<std::unique_ptr<sqlite_alert_log>> sqlite_alert_log::open(const std::string& path) {
  auto db = store_detail::open_existing(path);
  if (!db) return db.err();
  auto upsert = db->prepare(
      "INSERT INTO alerts(id, kind, office, subject, unit, state, raised_ms, cleared_ms, message) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT(id) DO UPDATE SET state = excluded.state, cleared_ms = excluded.cleared_ms, "
      "message = excluded.message");
  if (!upsert) return upsert.err();
  // Only the kinds this version knows count toward the limit (a newer hub may have written others).
  std::string kinds;
  for (const auto k : known_kinds) kinds += std::string(kinds.empty() ? "'" : ", '") + std::string(indicators::to_string(k)) + "'";
  auto newest = db->prepare(
      "SELECT id, kind, office, subject, unit, state, raised_ms, cleared_ms, message FROM alerts "
      "WHERE kind IN (" + kinds + ") AND state IN ('active', 'cleared') ORDER BY raised_ms DESC, id LIMIT ?1");
  if (!newest) return newest.err();
  // Rows are appended in the order the hub received them, so rowid order is receive order.
  auto events = db->prepare("SELECT type, received_ms, payload FROM events ORDER BY rowid DESC");
  if (!events) return events.err();
  auto p = std::make_unique<impl>(impl{std::move(db).value(), std::move(upsert).value(), std::move(newest).value(),
                                       std::move(events).value()});
  return std::unique_ptr<sqlite_alert_log>(new sqlite_alert_log(std::move(p)));
}

result<bool> sqlite_alert_log::write(const alert_record& a) {
  auto& st = impl_->upsert;
  const std::string_view kind = indicators::to_string(a.kind);
  const std::string_view state = to_string(a.state);
  st.bind(1, a.id).bind(2, kind).bind(3, a.office).bind(4, a.subject);
  if (a.unit) st.bind(5, *a.unit);
  else st.bind_null(5);
  st.bind(6, state).bind(7, a.raised_ms);
  if (a.cleared_ms) st.bind(8, *a.cleared_ms);
  else st.bind_null(8);
  st.bind(9, a.message);
  return st.run("keep alert " + a.id);
}

result<std::vector<alert_record>> sqlite_alert_log::recent(std::size_t limit) {
  auto& st = impl_->newest;
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<alert_record> out;
  auto read = st.each_row("cannot read the alerts", [&out](const sqlite::statement& row) {
    const auto kind = kind_named(row.column_view(1));
    const auto state = state_named(row.column_view(5));
    if (!kind || !state) return;
    alert_record a;
    a.id = row.column_text(0);
    a.kind = *kind;
    a.office = row.column_text(2);
    a.subject = row.column_text(3);
    if (!row.column_is_null(4)) a.unit = row.column_text(4);
    a.state = *state;
    a.raised_ms = row.column_int64(6);
    if (!row.column_is_null(7)) a.cleared_ms = row.column_int64(7);
    a.message = row.column_text(8);
    out.push_back(std::move(a));
  });
  if (!read) return read.err();
  return out;
}

result<std::vector<pantau::event>> sqlite_alert_log::ratings_since(std::int64_t received_from_ms) {
  auto& st = impl_->events_newest_first;
  sqlite::reset_guard done(st);
  const std::string_view rating = to_string(event_type::rating);
  std::vector<pantau::event> out;
  // Newest first, and only back to received_from_ms: the loop stops there, not at the end of the table.
  for (;;) {
    auto row = st.execute_step("cannot read the recent ratings");
    if (!row) return row.err();
    if (*row == sqlite::step::done) break;
    if (st.column_int64(1) < received_from_ms) break;
    if (st.column_view(0) != rating) continue;
    // Every stored event passed decode_event on the way in; one that no longer does is skipped.
    auto e = decode_stored_event(st.column_view(2));
    if (e) out.push_back(std::move(e).value());
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace pantau::hub
