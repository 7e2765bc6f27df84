#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "pantau/shared/codec.hpp"

namespace pantau {
namespace {

struct instant {
  const char* iso;
  std::int64_t ms;
};

// Expected values computed independently (Python datetime, UTC).
constexpr instant known[] = {
    {"1970-01-01T00:00:00.000Z", 0},
    {"1969-12-31T23:59:59.999Z", -1},
    {"2026-11-22T00:31:02.123Z", 1795307462123},
    {"2000-02-29T23:59:59.999Z", 951868799999},   // leap year divisible by 400
    {"2024-02-29T12:00:00.000Z", 1709208000000},  // ordinary leap year
    {"1900-03-01T00:00:00.000Z", -2203891200000}, // 1900 is not a leap year
    {"2100-03-01T00:00:00.000Z", 4107542400000},  // neither is 2100
    {"9999-12-31T23:59:59.999Z", 253402300799999},
    {"0001-01-01T00:00:00.000Z", -62135596800000},
};

TEST(utc_time, formats_known_instants) {
  for (const auto& k : known) EXPECT_EQ(format_utc_ms(k.ms), k.iso);
}

TEST(utc_time, parses_known_instants) {
  for (const auto& k : known) {
    const auto r = parse_utc_ms(k.iso);
    ASSERT_TRUE(r.ok()) << k.iso << ": " << r.err().message;
    EXPECT_EQ(*r, k.ms) << k.iso;
  }
}

TEST(utc_time, milliseconds_are_optional_on_input) {
  EXPECT_EQ(*parse_utc_ms("2026-11-22T00:31:02Z"), 1795307462000);
}

TEST(utc_time, round_trips_every_day_of_four_centuries) {
  constexpr std::int64_t day = 86'400'000;
  for (std::int64_t d = -146097; d <= 146097 * 2; d += 1) {
    const std::int64_t ms = d * day + 45'296'789;  // 12:34:56.789
    const std::string iso = format_utc_ms(ms);
    const auto back = parse_utc_ms(iso);
    ASSERT_TRUE(back.ok()) << iso;
    ASSERT_EQ(*back, ms) << iso;
  }
}

TEST(utc_time, rejects_impossible_and_malformed_times) {
  for (const char* bad : {"2026-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2026-04-31T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
                          "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:59:60Z",
                          "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.1234Z", "2026-01-01 00:00:00Z",
                          "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00z", "2026-1-01T00:00:00Z",
                          "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000", "", "now"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_utc_ms(bad).ok());
  }
  EXPECT_TRUE(parse_utc_ms("2024-02-29T00:00:00Z").ok());
  EXPECT_TRUE(parse_utc_ms("2000-02-29T00:00:00Z").ok());
}

}  // namespace
}  // namespace pantau
