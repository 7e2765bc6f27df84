#include "pantau/shared/calendar.hpp"

#include <array>
#include <charconv>
#include <chrono>

namespace pantau {
namespace {

namespace chr = std::chrono;

chr::sys_days to_sys_days(std::int64_t days) { return chr::sys_days{chr::days{days}}; }

bool parse_fixed_digits(std::string_view s, int& out) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

}  // namespace

bool is_leap_year(int year) { return chr::year{year}.is_leap(); }

int days_in_month(int year, int month) {
  if (month < 1 || month > 12) return 0;
  const chr::year_month_day_last last{chr::year{year}, chr::month_day_last{chr::month{static_cast<unsigned>(month)}}};
  return static_cast<int>(static_cast<unsigned>(last.day()));
}

bool is_valid(civil_date d) { return d.day >= 1 && d.day <= days_in_month(d.year, d.month); }

std::int64_t days_from_civil(civil_date d) {
  const chr::sys_days first{chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} / chr::day{1}};
  return (first + chr::days{d.day - 1}).time_since_epoch().count();
}

civil_date civil_from_days(std::int64_t days) {
  const chr::year_month_day ymd{to_sys_days(days)};
  return civil_date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                    static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

civil_date add_days(civil_date d, std::int64_t n) { return civil_from_days(days_from_civil(d) + n); }

weekday weekday_of(civil_date d) {
  const chr::weekday w{to_sys_days(days_from_civil(d))};
  return static_cast<weekday>(w.iso_encoding() - 1);  // ISO: Monday 1 .. Sunday 7
}

std::int64_t local_day_number(std::int64_t utc_ms, int utc_offset_minutes) {
  const chr::sys_time<chr::milliseconds> local{chr::milliseconds{utc_ms + utc_offset_minutes * ms_per_minute}};
  return chr::floor<chr::days>(local).time_since_epoch().count();
}

result<civil_date> parse_date(std::string_view s) {
  const auto bad = [&] {
    return error{errc::invalid_date, "date '" + std::string(s) + "' is not a calendar date YYYY-MM-DD"};
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

}  // namespace pantau
