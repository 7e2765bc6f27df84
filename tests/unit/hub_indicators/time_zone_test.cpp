#include "pantau/hub/indicators/time_zone.hpp"

#include <gtest/gtest.h>

namespace pantau::hub::indicators {
namespace {

TEST(TimeZone, FixedOffsetsAndNames) {
  EXPECT_EQ(utc_offset_minutes(zone::wib), 420);
  EXPECT_EQ(utc_offset_minutes(zone::wita), 480);
  EXPECT_EQ(utc_offset_minutes(zone::wit), 540);
  EXPECT_EQ(abbreviation(zone::wita), "WITA");
  EXPECT_EQ(iana_name(zone::wib), "Asia/Jakarta");
  EXPECT_EQ(iana_name(zone::wita), "Asia/Makassar");
  EXPECT_EQ(iana_name(zone::wit), "Asia/Jayapura");
}

TEST(TimeZone, ParseZone) {
  EXPECT_EQ(*parse_zone("WIB"), zone::wib);
  EXPECT_EQ(*parse_zone("wita"), zone::wita);
  EXPECT_EQ(*parse_zone("WIT"), zone::wit);
  EXPECT_EQ(*parse_zone("Asia/Pontianak"), zone::wib);
  EXPECT_EQ(*parse_zone("Asia/Makassar"), zone::wita);
  EXPECT_EQ(*parse_zone("Asia/Jayapura"), zone::wit);
  const auto bad = parse_zone("Europe/Amsterdam");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, errc::invalid_zone);
}

TEST(CivilDate, DaysFromCivilKnownValues) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 951868800000 / ms_per_day);
  EXPECT_EQ(days_from_civil({2026, 11, 22}), 20779);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
}

TEST(CivilDate, RoundTripsOverCenturies) {
  for (std::int64_t d = -800'000; d <= 800'000; d += 997) {
    ASSERT_EQ(days_from_civil(civil_from_days(d)), d) << d;
  }
  EXPECT_EQ(add_days({2026, 12, 31}, 1), (civil_date{2027, 1, 1}));
  EXPECT_EQ(add_days({2024, 3, 1}, -1), (civil_date{2024, 2, 29}));
}

TEST(CivilDate, Weekdays) {
  EXPECT_EQ(weekday_of({1970, 1, 1}), weekday::thursday);
  EXPECT_EQ(weekday_of({2026, 11, 22}), weekday::sunday);
  EXPECT_EQ(weekday_of({2026, 11, 23}), weekday::monday);
  EXPECT_EQ(weekday_of({2026, 11, 27}), weekday::friday);
  EXPECT_EQ(weekday_of({2026, 12, 25}), weekday::friday);
  EXPECT_EQ(weekday_of({2024, 2, 29}), weekday::thursday);
  EXPECT_EQ(weekday_of({1969, 12, 31}), weekday::wednesday);
}

TEST(CivilDate, ParseAndFormat) {
  EXPECT_EQ(*parse_date("2026-11-22"), (civil_date{2026, 11, 22}));
  EXPECT_EQ(*parse_date("2024-02-29"), (civil_date{2024, 2, 29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", " 2026-01-01", "2026/01/01",
                          "2026-01-32", "", "2026-01-1x"}) {
    const auto r = parse_date(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, errc::invalid_date);
  }
  EXPECT_EQ(format_date({2026, 1, 5}), "2026-01-05");
  EXPECT_EQ(format_date({987, 12, 31}), "0987-12-31");
}

TEST(LocalTime, SameInstantInTheThreeZones) {
  const std::int64_t ts = 1795307462123;  // 2026-11-22T00:31:02.123Z
  const auto wib = to_local(ts, zone::wib);
  EXPECT_EQ(wib.date, (civil_date{2026, 11, 22}));
  EXPECT_EQ(wib.minute_of_day, hm(7, 31));
  EXPECT_EQ(wib.ms_of_day, (7 * 3600 + 31 * 60 + 2) * 1000 + 123);
  EXPECT_EQ(wib.day_of_week, weekday::sunday);
  EXPECT_EQ(to_local(ts, zone::wita).minute_of_day, hm(8, 31));
  EXPECT_EQ(to_local(ts, zone::wit).minute_of_day, hm(9, 31));
}

TEST(LocalTime, Midnight) {
  const auto before = to_local(1795366799999, zone::wib);  // 2026-11-22T16:59:59.999Z
  EXPECT_EQ(before.date, (civil_date{2026, 11, 22}));
  EXPECT_EQ(before.minute_of_day, hm(23, 59));
  const auto at = to_local(1795366800000, zone::wib);  // 17:00:00Z = 00:00 WIB
  EXPECT_EQ(at.date, (civil_date{2026, 11, 23}));
  EXPECT_EQ(at.minute_of_day, 0);
  EXPECT_EQ(at.day_of_week, weekday::monday);
  // 15:00Z is already midnight in WIT.
  EXPECT_EQ(to_local(1795366800000 - 2 * 3600 * 1000, zone::wit).date, (civil_date{2026, 11, 23}));
  // Before the epoch.
  const auto early = to_local(-1, zone::wib);
  EXPECT_EQ(early.date, (civil_date{1970, 1, 1}));
  EXPECT_EQ(early.ms_of_day, 7 * 3600 * 1000 - 1);
}

TEST(LocalTime, ToUtcIsTheInverse) {
  EXPECT_EQ(to_utc_ms({2026, 11, 23}, 0, zone::wib), 1795366800000);
  EXPECT_EQ(to_utc_ms({2026, 11, 23}, hm(7, 31), zone::wita), 1795390260000);  // 2026-11-22T23:31Z
  EXPECT_EQ(to_utc_ms({2026, 11, 23}, hm(7, 45), zone::wit), 1795387500000);   // 2026-11-22T22:45Z
  // Minutes past 24:00 roll into the next day.
  EXPECT_EQ(to_utc_ms({2026, 11, 22}, hm(24, 0), zone::wib), 1795366800000);
}

}  // namespace
}  // namespace pantau::hub::indicators
