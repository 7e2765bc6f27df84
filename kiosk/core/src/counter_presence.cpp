#include "pantau/kiosk/counter_presence.hpp"

#include <cstdio>

#include "pantau/kiosk/attendance_day.hpp"
#include "pantau/shared/calendar.hpp"
#include "pantau/shared/config.hpp"

namespace pantau::kiosk {
namespace {

// Whole local minutes since local midnight, seconds dropped (floor, also before 1970).
std::int64_t local_minute_of_day(std::int64_t utc_ms, int utc_offset_minutes) {
  const std::int64_t local_ms = utc_ms + std::int64_t{utc_offset_minutes} * ms_per_minute;
  std::int64_t minutes = local_ms / ms_per_minute;
  if (local_ms % ms_per_minute < 0) --minutes;
  std::int64_t m = minutes % minutes_per_day;
  if (m < 0) m += minutes_per_day;
  return m;
}

}  // namespace

site_rules site_rules_of(const kiosk_settings& settings, int fallback_offset_minutes) {
  site_rules r;
  r.utc_offset_minutes = zone_offset_minutes(settings.zone).value_or(fallback_offset_minutes);
  r.bands = settings.bands;
  for (const auto& h : settings.holidays)
    if (const auto day = parse_date(h)) r.holidays.insert(days_from_civil(*day));
  return r;
}

int local_weekday(std::int64_t utc_ms, int utc_offset_minutes) {
  return static_cast<int>(weekday_of(civil_from_days(local_day_number(utc_ms, utc_offset_minutes))));
}

const char* to_string(lateness l) {
  switch (l) {
    case lateness::on_time: return "tepat waktu";
    case lateness::tl1: return "TL1";
    case lateness::tl2: return "TL2";
    case lateness::tl3: return "TL3";
    case lateness::tl4: return "TL4";
    case lateness::needs_review: return "perlu ditinjau";
  }
  return "TL4";
}

int minutes_late(std::int64_t scan_utc_ms, int utc_offset_minutes, const work_schedule& schedule) {
  return static_cast<int>(local_minute_of_day(scan_utc_ms, utc_offset_minutes) - schedule.start_minutes);
}

lateness lateness_of(std::int64_t scan_utc_ms, int utc_offset_minutes, const work_schedule& schedule,
                     const band_bounds& bands) {
  const int late = minutes_late(scan_utc_ms, utc_offset_minutes, schedule);
  return static_cast<lateness>(discipline_band(late, schedule.grace_minutes, bands));
}

std::string local_hh_mm(std::int64_t utc_ms, int utc_offset_minutes) {
  const auto m = local_minute_of_day(utc_ms, utc_offset_minutes);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

counter_presence::day_record& counter_presence::today_of(std::string_view nip, std::int64_t utc_ms) {
  const auto day = local_day_number(utc_ms, rules_.utc_offset_minutes);
  auto it = days_.find(nip);
  if (it == days_.end()) it = days_.emplace(std::string(nip), day_record{}).first;
  if (it->second.day != day) {
    it->second = day_record{};
    it->second.day = day;
  }
  return it->second;
}

void counter_presence::record_scan(std::string_view nip, attendance_data::action_t action, std::int64_t utc_ms,
                                   clock_state clock) {
  auto& rec = today_of(nip, utc_ms);
  employee_at_counter e;
  e.nip = std::string(nip);
  e.action = action;
  e.scan_utc_ms = utc_ms;
  e.time = local_hh_mm(utc_ms, rules_.utc_offset_minutes);
  if (action == attendance_data::action_t::in) {
    if (!rec.first_in_ms) {
      rec.first_in_ms = utc_ms;
      rec.first_in_unsynced = clock == clock_state::unsynced;
    }
    if (const auto sched = schedule_on(nip, *rec.first_in_ms))
      e.band = rec.first_in_unsynced ? lateness::needs_review
                                     : lateness_of(*rec.first_in_ms, rules_.utc_offset_minutes, *sched, rules_.bands);
  }
  last_ = std::move(e);
}

std::optional<work_schedule> counter_presence::schedule_on(std::string_view nip, std::int64_t utc_ms) const {
  std::optional<work_schedule> sched = schedule_;
  if (auto w = schedules_.find(nip); w != schedules_.end())
    sched = w->second[static_cast<std::size_t>(local_weekday(utc_ms, rules_.utc_offset_minutes))];
  // A holiday is nobody's working day: no band, as on a day off.
  if (rules_.holidays.contains(local_day_number(utc_ms, rules_.utc_offset_minutes))) sched.reset();
  return sched;
}

void counter_presence::set_schedule(std::string_view nip, const weekly_schedule& week) {
  schedules_.insert_or_assign(std::string(nip), week);
}

void counter_presence::set_name(std::string_view nip, std::string_view name) {
  names_.insert_or_assign(std::string(nip), std::string(name));
}

std::optional<employee_at_counter> counter_presence::current(std::int64_t now_utc_ms) const {
  if (!last_) return std::nullopt;
  const auto today = local_day_number(now_utc_ms, rules_.utc_offset_minutes);
  if (local_day_number(last_->scan_utc_ms, rules_.utc_offset_minutes) != today) return std::nullopt;
  employee_at_counter e = *last_;
  if (auto n = names_.find(e.nip); n != names_.end()) e.name = n->second;
  if (auto d = days_.find(e.nip); d != days_.end() && d->second.day == today) {
    e.today = d->second.figures;
    // The minutes behind the band, from the day's first check-in (a restored day has it too).
    const bool late = e.band && *e.band != lateness::on_time && *e.band != lateness::needs_review;
    if (late && d->second.first_in_ms)
      if (const auto sched = schedule_on(e.nip, *d->second.first_in_ms))
        e.minutes_late = minutes_late(*d->second.first_in_ms, rules_.utc_offset_minutes, *sched);
  }
  return e;
}

void counter_presence::count_served(std::string_view nip, std::int64_t utc_ms) { ++today_of(nip, utc_ms).figures.served; }

void counter_presence::count_rating(std::string_view nip, int overall, std::int64_t utc_ms) {
  auto& f = today_of(nip, utc_ms).figures;
  ++f.ratings;
  f.rating_sum += overall;
}

}  // namespace pantau::kiosk
