#pragma once
// Local time at a site: events carry UTC ms; everything a person sees (work day, lateness) is in the
// site's local civil time at its fixed zone (DESIGN §3).
// Thread-safety: pure functions and plain values.
#include <cstdint>

#include "pantau/shared/calendar.hpp"
#include "pantau/shared/zone.hpp"

namespace pantau::hub::indicators {

// The zones and the calendar are the wire's (pantau/shared/zone.hpp, calendar.hpp); the indicators
// name them as their own.
using pantau::abbreviation;
using pantau::add_days;
using pantau::civil_date;
using pantau::civil_from_days;
using pantau::days_from_civil;
using pantau::days_in_month;
using pantau::format_date;
using pantau::iana_name;
using pantau::is_leap_year;
using pantau::is_valid;
using pantau::minutes_per_day;
using pantau::ms_per_day;
using pantau::ms_per_minute;
using pantau::parse_date;
using pantau::parse_zone;
using pantau::utc_offset_minutes;
using pantau::weekday;
using pantau::weekday_of;
using pantau::zone;

// Minutes after local midnight; hm(7, 30) reads better than 450 in schedules and tests.
constexpr int hm(int hours, int minutes) { return hours * 60 + minutes; }

struct local_time {
  civil_date date;
  int minute_of_day = 0;     // 0..1439
  std::int64_t ms_of_day = 0;  // 0..86'399'999
  weekday day_of_week = weekday::thursday;
};

local_time to_local(std::int64_t utc_ms, zone z);
// minute_of_day may be >= 1440 or negative: it simply moves into the neighbouring day, which keeps
// shifts that cross midnight a one-liner.
std::int64_t to_utc_ms(civil_date d, int minute_of_day, zone z);

}  // namespace pantau::hub::indicators
