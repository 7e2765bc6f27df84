#pragma once
// The wall time the programs under test see. Every pantau-hub and pantau-kiosk a test starts gets one
// PANTAU_CLOCK_OFFSET_MS, so their wall clocks read a chosen instant (and go on from there in real
// time) whatever the machine's clock, weekday or zone; the test stamps its own events from the same
// clock. Monotonic time, timers and condition variables are untouched.
// Thread-safety: a test_clock is immutable after construction.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace pantau::test {

// The instant a test runs at unless it picks another: Thursday 26 November 2026, 07:00 WIB (before the
// 07:30 start and the 08:00 attendance check, a working day that is no holiday).
inline constexpr std::string_view suite_instant = "2026-11-26T00:00:00Z";

// Named instants of the clock tests (UTC; WIB is UTC+7).
namespace instants {
inline constexpr std::string_view thursday_0700_wib = "2026-11-26T00:00:00Z";
inline constexpr std::string_view thursday_1400_wib = "2026-11-26T07:00:00Z";
inline constexpr std::string_view friday_1645_wib = "2026-11-27T09:45:00Z";
inline constexpr std::string_view saturday_1000_wib = "2026-11-28T03:00:00Z";
inline constexpr std::string_view new_year_eve_235930_wib = "2026-12-31T16:59:30Z";
}  // namespace instants

class test_clock {
 public:
  // The offset that makes the machine's clock read `instant` ("YYYY-MM-DDTHH:MM:SS[.mmm]Z") now.
  explicit test_clock(std::string_view instant = suite_instant);
  std::int64_t offset_ms() const { return offset_ms_; }
  std::chrono::system_clock::time_point now() const;
  std::int64_t now_ms() const;
  // "PANTAU_CLOCK_OFFSET_MS=<offset>" for a child's environment.
  std::string env() const;

 private:
  std::int64_t offset_ms_;
};

// One clock for the whole test process at suite_instant, made at its first use: programs and tests
// that use it agree on the time.
const test_clock& suite_clock();

// "YYYY-MM-DDTHH:MM:SS[.mmm]Z" as UTC milliseconds since the epoch; throws std::invalid_argument.
std::int64_t parse_utc_ms(std::string_view iso);

}  // namespace pantau::test
