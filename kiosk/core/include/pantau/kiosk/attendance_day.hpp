#pragma once
// In or out: the first accepted badge scan of an employee on a local calendar day is the check-in,
// every later one that day a check-out (the hub counts the first in and the last out, DESIGN §5).
// Days are counted in the site's fixed zone, so a scan at 23:59 WIB and one at 00:01 WIB are two days.
// Thread-safety: attendance_action_for is pure; attendance_day_book is not thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pantau/shared/calendar.hpp"
#include "pantau/shared/event.hpp"

namespace pantau::kiosk {

// `in` when there was no earlier scan or it was on an earlier local day; `out` otherwise.
attendance_data::action_t attendance_action_for(std::optional<std::int64_t> previous_scan_utc_ms,
                                                std::int64_t scan_utc_ms, int utc_offset_minutes);

// Remembers the last scan per NIP. The camera keeps it beside the attendance events (encode/restore,
// in the same outbox transaction): an employee who checked in at 07:28 and scans at 16:00 after the
// kiosk restarted at noon must check out, not in again (an "in" at 16:00 leaves the day without a
// check-out, which the hub would count as leaving early).
class attendance_day_book {
 public:
  explicit attendance_day_book(int utc_offset_minutes) : utc_offset_minutes_(utc_offset_minutes) {}

  // The action a scan by `nip` at `scan_utc_ms` would get; records nothing.
  attendance_data::action_t action_for(std::string_view nip, std::int64_t scan_utc_ms) const;
  // The action of a scan by `nip` now, and records it. Call it once the event is committed, so a
  // scan that failed to commit does not turn the next one into an "out".
  attendance_data::action_t record(std::string_view nip, std::int64_t scan_utc_ms);

  // The scans of the local day of `now_utc_ms` as text, one "<nip> <utc_ms>" line each, after a "v1"
  // line; earlier days are left out (they decide nothing any more).
  std::string encode(std::int64_t now_utc_ms) const;
  // Replaces the book with what encode() wrote. Text that is not such a book changes nothing and
  // returns false (the caller logs it; the kiosk still works, as after a first start).
  bool restore(std::string_view text);

  // The site's zone from the hub's config; scans are compared by local day in it from now on.
  void set_utc_offset_minutes(int minutes) { utc_offset_minutes_ = minutes; }
  int utc_offset_minutes() const { return utc_offset_minutes_; }

 private:
  int utc_offset_minutes_;
  std::unordered_map<std::string, std::int64_t> last_scan_;
};

}  // namespace pantau::kiosk
