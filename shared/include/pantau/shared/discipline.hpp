#pragma once
// The discipline bands of DESIGN §5 as one rule for the hub's indicators and the kiosk's greeting:
// whole minutes (seconds dropped) after the scheduled time; up to the grace minutes is not late;
// 1..upper[0] is band 1 (TL1 / PSW1), up to upper[1] band 2, up to upper[2] band 3, beyond band 4.
// The hub sends its bounds to the kiosks on the config topic, so the two never disagree.
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstdint>

namespace pantau {

using band_bounds = std::array<int, 3>;  // upper minutes of bands 1..3
inline constexpr band_bounds default_band_bounds{30, 60, 90};

// 1 <= upper[0] < upper[1] < upper[2] (and within a day).
constexpr bool valid_band_bounds(const band_bounds& b) {
  return b[0] >= 1 && b[1] > b[0] && b[2] > b[1] && b[2] < 24 * 60;
}

// Whole minutes from `from_ms` to `to_ms`, seconds dropped; 0 when `to_ms` is not later.
constexpr int whole_minutes_after(std::int64_t from_ms, std::int64_t to_ms) {
  if (to_ms <= from_ms) return 0;
  return static_cast<int>((to_ms - from_ms) / 60'000);
}

// 0 (none) or the band 1..4 of a minute count.
constexpr int discipline_band(int minutes, int grace_minutes, const band_bounds& upper) {
  if (minutes <= 0 || minutes <= grace_minutes) return 0;
  for (std::size_t i = 0; i < upper.size(); ++i)
    if (minutes <= upper[i]) return static_cast<int>(i) + 1;
  return 4;
}

}  // namespace pantau
