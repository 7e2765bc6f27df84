#include "pantau/hub/indicators/time_zone.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace pantau::hub::indicators {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto ca = std::tolower(static_cast<unsigned char>(a[i]));
    const auto cb = std::tolower(static_cast<unsigned char>(b[i]));
    if (ca != cb) return false;
  }
  return true;
}

bool parse_fixed_digits(std::string_view s, int& out) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

}  // namespace

int utc_offset_minutes(zone z) {
  switch (z) {
    case zone::wib: return 7 * 60;
    case zone::wita: return 8 * 60;
    case zone::wit: return 9 * 60;
  }
  return 7 * 60;
}

std::string_view abbreviation(zone z) {
  switch (z) {
    case zone::wib: return "WIB";
    case zone::wita: return "WITA";
    case zone::wit: return "WIT";
  }
  return "WIB";
}

std::string_view iana_name(zone z) {
  switch (z) {
    case zone::wib: return "Asia/Jakarta";
    case zone::wita: return "Asia/Makassar";
    case zone::wit: return "Asia/Jayapura";
  }
  return "Asia/Jakarta";
}

result<zone> parse_zone(std::string_view s) {
  if (equals_ignore_case(s, "WIB") || s == "Asia/Jakarta" || s == "Asia/Pontianak") return zone::wib;
  if (equals_ignore_case(s, "WITA") || s == "Asia/Makassar") return zone::wita;
  if (equals_ignore_case(s, "WIT") || s == "Asia/Jayapura") return zone::wit;
  return error{"invalid_zone", "time zone '" + std::string(s) +
                                   "' is not one of WIB, WITA, WIT, Asia/Jakarta, Asia/Pontianak, "
                                   "Asia/Makassar, Asia/Jayapura"};
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return days[static_cast<std::size_t>(month - 1)];
}

bool is_valid(civil_date d) {
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the whole proleptic Gregorian range.
std::int64_t days_from_civil(civil_date d) {
  std::int64_t y = d.year;
  const std::int64_t m = d.month;
  const std::int64_t dd = d.day;
  if (m <= 2) --y;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

civil_date civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return civil_date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

civil_date add_days(civil_date d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

weekday weekday_of(civil_date d) {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  return static_cast<weekday>(static_cast<int>(((days_from_civil(d) + 3) % 7 + 7) % 7));
}

result<civil_date> parse_date(std::string_view s) {
  const auto bad = [&] {
    return error{"invalid_date", "date '" + std::string(s) + "' is not a calendar date YYYY-MM-DD"};
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return bad();
  civil_date d;
  if (!parse_fixed_digits(s.substr(0, 4), d.year) || !parse_fixed_digits(s.substr(5, 2), d.month) ||
      !parse_fixed_digits(s.substr(8, 2), d.day) || !is_valid(d)) {
    return bad();
  }
  return d;
}

std::string format_date(civil_date d) {
  std::array<char, 32> buf{};
  char* p = buf.data();
  char* const end = buf.data() + buf.size();
  const auto put = [&](int v, int width) {
    std::array<char, 16> tmp{};
    const auto r = std::to_chars(tmp.data(), tmp.data() + tmp.size(), v < 0 ? -v : v);
    const auto len = static_cast<int>(r.ptr - tmp.data());
    if (v < 0 && p < end) *p++ = '-';
    for (int i = len; i < width && p < end; ++i) *p++ = '0';
    for (const char* q = tmp.data(); q < r.ptr && p < end; ++q) *p++ = *q;
  };
  put(d.year, 4);
  *p++ = '-';
  put(d.month, 2);
  *p++ = '-';
  put(d.day, 2);
  return std::string(buf.data(), p);
}

local_time to_local(std::int64_t utc_ms, zone z) {
  const std::int64_t local_ms = utc_ms + utc_offset_minutes(z) * ms_per_minute;
  const std::int64_t days = floor_div(local_ms, ms_per_day);
  local_time t;
  t.date = civil_from_days(days);
  t.ms_of_day = local_ms - days * ms_per_day;
  t.minute_of_day = static_cast<int>(t.ms_of_day / ms_per_minute);
  t.day_of_week = weekday_of(t.date);
  return t;
}

std::int64_t to_utc_ms(civil_date d, int minute_of_day, zone z) {
  return days_from_civil(d) * ms_per_day +
         (static_cast<std::int64_t>(minute_of_day) - utc_offset_minutes(z)) * ms_per_minute;
}

}  // namespace pantau::hub::indicators
