#include "pantau/shared/calendar.hpp"

#include <gtest/gtest.h>

#include "pantau/shared/zone.hpp"

namespace pantau {
namespace {

TEST(calendar, new_year_follows_the_thirty_first_of_december) {
  EXPECT_EQ(add_days({2026, 12, 31}, 1), (civil_date{2027, 1, 1}));
  EXPECT_EQ(add_days({2027, 1, 1}, -1), (civil_date{2026, 12, 31}));
  EXPECT_EQ(days_from_civil({2027, 1, 1}) - days_from_civil({2026, 12, 31}), 1);
  EXPECT_EQ(civil_from_days(days_from_civil({1969, 12, 31}) + 1), (civil_date{1970, 1, 1}));
}

TEST(calendar, leap_days) {
  EXPECT_TRUE(is_leap_year(2024));
  EXPECT_TRUE(is_leap_year(2000));   // divisible by 400
  EXPECT_FALSE(is_leap_year(1900));  // by 100 only
  EXPECT_FALSE(is_leap_year(2026));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(2026, 2), 28);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2026, 13), 0);
  EXPECT_TRUE(is_valid({2024, 2, 29}));
  EXPECT_FALSE(is_valid({2026, 2, 29}));
  EXPECT_FALSE(is_valid({2026, 4, 31}));
  EXPECT_FALSE(is_valid({2026, 0, 1}));
  EXPECT_FALSE(is_valid({2026, 1, 0}));
  EXPECT_EQ(add_days({2024, 2, 28}, 1), (civil_date{2024, 2, 29}));
  EXPECT_EQ(add_days({2024, 2, 29}, 1), (civil_date{2024, 3, 1}));
  EXPECT_EQ(add_days({2026, 2, 28}, 1), (civil_date{2026, 3, 1}));
}

TEST(calendar, known_day_numbers_and_weekdays) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2026, 11, 22}), 20779);
  EXPECT_EQ(days_from_civil({2026, 1, 32}), days_from_civil({2026, 2, 1}));  // counts on past the end
  EXPECT_EQ(weekday_of({1970, 1, 1}), weekday::thursday);
  EXPECT_EQ(weekday_of({2026, 11, 22}), weekday::sunday);
  EXPECT_EQ(weekday_of({2026, 11, 23}), weekday::monday);
  EXPECT_EQ(weekday_of({1969, 12, 29}), weekday::monday);
}

TEST(calendar, round_trips_every_day_of_four_centuries) {
  for (std::int64_t d = -146097; d <= 146097; ++d) ASSERT_EQ(days_from_civil(civil_from_days(d)), d) << d;
}

TEST(calendar, local_day_turns_at_local_midnight) {
  // 2026-12-31T16:59:59.999Z is 23:59:59.999 WIB; a millisecond later it is 1 January in Jakarta.
  const std::int64_t last_ms = 1798736399999;
  const int wib = utc_offset_minutes(zone::wib);
  EXPECT_EQ(civil_from_days(local_day_number(last_ms, wib)), (civil_date{2026, 12, 31}));
  EXPECT_EQ(civil_from_days(local_day_number(last_ms + 1, wib)), (civil_date{2027, 1, 1}));
  // The same instant is already the new year in Makassar and Jayapura, still the old one in UTC.
  EXPECT_EQ(civil_from_days(local_day_number(last_ms, utc_offset_minutes(zone::wita))), (civil_date{2027, 1, 1}));
  EXPECT_EQ(civil_from_days(local_day_number(last_ms, 0)), (civil_date{2026, 12, 31}));
  // Before the epoch the day is floored, not truncated towards zero.
  EXPECT_EQ(local_day_number(-1, 0), -1);
  EXPECT_EQ(local_day_number(0, 0), 0);
}

TEST(calendar, parse_and_format) {
  EXPECT_EQ(*parse_date("2024-02-29"), (civil_date{2024, 2, 29}));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "20260101", "2026-01-0x", ""}) {
    const auto r = parse_date(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.err().code, errc::invalid_date);
  }
  EXPECT_EQ(format_date({2027, 1, 1}), "2027-01-01");
}

TEST(zone, one_table_for_the_three_zones) {
  EXPECT_EQ(zone_offset_minutes("WIB"), 7 * 60);
  EXPECT_EQ(zone_offset_minutes("WITA"), 8 * 60);
  EXPECT_EQ(zone_offset_minutes("WIT"), 9 * 60);
  EXPECT_FALSE(zone_offset_minutes("wib").has_value());  // files and the wire write them exactly
  EXPECT_FALSE(zone_offset_minutes("CET").has_value());
  for (const zone z : {zone::wib, zone::wita, zone::wit}) {
    EXPECT_EQ(zone_from_abbreviation(abbreviation(z)), z);
    EXPECT_EQ(*parse_zone(iana_name(z)), z);
    EXPECT_EQ(zone_offset_minutes(abbreviation(z)), utc_offset_minutes(z));
  }
  EXPECT_EQ(iana_name(zone::wita), "Asia/Makassar");
  EXPECT_EQ(*parse_zone("Asia/Pontianak"), zone::wib);
  EXPECT_EQ(*parse_zone("wit"), zone::wit);
  EXPECT_EQ(parse_zone("UTC").err().code, errc::invalid_zone);
}

}  // namespace
}  // namespace pantau
