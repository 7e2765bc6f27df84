#include "pantau/hub/indicators/time_zone.hpp"

namespace pantau::hub::indicators {

local_time to_local(std::int64_t utc_ms, zone z) {
  const std::int64_t days = local_day_number(utc_ms, utc_offset_minutes(z));
  local_time t;
  t.date = civil_from_days(days);
  t.ms_of_day = utc_ms + utc_offset_minutes(z) * ms_per_minute - days * ms_per_day;
  t.minute_of_day = static_cast<int>(t.ms_of_day / ms_per_minute);
  t.day_of_week = weekday_of(t.date);
  return t;
}

std::int64_t to_utc_ms(civil_date d, int minute_of_day, zone z) {
  return days_from_civil(d) * ms_per_day +
         (static_cast<std::int64_t>(minute_of_day) - utc_offset_minutes(z)) * ms_per_minute;
}

}  // namespace pantau::hub::indicators
