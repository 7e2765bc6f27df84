#pragma once
// Civil dates on std::chrono's proleptic Gregorian calendar: the one place that does day arithmetic.
// Events carry UTC ms; what a person sees (the work day, a badge's last day, a holiday) is a local
// civil date at the site's fixed offset (zone.hpp). Thread-safety: pure functions and plain values.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

struct civil_date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const civil_date&) const = default;
};

enum class weekday { monday, tuesday, wednesday, thursday, friday, saturday, sunday };

inline constexpr int minutes_per_day = 24 * 60;
inline constexpr std::int64_t ms_per_minute = 60'000;
inline constexpr std::int64_t ms_per_day = 86'400'000;

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for a month outside 1..12
bool is_valid(civil_date d);
// Days since 1970-01-01. A day past the month's end counts on into the next month.
std::int64_t days_from_civil(civil_date d);
civil_date civil_from_days(std::int64_t days);
civil_date add_days(civil_date d, std::int64_t n);
weekday weekday_of(civil_date d);

// The local day (days since 1970-01-01) of a UTC instant at `utc_offset_minutes` east of UTC.
std::int64_t local_day_number(std::int64_t utc_ms, int utc_offset_minutes);

// "YYYY-MM-DD", strictly. Error code: invalid_date.
result<civil_date> parse_date(std::string_view s);
std::string format_date(civil_date d);

}  // namespace pantau
