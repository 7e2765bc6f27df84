#include "pantau/shared/iso_time.hpp"

#include <array>
#include <cstdio>

#include "pantau/shared/calendar.hpp"

namespace pantau {
namespace {

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

std::string format_utc_ms(std::int64_t ms) {
  const std::int64_t days = local_day_number(ms, 0);
  const std::int64_t in_day = ms - days * ms_per_day;
  const civil_date c = civil_from_days(days);
  const auto h = static_cast<int>(in_day / 3'600'000);
  const auto mi = static_cast<int>(in_day / 60'000 % 60);
  const auto s = static_cast<int>(in_day / 1000 % 60);
  const auto frac = static_cast<int>(in_day % 1000);
  std::array<char, 64> buf{};
  const int n = std::snprintf(buf.data(), buf.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year,
                              c.month, c.day, h, mi, s, frac);
  return std::string(buf.data(), n > 0 ? static_cast<std::size_t>(n) : 0U);
}

result<std::int64_t> parse_utc_ms(std::string_view iso) {
  const auto bad = [iso] {
    std::string shown(iso.substr(0, 40));
    return error{errc::invalid_time, "\"" + shown + "\": expected a UTC time like 2026-11-22T00:31:02.123Z"};
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
  const civil_date date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
  if (!is_valid(date)) return bad();
  if (hour > 23 || minute > 59 || second > 59) return bad();  // no leap seconds: the clocks smear them

  const std::int64_t days = days_from_civil(date);
  return ((days * 24 + hour) * 60 + minute) * 60'000 + static_cast<std::int64_t>(second) * 1000 + millis;
}

}  // namespace pantau
