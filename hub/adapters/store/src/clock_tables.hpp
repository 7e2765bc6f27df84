#pragma once
// Where check-ins and check-outs count (docs/clocks.md): each (kiosk, boot)'s anchor, each attendance
// event's counted time (its own stamp, re-based, or accepted by a review), and the recompute of the
// employee-day rows a moved time leaves and joins. Private to the store.
// Thread-safety: a clock_writer belongs to the owner of its connection.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "pantau/hub/core/clock_rebase.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub::store_detail {

// clock_anchors, attendance_times (derived from events: rebuilt with the aggregates) and clock_reviews
// (what supervisors decided: kept).
extern const char* const clock_tables_sql;

class clock_writer {
 public:
  result<bool> prepare(const sqlite::connection& db);

  // An event inserted in the caller's transaction: a synced one anchors its boot (the first does; the
  // boot's untrusted check-ins and check-outs are re-based now), a check-in or check-out is recorded.
  // Returns where a check-in or check-out counts (nothing for other events).
  result<std::optional<counted_time>> place(const event& e, indicators::zone z);

  // A supervisor's accepted time for an untrusted check-in or check-out (its review row is the caller's).
  result<bool> accept(std::string_view event_id, std::int64_t ts_ms, indicators::zone z);

  // Rewrites the attendance of every employee-day a time left or joined from attendance_times, and
  // drops a row left with nothing in it. Call after the batch's own aggregate rows are written.
  result<bool> recompute_touched();

  // What moved since the last call (for the caches of finished days).
  std::vector<moved_attendance> take_moved() { return std::exchange(moved_, {}); }
  // The caller's transaction rolled back: forget what it wrote (moves, and boots it anchored).
  void rolled_back() {
    moved_.clear();
    touched_.clear();
    anchored_.clear();
  }

  // Empties the derived tables (rebuild), keeping the reviews.
  result<bool> clear();
  // Applies every stored review again (after a rebuild).
  result<bool> reapply_reviews(const std::function<result<indicators::zone>(std::string_view office)>& zone_of);

 private:
  result<bool> rebase_boot(const event& anchor_event, const clock_anchor& anchor, indicators::zone z);
  result<bool> recompute(const std::string& office, const std::string& employee, std::int64_t day);

  const sqlite::connection* db_ = nullptr;
  sqlite::statement insert_anchor_, find_anchor_, insert_time_, select_boot_untrusted_, move_time_, find_time_,
      select_day_times_, upsert_day_attendance_, delete_empty_day_;
  std::set<std::tuple<std::string, std::string, std::int64_t>> touched_;  // office, employee, day
  std::vector<moved_attendance> moved_;
  // Boots known to be anchored in the store ("office/kiosk/boot"), so that the next synced events of a
  // boot cost no write; bounded by clearing it when it grows large.
  std::set<std::string, std::less<>> anchored_;
};

}  // namespace pantau::hub::store_detail
