#include "pantau/hub/indicators/attendance.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pantau::hub::indicators {
namespace {

using action = attendance_data::action_t;

const std::string kNip = "199001012020121001";
const std::string kOther = "198507072010011002";
constexpr civil_date kMonday{2026, 11, 23};
constexpr civil_date kTuesday{2026, 11, 24};
constexpr civil_date kWednesday{2026, 11, 25};
constexpr civil_date kThursday{2026, 11, 26};
constexpr civil_date kFriday{2026, 11, 27};
constexpr civil_date kSaturday{2026, 11, 28};
constexpr civil_date kSunday{2026, 11, 29};
constexpr civil_date kChristmas{2026, 12, 25};

std::int64_t at(civil_date d, int h, int m, int s = 0, zone z = zone::wib) {
  return to_utc_ms(d, hm(h, m), z) + s * 1000;
}

attendance_mark check_in(std::int64_t ts, clock_state c = clock_state::synced, const std::string& who = kNip) {
  return attendance_mark{who, ts, action::in, c};
}
attendance_mark check_out(std::int64_t ts, clock_state c = clock_state::synced, const std::string& who = kNip) {
  return attendance_mark{who, ts, action::out, c};
}

attendance_day day_of(const std::vector<attendance_mark>& marks, civil_date d = kMonday,
                      const unit_schedule& s = {}, const attendance_policy& p = {},
                      std::optional<std::int64_t> as_of = std::nullopt) {
  return evaluate_day(s, p, kNip, d, marks, as_of);
}

struct late_row {
  int h, m, s;
  int minutes;
  late_band band;
  double deduction;
};

TEST(Attendance, LateBandsAtEveryEdge) {
  const std::vector<late_row> rows{
      {7, 29, 0, 0, late_band::none, 0.0},  {7, 30, 0, 0, late_band::none, 0.0},
      {7, 30, 59, 0, late_band::none, 0.0}, {7, 31, 0, 1, late_band::tl1, 0.5},
      {8, 0, 59, 30, late_band::tl1, 0.5},  {8, 1, 0, 31, late_band::tl2, 1.0},
      {8, 30, 59, 60, late_band::tl2, 1.0}, {8, 31, 0, 61, late_band::tl3, 1.5},
      {9, 0, 59, 90, late_band::tl3, 1.5},  {9, 1, 0, 91, late_band::tl4, 2.0},
      {12, 0, 0, 270, late_band::tl4, 2.0},
  };
  for (const auto& r : rows) {
    const auto d = day_of({check_in(at(kMonday, r.h, r.m, r.s)), check_out(at(kMonday, 16, 0))});
    SCOPED_TRACE(std::to_string(r.h) + ":" + std::to_string(r.m) + ":" + std::to_string(r.s));
    EXPECT_EQ(d.late_minutes, r.minutes);
    EXPECT_EQ(d.late, r.band);
    EXPECT_EQ(d.early, early_band::none);
    EXPECT_EQ(d.on_time, r.band == late_band::none);
    EXPECT_DOUBLE_EQ(d.deduction_pct, r.deduction);
    EXPECT_FALSE(d.needs_review);
  }
}

struct early_row {
  int h, m, s;
  int minutes;
  early_band band;
  double deduction;
};

TEST(Attendance, EarlyLeaveBandsAtEveryEdge) {
  const std::vector<early_row> rows{
      {16, 5, 0, 0, early_band::none, 0.0},    {16, 0, 0, 0, early_band::none, 0.0},
      {15, 59, 1, 0, early_band::none, 0.0},   {15, 59, 0, 1, early_band::psw1, 0.5},
      {15, 30, 0, 30, early_band::psw1, 0.5},  {15, 29, 59, 30, early_band::psw1, 0.5},
      {15, 29, 0, 31, early_band::psw2, 1.0},  {15, 0, 0, 60, early_band::psw2, 1.0},
      {14, 59, 0, 61, early_band::psw3, 1.5},  {14, 30, 0, 90, early_band::psw3, 1.5},
      {14, 29, 0, 91, early_band::psw4, 2.0},
  };
  for (const auto& r : rows) {
    const auto d = day_of({check_in(at(kMonday, 7, 15)), check_out(at(kMonday, r.h, r.m, r.s))});
    SCOPED_TRACE(std::to_string(r.h) + ":" + std::to_string(r.m) + ":" + std::to_string(r.s));
    EXPECT_EQ(d.early_minutes, r.minutes);
    EXPECT_EQ(d.early, r.band);
    EXPECT_TRUE(d.on_time);
    EXPECT_DOUBLE_EQ(d.deduction_pct, r.deduction);
  }
}

TEST(Attendance, LateAndEarlyAddUpAndAreCappedAtAbsent) {
  const auto both = day_of({check_in(at(kMonday, 8, 10)), check_out(at(kMonday, 14, 45))});
  EXPECT_EQ(both.late, late_band::tl2);     // 40 min
  EXPECT_EQ(both.early, early_band::psw3);  // 75 min
  EXPECT_DOUBLE_EQ(both.deduction_pct, 2.5);

  attendance_policy heavy;
  heavy.late_weight_pct = {1, 2, 3, 3};
  heavy.early_weight_pct = {1, 2, 3, 3};
  const auto worst = day_of({check_in(at(kMonday, 10, 0)), check_out(at(kMonday, 12, 0))}, kMonday, {}, heavy);
  EXPECT_DOUBLE_EQ(worst.deduction_pct, 4.0);  // 3 + 3 capped at the absent weight
  heavy.cap_day_at_absent = false;
  EXPECT_DOUBLE_EQ(day_of({check_in(at(kMonday, 10, 0)), check_out(at(kMonday, 12, 0))}, kMonday, {}, heavy)
                       .deduction_pct,
                   6.0);
}

TEST(Attendance, FridayEndsAt1630) {
  const auto fri = day_of({check_in(at(kFriday, 7, 30)), check_out(at(kFriday, 16, 0))}, kFriday);
  EXPECT_EQ(fri.early, early_band::psw1);
  EXPECT_EQ(fri.early_minutes, 30);
  EXPECT_DOUBLE_EQ(fri.deduction_pct, 0.5);
  const auto on_time = day_of({check_in(at(kFriday, 7, 30)), check_out(at(kFriday, 16, 30))}, kFriday);
  EXPECT_EQ(on_time.early, early_band::none);
  // The same 16:00 check-out on a Monday is on time.
  EXPECT_EQ(day_of({check_in(at(kMonday, 7, 30)), check_out(at(kMonday, 16, 0))}).early, early_band::none);
}

TEST(Attendance, HolidayAndWeekendAreNotExpected) {
  unit_schedule s;
  s.holidays.insert(kChristmas);
  const auto holiday = day_of({}, kChristmas, s);
  EXPECT_FALSE(holiday.expected);
  EXPECT_FALSE(holiday.absent);
  EXPECT_DOUBLE_EQ(holiday.deduction_pct, 0.0);

  const auto worked = day_of({check_in(at(kChristmas, 9, 0))}, kChristmas, s);
  EXPECT_FALSE(worked.expected);
  EXPECT_TRUE(worked.present);
  EXPECT_EQ(worked.late, late_band::none);
  const auto t = tally(worked);
  EXPECT_EQ(t.expected, 0);
  EXPECT_EQ(t.present, 0);
  EXPECT_EQ(t.unscheduled_present, 1);

  EXPECT_FALSE(day_of({}, kSaturday).expected);
}

TEST(Attendance, AbsentWhenNeitherInNorOut) {
  const auto d = day_of({check_in(at(kMonday, 7, 0), clock_state::synced, kOther)});
  EXPECT_TRUE(d.expected);
  EXPECT_TRUE(d.absent);
  EXPECT_FALSE(d.present);
  EXPECT_DOUBLE_EQ(d.deduction_pct, 4.0);
}

TEST(Attendance, OutWithoutInIsTl4) {
  const auto d = day_of({check_out(at(kMonday, 16, 5))});
  EXPECT_TRUE(d.present);
  EXPECT_FALSE(d.absent);
  EXPECT_EQ(d.late, late_band::tl4);
  EXPECT_EQ(d.early, early_band::none);
  EXPECT_FALSE(d.on_time);
  EXPECT_DOUBLE_EQ(d.deduction_pct, 2.0);
}

TEST(Attendance, InWithoutOutIsPsw4OnceTheDayIsOver) {
  const std::vector<attendance_mark> marks{check_in(at(kMonday, 7, 20))};
  const auto done = day_of(marks);
  EXPECT_EQ(done.early, early_band::psw4);
  EXPECT_DOUBLE_EQ(done.deduction_pct, 2.0);

  const auto running = day_of(marks, kMonday, {}, {}, at(kMonday, 10, 0));
  EXPECT_FALSE(running.complete);
  EXPECT_EQ(running.early, early_band::none);
  EXPECT_DOUBLE_EQ(running.deduction_pct, 0.0);

  const auto not_yet = day_of({}, kMonday, {}, {}, at(kMonday, 10, 0));
  EXPECT_TRUE(not_yet.absent);
  EXPECT_DOUBLE_EQ(not_yet.deduction_pct, 0.0);
  EXPECT_TRUE(day_of(marks, kMonday, {}, {}, at(kMonday, 16, 0)).complete);
}

TEST(Attendance, FirstCheckInAndLastCheckOutCount) {
  // Given out of order on purpose: the engine orders by time.
  const auto d = day_of({check_in(at(kMonday, 8, 10)), check_out(at(kMonday, 12, 0)), check_in(at(kMonday, 7, 25)),
                         check_in(at(kMonday, 7, 45)), check_out(at(kMonday, 16, 5))});
  EXPECT_EQ(*d.first_in_ms, at(kMonday, 7, 25));
  EXPECT_EQ(*d.last_out_ms, at(kMonday, 16, 5));
  EXPECT_TRUE(d.on_time);
  EXPECT_EQ(d.early, early_band::none);
  EXPECT_DOUBLE_EQ(d.deduction_pct, 0.0);
}

TEST(Attendance, GraceMinutesKeepTheBandsFromTheScheduledStart) {
  unit_schedule s;
  s.grace_minutes = 15;
  const auto within = day_of({check_in(at(kMonday, 7, 45, 59)), check_out(at(kMonday, 16, 0))}, kMonday, s);
  EXPECT_EQ(within.late, late_band::none);
  EXPECT_EQ(within.late_minutes, 15);
  EXPECT_TRUE(within.on_time);
  const auto beyond = day_of({check_in(at(kMonday, 7, 46)), check_out(at(kMonday, 16, 0))}, kMonday, s);
  EXPECT_EQ(beyond.late, late_band::tl1);
  EXPECT_EQ(beyond.late_minutes, 16);
  const auto tl2 = day_of({check_in(at(kMonday, 8, 1)), check_out(at(kMonday, 16, 0))}, kMonday, s);
  EXPECT_EQ(tl2.late, late_band::tl2);
}

TEST(Attendance, UnsyncedEventsCountAsPresenceWithoutDeduction) {
  const auto late_in = day_of({check_in(at(kMonday, 8, 10), clock_state::unsynced), check_out(at(kMonday, 16, 0))});
  EXPECT_TRUE(late_in.present);
  EXPECT_EQ(late_in.late, late_band::none);
  EXPECT_EQ(late_in.unverified_late, late_band::tl2);
  EXPECT_TRUE(late_in.needs_review);
  EXPECT_FALSE(late_in.on_time);
  EXPECT_DOUBLE_EQ(late_in.deduction_pct, 0.0);

  const auto punctual_looking = day_of({check_in(at(kMonday, 7, 20), clock_state::unsynced), check_out(at(kMonday, 16, 0))});
  EXPECT_TRUE(punctual_looking.needs_review);
  EXPECT_FALSE(punctual_looking.on_time);

  const auto early_out = day_of({check_in(at(kMonday, 7, 40)), check_out(at(kMonday, 15, 0), clock_state::unsynced)});
  EXPECT_EQ(early_out.late, late_band::tl1);
  EXPECT_EQ(early_out.early, early_band::none);
  EXPECT_EQ(early_out.unverified_early, early_band::psw2);
  EXPECT_TRUE(early_out.needs_review);
  EXPECT_DOUBLE_EQ(early_out.deduction_pct, 0.5);

  const auto only_out = day_of({check_out(at(kMonday, 16, 0), clock_state::unsynced)});
  EXPECT_TRUE(only_out.present);
  EXPECT_FALSE(only_out.absent);
  EXPECT_EQ(only_out.late, late_band::none);
  EXPECT_EQ(only_out.unverified_late, late_band::tl4);
  EXPECT_DOUBLE_EQ(only_out.deduction_pct, 0.0);

  const auto only_in = day_of({check_in(at(kMonday, 7, 0), clock_state::unsynced)});
  EXPECT_EQ(only_in.early, early_band::none);
  EXPECT_EQ(only_in.unverified_early, early_band::psw4);
  EXPECT_DOUBLE_EQ(only_in.deduction_pct, 0.0);
}

TEST(Attendance, WitaSite) {
  unit_schedule wita;
  wita.tz = zone::wita;
  // 2026-11-22T23:31Z is 07:31 WITA on Monday but 06:31 WIB.
  const std::vector<attendance_mark> marks{check_in(1795390260000), check_out(to_utc_ms(kMonday, hm(16, 0), zone::wita))};
  const auto in_wita = evaluate_day(wita, {}, kNip, kMonday, marks);
  EXPECT_EQ(in_wita.late, late_band::tl1);
  EXPECT_EQ(in_wita.late_minutes, 1);
  EXPECT_EQ(in_wita.early, early_band::none);
  // Read as a WIB unit the same instants are 06:31 (on time) and 15:00 (60 minutes early).
  const auto in_wib = evaluate_day(unit_schedule{}, {}, kNip, kMonday, marks);
  EXPECT_EQ(in_wib.late, late_band::none);
  EXPECT_EQ(in_wib.early_minutes, 60);
  EXPECT_EQ(in_wib.early, early_band::psw2);
}

TEST(Attendance, WitSiteFriday) {
  unit_schedule wit;
  wit.tz = zone::wit;
  const std::vector<attendance_mark> marks{check_in(1795387500000 + 4 * ms_per_day),  // Fri 07:45 WIT
                                           check_out(at(kFriday, 16, 15, 0, zone::wit))};
  const auto d = evaluate_day(wit, {}, kNip, kFriday, marks);
  EXPECT_EQ(d.late_minutes, 15);
  EXPECT_EQ(d.late, late_band::tl1);
  EXPECT_EQ(d.early_minutes, 15);
  EXPECT_EQ(d.early, early_band::psw1);
  EXPECT_DOUBLE_EQ(d.deduction_pct, 1.0);
}

TEST(Attendance, NightShiftAcrossMidnight) {
  unit_schedule s;
  s.roster[{kNip, kMonday}] = work_window{hm(22, 0), hm(6, 0), 0};
  s.roster[{kNip, kTuesday}] = std::nullopt;
  const std::vector<attendance_mark> marks{check_in(at(kMonday, 22, 5)), check_out(at(kTuesday, 5, 30))};
  const auto mon = evaluate_day(s, {}, kNip, kMonday, marks);
  EXPECT_TRUE(mon.expected);
  EXPECT_EQ(mon.late, late_band::tl1);
  EXPECT_EQ(mon.late_minutes, 5);
  EXPECT_EQ(mon.early, early_band::psw1);
  EXPECT_EQ(mon.early_minutes, 30);
  EXPECT_DOUBLE_EQ(mon.deduction_pct, 1.0);
  const auto tue = evaluate_day(s, {}, kNip, kTuesday, marks);
  EXPECT_FALSE(tue.expected);
  EXPECT_FALSE(tue.present);

  // Checking in after midnight is still Monday's shift, 120 minutes late.
  const auto after_midnight = evaluate_day(s, {}, kNip, kMonday,
                                           std::vector<attendance_mark>{check_in(at(kTuesday, 0, 0, 30)),
                                                                        check_out(at(kTuesday, 6, 0))});
  EXPECT_EQ(after_midnight.late_minutes, 120);
  EXPECT_EQ(after_midnight.late, late_band::tl4);
  EXPECT_EQ(after_midnight.early, early_band::none);
}

TEST(Attendance, WeekTotalsAndRates) {
  unit_schedule s;
  const std::vector<attendance_mark> marks{
      check_in(at(kMonday, 7, 20)),    check_out(at(kMonday, 16, 2)),                  // on time
      check_in(at(kTuesday, 8, 15)),   check_out(at(kTuesday, 16, 0)),                 // TL2
      /* Wednesday absent */
      check_in(at(kThursday, 7, 10), clock_state::unsynced), check_out(at(kThursday, 16, 0)),  // review
      check_in(at(kFriday, 7, 25)),    check_out(at(kFriday, 16, 0)),                  // PSW1
      check_in(at(kTuesday, 7, 0), clock_state::synced, kOther),                        // someone else
  };
  const auto days = evaluate_period(s, {}, kNip, kMonday, kSunday, marks);
  ASSERT_EQ(days.size(), 5u);
  EXPECT_TRUE(days[2].absent);
  const auto t = summarize(days);
  EXPECT_EQ(t.expected, 5);
  EXPECT_EQ(t.present, 4);
  EXPECT_EQ(t.on_time, 2);
  EXPECT_EQ(t.late, (std::array<std::int64_t, 4>{0, 1, 0, 0}));
  EXPECT_EQ(t.early_leave, (std::array<std::int64_t, 4>{1, 0, 0, 0}));
  EXPECT_EQ(t.absent, 1);
  EXPECT_EQ(t.needs_review, 1);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 0.0 + 1.0 + 4.0 + 0.0 + 0.5);
  EXPECT_DOUBLE_EQ(*t.present_rate(), 0.8);
  EXPECT_DOUBLE_EQ(*t.on_time_rate(), 0.5);

  // A unit is the merge of its employees' days.
  const auto other = summarize(evaluate_period(s, {}, kOther, kMonday, kSunday, marks));
  EXPECT_EQ(other.present, 1);
  EXPECT_EQ(other.absent, 4);
  attendance_totals unit = t;
  unit.merge(other);
  EXPECT_EQ(unit.expected, 10);
  EXPECT_EQ(unit.present, 5);
  EXPECT_EQ(unit.on_time, 3);
  EXPECT_EQ(unit.absent, 5);
  EXPECT_DOUBLE_EQ(*unit.present_rate(), 0.5);

  // And a period is the merge of its days.
  attendance_totals by_day;
  for (const auto& d : days) by_day.merge(tally(d));
  EXPECT_EQ(by_day, t);
  EXPECT_FALSE(attendance_totals{}.present_rate());
}

TEST(Attendance, MarkFromEvent) {
  event e;
  e.ts_ms = 42;
  e.clock = clock_state::unsynced;
  e.data = attendance_data{kNip, action::out, attendance_data::method_t::badge, attendance_data::face_t::present, std::nullopt};
  const auto m = attendance_mark_of(e);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->employee, kNip);
  EXPECT_EQ(m->action, action::out);
  EXPECT_EQ(m->clock, clock_state::unsynced);
  e.data = rating_data{};
  EXPECT_FALSE(attendance_mark_of(e));
}

TEST(Attendance, PolicyValidationAndLabels) {
  EXPECT_TRUE(validate(attendance_policy{}).ok());
  attendance_policy p;
  p.band_upper_minutes = {30, 30, 90};
  const auto r = validate(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_policy);
  attendance_policy w;
  w.absent_weight_pct = -1;
  EXPECT_FALSE(validate(w).ok());
  EXPECT_EQ(to_string(late_band::tl3), "TL3");
  EXPECT_EQ(to_string(early_band::psw4), "PSW4");
}

}  // namespace
}  // namespace pantau::hub::indicators
