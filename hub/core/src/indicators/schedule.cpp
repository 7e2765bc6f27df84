#include "pantau/hub/indicators/schedule.hpp"

#include <algorithm>

namespace pantau::hub::indicators {
namespace {

constexpr std::array<std::string_view, 7> day_names{"monday", "tuesday", "wednesday", "thursday",
                                                     "friday", "saturday", "sunday"};

error bad(const std::string& field, const std::string& what) {
  return error{errc::invalid_schedule, field + ": " + what};
}

bool in_day(int minute) { return minute >= 0 && minute < minutes_per_day; }

}  // namespace

weekly_schedule perpres_21_2023_week() {
  weekly_schedule w;
  const work_window mon_thu{hm(7, 30), hm(16, 0), 60};
  const work_window fri{hm(7, 30), hm(16, 30), 90};
  for (std::size_t i = 0; i < 4; ++i) w[i] = mon_thu;
  w[4] = fri;
  return w;
}

int weekly_net_minutes(const weekly_schedule& w) {
  int total = 0;
  for (const auto& day : w) {
    if (day) total += day->length_min() - day->break_min;
  }
  return total;
}

result<unit_schedule> validate(unit_schedule s) {
  for (std::size_t i = 0; i < s.weekly.size(); ++i) {
    const auto& day = s.weekly[i];
    if (!day) continue;
    const std::string field = "weekly." + std::string(day_names[i]);
    // Weekly windows stay inside one calendar day so "working hours" never spill into the next one;
    // night work belongs in the roster.
    if (!in_day(day->start_min) || day->end_min <= day->start_min || day->end_min > minutes_per_day) {
      return bad(field, "expected 00:00 <= start < end <= 24:00");
    }
    if (day->break_min < 0 || day->break_min >= day->length_min()) {
      return bad(field, "expected 0 <= break < window length");
    }
  }
  for (const auto& [key, shift] : s.roster) {
    if (!shift) continue;
    const std::string field = "roster." + key.employee + "." + format_date(key.date);
    if (!is_valid(key.date)) return bad(field, "not a calendar date");
    if (!in_day(shift->start_min) || !in_day(shift->end_min) || shift->start_min == shift->end_min) {
      return bad(field, "expected start and end in 00:00..23:59 and different");
    }
    if (shift->break_min < 0 || shift->break_min >= shift->length_min()) {
      return bad(field, "expected 0 <= break < shift length");
    }
  }
  for (const auto& d : s.holidays) {
    if (!is_valid(d)) return bad("holidays", "'" + format_date(d) + "' is not a calendar date");
  }
  if (s.grace_minutes < 0 || s.grace_minutes >= minutes_per_day) {
    return bad("grace_minutes", "expected 0..1439");
  }
  if (s.early_grace_minutes < 0 || s.early_grace_minutes >= minutes_per_day) {
    return bad("early_grace_minutes", "expected 0..1439");
  }
  if (s.carry_over_minutes < 0 || s.carry_over_minutes > minutes_per_day) {
    return bad("carry_over_minutes", "expected 0..1440");
  }
  return s;
}

std::optional<work_window> planned_window(const unit_schedule& s, std::string_view employee,
                                          civil_date work_date) {
  if (!employee.empty()) {
    const auto it = s.roster.find(roster_key{std::string(employee), work_date});
    if (it != s.roster.end()) return it->second;
  }
  if (s.holidays.count(work_date) != 0) return std::nullopt;
  return s.weekly[static_cast<std::size_t>(weekday_of(work_date))];
}

std::optional<work_span> planned_span(const unit_schedule& s, std::string_view employee, civil_date work_date) {
  const auto w = planned_window(s, employee, work_date);
  if (!w) return std::nullopt;
  const int end_min = w->crosses_midnight() ? w->end_min + minutes_per_day : w->end_min;
  return work_span{work_date, to_utc_ms(work_date, w->start_min, s.tz), to_utc_ms(work_date, end_min, s.tz)};
}

std::optional<leave_kind> leave_on(const unit_schedule& s, std::string_view employee, civil_date work_date) {
  if (s.leave.empty() || employee.empty()) return std::nullopt;
  const auto it = s.leave.find(roster_key{std::string(employee), work_date});
  if (it == s.leave.end()) return std::nullopt;
  return it->second;
}

civil_date work_date_of(const unit_schedule& s, std::string_view employee, std::int64_t ts_ms) {
  const local_time lt = to_local(ts_ms, s.tz);
  const civil_date previous = add_days(lt.date, -1);
  const auto night = planned_window(s, employee, previous);
  if (night && night->crosses_midnight()) {
    int boundary_min = night->end_min + s.carry_over_minutes;
    if (const auto today = planned_window(s, employee, lt.date)) {
      // Two back-to-back shifts split the gap between them, so neither steals the other's check-ins.
      boundary_min = std::min(boundary_min, (night->end_min + today->start_min) / 2);
    }
    if (ts_ms < to_utc_ms(lt.date, boundary_min, s.tz)) return previous;
  }
  return lt.date;
}

}  // namespace pantau::hub::indicators
