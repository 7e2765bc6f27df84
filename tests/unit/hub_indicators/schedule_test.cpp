#include "pantau/hub/indicators/schedule.hpp"

#include <gtest/gtest.h>

namespace pantau::hub::indicators {
namespace {

const std::string kNip = "199001012020121001";
constexpr civil_date kMonday{2026, 11, 23};
constexpr civil_date kTuesday{2026, 11, 24};
constexpr civil_date kFriday{2026, 11, 27};
constexpr civil_date kSaturday{2026, 11, 28};
constexpr civil_date kChristmas{2026, 12, 25};

std::int64_t wib(civil_date d, int h, int m) { return to_utc_ms(d, hm(h, m), zone::wib); }

TEST(Schedule, Perpres21Of2023Week) {
  const auto w = perpres_21_2023_week();
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(w[i], (work_window{hm(7, 30), hm(16, 0), 60})) << i;
  EXPECT_EQ(w[4], (work_window{hm(7, 30), hm(16, 30), 90}));
  EXPECT_FALSE(w[5]);
  EXPECT_FALSE(w[6]);
  EXPECT_EQ(weekly_net_minutes(w), 2250);  // 37.5 h
}

TEST(Schedule, HolidaysAndDaysOffAreNotExpected) {
  unit_schedule s;
  s.holidays.insert(kChristmas);
  EXPECT_TRUE(planned_window(s, kNip, kMonday));
  EXPECT_FALSE(planned_window(s, kNip, kSaturday));
  EXPECT_FALSE(planned_window(s, kNip, kChristmas));
  EXPECT_EQ(planned_window(s, kNip, kFriday)->end_min, hm(16, 30));
}

TEST(Schedule, RosterOverridesWeekAndHolidays) {
  unit_schedule s;
  s.holidays.insert(kChristmas);
  s.roster[{kNip, kChristmas}] = work_window{hm(8, 0), hm(14, 0), 0};
  s.roster[{kNip, kMonday}] = std::nullopt;
  EXPECT_EQ(planned_window(s, kNip, kChristmas)->start_min, hm(8, 0));
  EXPECT_FALSE(planned_window(s, kNip, kMonday));
  EXPECT_TRUE(planned_window(s, "other", kMonday));
  EXPECT_FALSE(planned_window(s, "", kChristmas));  // the unit's own hours ignore the roster
}

TEST(Schedule, SpansInUtc) {
  unit_schedule s;
  const auto day = planned_span(s, kNip, kMonday);
  ASSERT_TRUE(day);
  EXPECT_EQ(day->start_ms, wib(kMonday, 7, 30));
  EXPECT_EQ(day->end_ms, wib(kMonday, 16, 0));

  s.roster[{kNip, kMonday}] = work_window{hm(22, 0), hm(6, 0), 0};
  const auto night = planned_span(s, kNip, kMonday);
  ASSERT_TRUE(night);
  EXPECT_EQ(night->start_ms, wib(kMonday, 22, 0));
  EXPECT_EQ(night->end_ms, wib(kTuesday, 6, 0));

  unit_schedule wita;
  wita.tz = zone::wita;
  EXPECT_EQ(planned_span(wita, kNip, kMonday)->start_ms, to_utc_ms(kMonday, hm(7, 30), zone::wita));
  EXPECT_EQ(planned_span(wita, kNip, kMonday)->start_ms, wib(kMonday, 6, 30));
}

TEST(Schedule, NightShiftEventsAfterMidnightBelongToTheStartDate) {
  unit_schedule s;
  s.roster[{kNip, kMonday}] = work_window{hm(22, 0), hm(6, 0), 0};
  s.roster[{kNip, kTuesday}] = std::nullopt;
  EXPECT_EQ(work_date_of(s, kNip, wib(kMonday, 21, 50)), kMonday);
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 0, 30)), kMonday);
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 5, 55)), kMonday);
  // Carry-over 240 min after the 06:00 end.
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 9, 59)), kMonday);
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 10, 0)), kTuesday);
  // Another employee without a night shift: plain calendar days.
  EXPECT_EQ(work_date_of(s, "other", wib(kTuesday, 0, 30)), kTuesday);
}

TEST(Schedule, BackToBackShiftsSplitTheGap) {
  unit_schedule s;
  s.roster[{kNip, kMonday}] = work_window{hm(22, 0), hm(6, 0), 0};
  s.roster[{kNip, kTuesday}] = work_window{hm(7, 30), hm(16, 0), 0};
  // Midpoint of 06:00 and 07:30 is 06:45.
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 6, 44)), kMonday);
  EXPECT_EQ(work_date_of(s, kNip, wib(kTuesday, 6, 45)), kTuesday);
}

TEST(Schedule, Validate) {
  EXPECT_TRUE(validate(unit_schedule{}).ok());

  unit_schedule crossing_week;
  crossing_week.weekly[0] = work_window{hm(22, 0), hm(6, 0), 0};
  auto r = validate(crossing_week);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_schedule);
  EXPECT_NE(r.err().message.find("weekly.monday"), std::string::npos);

  unit_schedule empty_shift;
  empty_shift.roster[{kNip, kMonday}] = work_window{hm(8, 0), hm(8, 0), 0};
  EXPECT_FALSE(validate(empty_shift).ok());

  unit_schedule night;
  night.roster[{kNip, kMonday}] = work_window{hm(22, 0), hm(6, 0), 30};
  EXPECT_TRUE(validate(night).ok());

  unit_schedule long_break;
  long_break.weekly[2] = work_window{hm(8, 0), hm(9, 0), 60};
  EXPECT_FALSE(validate(long_break).ok());

  unit_schedule grace;
  grace.grace_minutes = -1;
  EXPECT_FALSE(validate(grace).ok());
}

}  // namespace
}  // namespace pantau::hub::indicators
