#pragma once
// Attendance discipline (DESIGN §5): late arrival TL1..TL4, early leave PSW1..PSW4, absence, and the
// deduction percentages that follow, per employee work day; mergeable totals for any scope and period.
//
// Rules, all with the unit's schedule (schedule.hpp) and policy below:
// - The first check-in and the last check-out attributed to the work day count (work_date_of).
// - Minutes are whole minutes with the seconds dropped: start 07:30 -> 07:30:59 on time, 08:00:59 TL1
//   (30), 08:01:00 TL2 (31). Early leave likewise: end 16:00 -> 15:59:01 not early, 15:59:00 PSW1 (1).
// - Bands: 1..30 -> 1, 31..60 -> 2, 61..90 -> 3, >= 91 -> 4 (upper bounds configurable). Grace: minutes
//   <= grace are not late; beyond it the minutes still count from the scheduled time.
// - A check-out without any check-in is TL4; a check-in without a check-out is PSW4 once the work day is
//   over (while it is still running the check-out is pending, not missing).
// - Absent: an expected day with neither check-in nor check-out. Holidays and days off are not expected;
//   presence on them is counted as unscheduled_present only.
// - clock "unsynced" events prove presence but never cause a TL/PSW. TL rests on the counted check-in
//   (or, lacking one, on the check-out that proves presence); PSW on the counted check-out (or, lacking
//   one, on the check-in). When that event is unsynced the band is withheld, kept in unverified_* for
//   the reviewer, and the day is flagged needs_review (also when the unsynced time looks punctual).
// - Leave (leave.hpp) on an expected day: never absent, late or early, deduction 0; check-ins are
//   noted but not judged. Kinds that count as present (policy.leave) make the day expected and
//   present (not on time: nobody checked in on time); the others excuse it (not expected).
// - Deduction per day: weight(TL) + weight(PSW), or the absent weight; capped at the absent weight by
//   default because being present should never cost more than staying away.
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/indicators/schedule.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/discipline.hpp"
#include "pantau/shared/event.hpp"

namespace pantau::hub::indicators {

enum class late_band { none, tl1, tl2, tl3, tl4 };
enum class early_band { none, psw1, psw2, psw3, psw4 };
std::string_view to_string(late_band b);   // "", "TL1".."TL4"
std::string_view to_string(early_band b);  // "", "PSW1".."PSW4"

struct attendance_policy {
  band_bounds band_upper_minutes = default_band_bounds;        // TL/PSW 1..3 end here; above is 4
  std::array<double, 4> late_weight_pct{0.5, 1.0, 1.5, 2.0};   // TL1..TL4
  std::array<double, 4> early_weight_pct{0.5, 1.0, 1.5, 2.0};  // PSW1..PSW4
  double absent_weight_pct = 4.0;
  bool cap_day_at_absent = true;
  leave_policy leave;  // which leave kinds count as present
};
// Error code invalid_policy: bands must be increasing and >= 1, weights >= 0.
result<attendance_policy> validate(attendance_policy p);

// The part of an attendance event the engine needs.
struct attendance_mark {
  std::string employee;
  std::int64_t ts_ms = 0;  // UTC
  attendance_data::action_t action = attendance_data::action_t::in;
  clock_state clock = clock_state::synced;
};
// nullopt for other event types.
std::optional<attendance_mark> attendance_mark_of(const event& e);

struct attendance_day {
  std::string employee;
  civil_date date;                      // the work day
  bool expected = false;
  bool complete = true;                 // false while the work window is still running (as_of)
  bool present = false;                 // any check-in or check-out, synced or not
  bool absent = false;                  // expected and not present (so far, when !complete)
  bool on_time = false;                 // present, trusted check-in, no TL
  bool needs_review = false;            // a band was withheld because of an unsynced clock
  std::optional<std::int64_t> first_in_ms;
  std::optional<std::int64_t> last_out_ms;
  int late_minutes = 0;                 // against the scheduled start, seconds dropped; 0 when early
  int early_minutes = 0;                // against the scheduled end, seconds dropped; 0 when not early
  late_band late = late_band::none;     // applied
  early_band early = early_band::none;  // applied
  late_band unverified_late = late_band::none;
  early_band unverified_early = early_band::none;
  double deduction_pct = 0.0;
  std::optional<leave_kind> leave;      // an expected day covered by leave
};

// Evaluates one employee's work day. `marks` may hold other employees and other days: they are skipped.
// `as_of_ms` (UTC) marks a day still in progress when it lies before the end of the work window.
attendance_day evaluate_day(const unit_schedule& s, const attendance_policy& p, std::string_view employee,
                            civil_date work_date, std::span<const attendance_mark> marks,
                            std::optional<std::int64_t> as_of_ms = std::nullopt);

// Every work day from..to inclusive (days that are not expected, not covered by leave and have no
// presence are left out).
std::vector<attendance_day> evaluate_period(const unit_schedule& s, const attendance_policy& p,
                                            std::string_view employee, civil_date from, civil_date to,
                                            std::span<const attendance_mark> marks,
                                            std::optional<std::int64_t> as_of_ms = std::nullopt);

// The one reading of an employee-day that every view shows (exports, the dashboard, the appraisal's
// day list, the kiosk's staff panel through the hub): what was applied, never a band that was withheld.
enum class day_state {
  not_expected,    // a day off or holiday (presence on it is noted only)
  in_progress,     // the work window is still running and nothing is judged yet
  on_time,         // present, trusted check-in, no band
  late,            // TL applied
  early_leave,     // PSW applied
  late_and_early,  // both
  needs_review,    // present, but a band rests on an unsynced clock: withheld until reviewed
  absent,
  on_leave,        // covered by leave, a permit, official travel or flexible work (the kind in the text)
};
std::string_view to_string(day_state s);  // "on_time", "late", ...

struct day_status {
  day_state state = day_state::not_expected;
  std::string text_id;  // e.g. "Terlambat TL2 (45 menit)"
  std::string text_en;  // e.g. "Late TL2 (45 minutes)"
};
day_status status_of(const attendance_day& d);

// Sums and counts only, so employee-days merge into unit/office days and days into any period.
struct attendance_totals {
  std::int64_t expected = 0;
  std::int64_t present = 0;   // among expected days
  std::int64_t on_time = 0;
  std::array<std::int64_t, 4> late{};         // TL1..TL4
  std::array<std::int64_t, 4> early_leave{};  // PSW1..PSW4
  std::int64_t absent = 0;
  std::int64_t needs_review = 0;
  std::int64_t unscheduled_present = 0;  // presence on a day off, a holiday or an excused leave day
  std::int64_t on_leave = 0;             // expected days covered by leave (present or excused)
  double deduction_pct = 0.0;            // sum over the days tallied (per employee it is the period total)

  void merge(const attendance_totals& o);
  std::optional<double> present_rate() const;  // present / expected, 0..1
  std::optional<double> on_time_rate() const;  // on_time / present, 0..1
  bool operator==(const attendance_totals&) const = default;
};

attendance_totals tally(const attendance_day& d);
attendance_totals summarize(std::span<const attendance_day> days);

}  // namespace pantau::hub::indicators
