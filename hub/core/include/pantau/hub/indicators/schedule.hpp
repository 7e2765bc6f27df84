#pragma once
// Work schedules of a unit: a weekly pattern (Perpres 21/2023 defaults), a holiday list, and an
// optional per-employee roster of shifts for public-service units. Everything is local civil time of
// the unit's zone; the functions here turn it into UTC spans that events can be compared with.
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "pantau/hub/indicators/leave.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

// Local start/end in minutes after midnight. end_min <= start_min means the window ends on the next
// day (a night shift); the weekly pattern never does that, only roster shifts may.
struct work_window {
  int start_min = 0;
  int end_min = 0;
  int break_min = 0;  // informational (weekly hours); lateness and early leave ignore it
  bool crosses_midnight() const { return end_min <= start_min; }
  int length_min() const { return crosses_midnight() ? end_min + minutes_per_day - start_min : end_min - start_min; }
  bool operator==(const work_window&) const = default;
};

// Indexed by weekday (Monday = 0). nullopt = day off.
using weekly_schedule = std::array<std::optional<work_window>, 7>;

// Perpres 21/2023: Mon–Thu 07:30–16:00 (60 min break), Fri 07:30–16:30 (90 min break), Sat/Sun off;
// 37.5 h per week net of breaks.
weekly_schedule perpres_21_2023_week();
// Net minutes per week (windows minus breaks).
int weekly_net_minutes(const weekly_schedule& w);

struct roster_key {
  std::string employee;  // NIP
  civil_date date;       // the shift's start date (= its work day)
  auto operator<=>(const roster_key&) const = default;
};

struct unit_schedule {
  zone tz = zone::wib;
  weekly_schedule weekly = perpres_21_2023_week();
  std::set<civil_date> holidays;  // not expected under the weekly pattern
  // A roster entry overrides both the weekly pattern and the holiday list for that employee and date,
  // because a rostered shift (also on a holiday) is a deliberate assignment. nullopt = rostered off.
  std::map<roster_key, std::optional<work_window>> roster;
  int grace_minutes = 0;        // lateness up to this many minutes is not late (default 0)
  int early_grace_minutes = 0;  // the same for early leave (default 0)
  // A night shift's events after midnight belong to its start date until end + this many minutes (or
  // the midpoint to the next shift, whichever is earlier); later events belong to the calendar day.
  int carry_over_minutes = 240;
  // Leave, permits and work modes of the unit's employees, per covered day (keyed like the roster by
  // the work day). Only expected days are affected: leave over a weekend or a holiday changes nothing.
  std::map<roster_key, leave_kind> leave;
};

// The leave covering that employee's work day, if any.
std::optional<leave_kind> leave_on(const unit_schedule& s, std::string_view employee, civil_date work_date);

// Returns the schedule when every window, grace and carry-over value is in range; error code
// invalid_schedule naming the offending field otherwise.
result<unit_schedule> validate(unit_schedule s);

// The window an employee is expected to work on a work day, or nullopt when not expected
// (day off, holiday, rostered off). An empty employee asks about the unit's own opening hours.
std::optional<work_window> planned_window(const unit_schedule& s, std::string_view employee, civil_date work_date);

struct work_span {
  civil_date work_date;
  std::int64_t start_ms = 0;  // UTC
  std::int64_t end_ms = 0;    // UTC, > start_ms
};
std::optional<work_span> planned_span(const unit_schedule& s, std::string_view employee, civil_date work_date);

// The work day an event at ts_ms belongs to: its local calendar date, except that the early hours after
// a night shift belong to the shift's start date (see carry_over_minutes).
civil_date work_date_of(const unit_schedule& s, std::string_view employee, std::int64_t ts_ms);

}  // namespace pantau::hub::indicators
