#pragma once
// Internal: numbers and times as Indonesian readers expect them (decimal comma). Pure functions.
#include <array>
#include <charconv>
#include <cstdint>
#include <string>

#include "pantau/hub/indicators/time_zone.hpp"

namespace pantau::hub::indicators::text {

inline std::string decimal(double v, int decimals = 2) {
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  std::string s(buf.data(), r.ptr);
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

inline std::string integer(std::int64_t v) { return std::to_string(v); }

inline std::string two_digits(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

// "07:40 WIB"
inline std::string clock_time(std::int64_t utc_ms, zone z) {
  const local_time t = to_local(utc_ms, z);
  return two_digits(t.minute_of_day / 60) + ":" + two_digits(t.minute_of_day % 60) + " " +
         std::string(abbreviation(z));
}

inline std::string hhmm(int minute_of_day) {
  return two_digits(minute_of_day / 60) + ":" + two_digits(minute_of_day % 60);
}

}  // namespace pantau::hub::indicators::text
