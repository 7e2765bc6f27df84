#pragma once
// Civil dates and the three fixed Indonesian zones. GCC 12 ships no std::chrono time-zone database and
// Indonesia has no daylight saving, so a fixed offset per site is exact (DESIGN §3). Events carry UTC
// ms; everything a person sees (work day, lateness) is in the site's local civil time.
// Thread-safety: pure functions and plain values.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

enum class zone { wib, wita, wit };

int utc_offset_minutes(zone z);       // 420, 480, 540
std::string_view abbreviation(zone z);  // "WIB", "WITA", "WIT"
std::string_view iana_name(zone z);     // for display only: "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"
// Accepts WIB/WITA/WIT (any case) and the IANA names of Indonesia (Asia/Jakarta, Asia/Pontianak,
// Asia/Makassar, Asia/Jayapura). Error code: invalid_zone.
result<zone> parse_zone(std::string_view s);

struct civil_date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const civil_date&) const = default;
};

enum class weekday { monday, tuesday, wednesday, thursday, friday, saturday, sunday };

bool is_leap_year(int year);
int days_in_month(int year, int month);
bool is_valid(civil_date d);
std::int64_t days_from_civil(civil_date d);  // days since 1970-01-01 (proleptic Gregorian)
civil_date civil_from_days(std::int64_t days);
civil_date add_days(civil_date d, std::int64_t n);
weekday weekday_of(civil_date d);
// "YYYY-MM-DD", strictly (the /kpi from/to parameters). Error code: invalid_date.
result<civil_date> parse_date(std::string_view s);
std::string format_date(civil_date d);

constexpr int minutes_per_day = 24 * 60;
constexpr std::int64_t ms_per_minute = 60'000;
constexpr std::int64_t ms_per_day = 86'400'000;

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
