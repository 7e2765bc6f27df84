#include "pantau/shared/iso_time.hpp"

#include <array>
#include <cstdio>

namespace pantau {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days: proleptic Gregorian, no time-zone database.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
  std::int64_t y;
  unsigned m;
  unsigned d;
};

civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr std::array<unsigned, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29U : days[m - 1];
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string format_hh_mm(int minutes) {
  const int h = (minutes / 60) % 24;
  const int m = minutes % 60;
  return std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':',
                     static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10)};
}

std::optional<int> parse_hh_mm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':' || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[3]) || !is_digit(s[4]))
    return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U})
    if (!is_digit(s[i])) return false;
  const unsigned m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  const unsigned d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  const std::int64_t y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::string format_utc_ms(std::int64_t ms) {
  const std::int64_t days = floor_div(ms, 86'400'000);
  const std::int64_t in_day = ms - days * 86'400'000;
  const civil c = civil_from_days(days);
  const auto h = static_cast<int>(in_day / 3'600'000);
  const auto mi = static_cast<int>(in_day / 60'000 % 60);
  const auto s = static_cast<int>(in_day / 1000 % 60);
  const auto frac = static_cast<int>(in_day % 1000);
  std::array<char, 64> buf{};
  const int n = std::snprintf(buf.data(), buf.size(), "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                              static_cast<long long>(c.y), c.m, c.d, h, mi, s, frac);
  return std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0U);
}

result<std::int64_t> parse_utc_ms(std::string_view iso) {
  const auto bad = [iso] {
    std::string shown(iso.substr(0, 40));
    return error{"invalid_time", "\"" + shown + "\": expected a UTC time like 2026-11-22T00:31:02.123Z"};
  };
  // YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.mmmZ
  if (iso.size() != 20 && iso.size() != 24) return bad();
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  for (std::size_t i = 0; i + 1 < iso.size(); ++i) {
    const char want = shape[i];
    if (want == 'd' ? !is_digit(iso[i]) : iso[i] != want) return bad();
  }
  if (iso.back() != 'Z') return bad();

  const auto num = [iso](std::size_t pos, std::size_t len) {
    unsigned v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + static_cast<unsigned>(iso[i] - '0');
    return v;
  };
  const unsigned year = num(0, 4);
  const unsigned month = num(5, 2);
  const unsigned day = num(8, 2);
  const unsigned hour = num(11, 2);
  const unsigned minute = num(14, 2);
  const unsigned second = num(17, 2);
  const unsigned millis = iso.size() == 24 ? num(20, 3) : 0U;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return bad();
  if (hour > 23 || minute > 59 || second > 59) return bad();  // no leap seconds: the clocks smear them

  const std::int64_t days = days_from_civil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60'000 + static_cast<std::int64_t>(second) * 1000 + millis;
}

}  // namespace pantau
