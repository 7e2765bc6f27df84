#include "pantau/hub/store/sqlite_review_store.hpp"

#include <mutex>

#include "aggregate_tables.hpp"
#include "clock_tables.hpp"

namespace pantau::hub {
namespace {

// Untrusted and not decided yet (a decided one is trusted; the NOT EXISTS keeps the audit the judge).
constexpr const char* pending_select =
    "SELECT id, office, kiosk, boot, employee, action, mono_ms, stamped_ms, day, photo FROM attendance_times t "
    "WHERE trusted = 0 AND NOT EXISTS (SELECT 1 FROM clock_reviews r WHERE r.id = t.id) ";

review_item item_of(const sqlite::statement& row) {
  review_item i;
  i.event = row.column_text(0);
  i.office = row.column_text(1);
  i.kiosk = row.column_text(2);
  i.boot = row.column_text(3);
  i.employee = row.column_text(4);
  i.action = row.column_text(5);
  i.mono_ms = row.column_int64(6);
  i.stamped_ms = row.column_int64(7);
  i.filed_day = row.column_int64(8);
  if (!row.column_is_null(9)) i.photo = row.column_text(9);
  return i;
}

}  // namespace

struct sqlite_review_store::impl {
  std::mutex mu;
  sqlite::connection db;
  store_detail::clock_writer clocks;
  sqlite::statement pending, one_pending, insert_review, zone, done;

  result<std::optional<review_item>> find(std::string_view event) {
    std::optional<review_item> out;
    one_pending.bind(1, event);
    auto r = one_pending.each_row("read pending review", [&out](const sqlite::statement& row) { out = item_of(row); });
    if (!r) return r.err();
    return out;
  }
};

sqlite_review_store::sqlite_review_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_review_store::~sqlite_review_store() = default;

result<std::unique_ptr<sqlite_review_store>> sqlite_review_store::open(const std::string& path) {
  auto db = store_detail::open_existing(path);
  if (!db) return db.err();
  auto p = std::make_unique<impl>();
  p->db = std::move(db).value();
  if (auto r = p->clocks.prepare(p->db); !r) return r.err();
  const std::pair<sqlite::statement*, std::string> items[] = {
      {&p->pending, std::string(pending_select) + "ORDER BY stamped_ms, id"},
      {&p->one_pending, std::string(pending_select) + "AND id = ?1"},
      {&p->insert_review,
       "INSERT INTO clock_reviews(id, reviewer, reviewed_ms, old_ms, new_ms, reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      {&p->zone, "SELECT zone FROM offices WHERE office = ?1"},
      {&p->done,
       "SELECT r.id, ifnull(t.employee, ''), r.reviewer, r.reviewed_ms, r.old_ms, r.new_ms, r.reason "
       "FROM clock_reviews r LEFT JOIN attendance_times t ON t.id = r.id ORDER BY r.reviewed_ms DESC, r.id"},
  };
  for (const auto& [st, sql] : items) {
    auto prepared = p->db.prepare(sql);
    if (!prepared) return prepared.err();
    *st = std::move(prepared).value();
  }
  return std::unique_ptr<sqlite_review_store>(new sqlite_review_store(std::move(p)));
}

result<std::vector<review_item>> sqlite_review_store::pending_reviews() {
  std::lock_guard lock(impl_->mu);
  std::vector<review_item> out;
  auto r = impl_->pending.each_row("read pending reviews", [&out](const sqlite::statement& row) {
    out.push_back(item_of(row));
  });
  if (!r) return r.err();
  return out;
}

result<std::optional<review_item>> sqlite_review_store::find_pending(std::string_view event) {
  std::lock_guard lock(impl_->mu);
  return impl_->find(event);
}

result<review_record> sqlite_review_store::accept_review(const review_request& r, std::string_view reviewer,
                                                         std::int64_t now_ms) {
  std::lock_guard lock(impl_->mu);
  auto& d = *impl_;
  auto tx = sqlite::transaction::begin(d.db);
  if (!tx) return tx.err();
  // Asked again inside the write lock: two supervisors deciding at once, one wins.
  auto item = d.find(r.event);
  if (!item) return item.err();
  if (!*item) return error{errc::not_found, "no pending review for that event"};
  indicators::zone z = indicators::zone::wib;
  d.zone.bind(1, (*item)->office);
  auto read = d.zone.each_row("read office zone", [&z](const sqlite::statement& row) {
    if (auto parsed = indicators::parse_zone(row.column_view(0))) z = *parsed;
  });
  if (!read) return read.err();
  review_record rec{r.event, (*item)->employee, std::string(reviewer), now_ms, (*item)->stamped_ms, r.ts_ms, r.reason};
  d.insert_review.bind(1, rec.event).bind(2, rec.reviewer).bind(3, rec.reviewed_ms).bind(4, rec.old_ms);
  d.insert_review.bind(5, rec.new_ms).bind(6, rec.reason);
  if (auto done = d.insert_review.run("audit review"); !done) return done.err();
  if (auto done = d.clocks.accept(r.event, r.ts_ms, z); !done) return done.err();
  if (auto done = d.clocks.recompute_touched(); !done) return done.err();
  if (auto done = tx->commit(); !done) return done.err();
  return rec;
}

result<std::vector<review_record>> sqlite_review_store::reviews_done() {
  std::lock_guard lock(impl_->mu);
  std::vector<review_record> out;
  auto r = impl_->done.each_row("read reviews", [&out](const sqlite::statement& row) {
    out.push_back({row.column_text(0), row.column_text(1), row.column_text(2), row.column_int64(3),
                   row.column_int64(4), row.column_int64(5), row.column_text(6)});
  });
  if (!r) return r.err();
  return out;
}

}  // namespace pantau::hub
