#include "pantau/hub/indicators/leave.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "pantau/hub/indicators/attendance.hpp"

namespace pantau::hub::indicators {
namespace {

using action = attendance_data::action_t;

const std::string kNip = "199001012020121001";
const std::string kOther = "198507072010011002";

std::int64_t at(civil_date d, int h, int m) { return to_utc_ms(d, hm(h, m), zone::wib); }
attendance_mark in_at(civil_date d, int h, int m, const std::string& who = kNip) {
  return attendance_mark{who, at(d, h, m), action::in, clock_state::synced};
}
attendance_mark out_at(civil_date d, int h, int m, const std::string& who = kNip) {
  return attendance_mark{who, at(d, h, m), action::out, clock_state::synced};
}

// Every calendar day from..to, as the organisation fills it: the engine decides which are expected.
void cover(unit_schedule& s, const std::string& who, civil_date from, civil_date to, leave_kind k) {
  for (auto d = days_from_civil(from); d <= days_from_civil(to); ++d) s.leave[{who, civil_from_days(d)}] = k;
}

TEST(Leave, CodesAndLabelsRoundTrip) {
  for (const leave_kind k : all_leave_kinds) {
    EXPECT_EQ(parse_leave_kind(code_of(k)), k);
    EXPECT_FALSE(label_id(k).empty());
    EXPECT_FALSE(label_en(k).empty());
  }
  EXPECT_EQ(code_of(leave_kind::cuti_luar_tanggungan), "cuti_luar_tanggungan");
  EXPECT_EQ(code_of(leave_kind::kerja_fleksibel), "kerja_fleksibel");
  EXPECT_EQ(label_id(leave_kind::dinas_luar), "Dinas luar");
  EXPECT_EQ(label_en(leave_kind::cuti_sakit), "Sick leave");
  EXPECT_FALSE(parse_leave_kind("cuti"));
  EXPECT_FALSE(parse_leave_kind("Cuti_Tahunan"));
}

TEST(Leave, DefaultPolicyCountsWorkElsewhereAsPresent) {
  const leave_policy p;
  for (const leave_kind k : all_leave_kinds) {
    const bool elsewhere =
        k == leave_kind::dinas_luar || k == leave_kind::tugas_belajar || k == leave_kind::kerja_fleksibel;
    EXPECT_EQ(p.counts_present(k), elsewhere) << code_of(k);
  }
}

TEST(Leave, PolicyFromCodes) {
  const std::vector<std::string> codes{"izin", "dinas_luar"};
  const auto p = leave_policy_of(codes);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->counts_present(leave_kind::izin));
  EXPECT_TRUE(p->counts_present(leave_kind::dinas_luar));
  EXPECT_FALSE(p->counts_present(leave_kind::kerja_fleksibel));
  EXPECT_FALSE(p->counts_present(leave_kind::cuti_tahunan));
  const std::vector<std::string> bad{"dinas_luar", "cuti_bersama"};
  const auto refused = leave_policy_of(bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.err().code, errc::invalid_policy);
  EXPECT_NE(refused.err().message.find("cuti_bersama"), std::string::npos);
  EXPECT_TRUE(leave_policy_of({}));  // nothing counts as present
}

// Annual leave Thu 24 Dec 2026 .. Tue 29 Dec: Fri 25 is Christmas, Sat 26 / Sun 27 the weekend.
// Wed 23 is worked on time, Wed 30 nobody comes.
//   23 Wed  expected, present, on time      deduction 0
//   24 Thu  leave (excused)                 0
//   25 Fri  holiday: not expected, no leave 0
//   26 Sat, 27 Sun: not expected            -
//   28 Mon, 29 Tue: leave (excused)         0
//   30 Wed  absent                          4.0
// Totals: expected 2, present 1, on_time 1, absent 1, on_leave 3, deduction 4.0.
TEST(Leave, AnnualLeaveAcrossAHolidayAndAWeekend) {
  unit_schedule s;
  s.holidays.insert({2026, 12, 25});
  cover(s, kNip, {2026, 12, 24}, {2026, 12, 29}, leave_kind::cuti_tahunan);
  const std::vector<attendance_mark> marks{in_at({2026, 12, 23}, 7, 25), out_at({2026, 12, 23}, 16, 5)};
  const auto days = evaluate_period(s, {}, kNip, {2026, 12, 23}, {2026, 12, 30}, marks);
  ASSERT_EQ(days.size(), 5u);  // 23, 24, 28, 29, 30
  EXPECT_EQ(days[0].date, (civil_date{2026, 12, 23}));
  EXPECT_TRUE(days[0].on_time);
  EXPECT_FALSE(days[0].leave);
  for (std::size_t i : {1u, 2u, 3u}) {
    SCOPED_TRACE(format_date(days[i].date));
    EXPECT_EQ(days[i].leave, leave_kind::cuti_tahunan);
    EXPECT_FALSE(days[i].expected);
    EXPECT_FALSE(days[i].absent);
    EXPECT_FALSE(days[i].present);
    EXPECT_DOUBLE_EQ(days[i].deduction_pct, 0.0);
  }
  EXPECT_EQ(days[1].date, (civil_date{2026, 12, 24}));
  EXPECT_EQ(days[2].date, (civil_date{2026, 12, 28}));
  EXPECT_EQ(days[3].date, (civil_date{2026, 12, 29}));
  EXPECT_TRUE(days[4].absent);
  EXPECT_FALSE(days[4].leave);

  // The holiday and the weekend inside the leave are not leave days.
  for (const civil_date d : {civil_date{2026, 12, 25}, civil_date{2026, 12, 26}, civil_date{2026, 12, 27}}) {
    const auto day = evaluate_day(s, {}, kNip, d, marks);
    EXPECT_FALSE(day.leave) << format_date(d);
    EXPECT_FALSE(day.expected) << format_date(d);
  }

  const auto t = summarize(days);
  EXPECT_EQ(t.expected, 2);
  EXPECT_EQ(t.present, 1);
  EXPECT_EQ(t.on_time, 1);
  EXPECT_EQ(t.absent, 1);
  EXPECT_EQ(t.on_leave, 3);
  EXPECT_EQ(t.unscheduled_present, 0);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 4.0);
  EXPECT_EQ(t.present_rate(), 0.5);
}

// Official travel counts as present: expected and present without any check-in, never on time, never
// late, even when the employee drops by at 09:30 (TL4 on an ordinary day) and leaves at 11:00.
TEST(Leave, OfficialTravelIsPresentAndNeverJudged) {
  unit_schedule s;
  const civil_date mon{2026, 11, 23};
  s.leave[{kNip, mon}] = leave_kind::dinas_luar;
  const auto empty = evaluate_day(s, {}, kNip, mon, {});
  EXPECT_TRUE(empty.expected);
  EXPECT_TRUE(empty.present);
  EXPECT_FALSE(empty.absent);
  EXPECT_FALSE(empty.on_time);
  EXPECT_EQ(empty.leave, leave_kind::dinas_luar);
  EXPECT_DOUBLE_EQ(empty.deduction_pct, 0.0);

  const std::vector<attendance_mark> marks{in_at(mon, 9, 30), out_at(mon, 11, 0)};
  const auto visited = evaluate_day(s, {}, kNip, mon, marks);
  ASSERT_TRUE(visited.first_in_ms);
  EXPECT_EQ(*visited.first_in_ms, at(mon, 9, 30));
  EXPECT_EQ(*visited.last_out_ms, at(mon, 11, 0));
  EXPECT_EQ(visited.late, late_band::none);
  EXPECT_EQ(visited.early, early_band::none);
  EXPECT_EQ(visited.late_minutes, 0);
  EXPECT_EQ(visited.early_minutes, 0);
  EXPECT_FALSE(visited.needs_review);
  EXPECT_DOUBLE_EQ(visited.deduction_pct, 0.0);

  const auto t = tally(visited);
  EXPECT_EQ(t.expected, 1);
  EXPECT_EQ(t.present, 1);
  EXPECT_EQ(t.on_time, 0);
  EXPECT_EQ(t.on_leave, 1);
  EXPECT_EQ(t.late, (std::array<std::int64_t, 4>{}));

  // Unsynced check-ins on a covered day are not flagged for review either.
  const std::vector<attendance_mark> unsynced{{kNip, at(mon, 9, 30), action::in, clock_state::unsynced}};
  EXPECT_FALSE(evaluate_day(s, {}, kNip, mon, unsynced).needs_review);
}

// Sick leave with a check-in: the presence is noted (unscheduled), nothing is judged.
TEST(Leave, ExcusedDayNotesPresenceWithoutJudging) {
  unit_schedule s;
  const civil_date tue{2026, 11, 24};
  s.leave[{kNip, tue}] = leave_kind::cuti_sakit;
  const std::vector<attendance_mark> marks{in_at(tue, 10, 0)};
  const auto d = evaluate_day(s, {}, kNip, tue, marks);
  EXPECT_FALSE(d.expected);
  EXPECT_TRUE(d.present);
  EXPECT_FALSE(d.absent);
  EXPECT_EQ(d.late, late_band::none);
  EXPECT_EQ(d.early, early_band::none);  // no PSW4 for the missing check-out
  EXPECT_DOUBLE_EQ(d.deduction_pct, 0.0);
  const auto t = tally(d);
  EXPECT_EQ(t.expected, 0);
  EXPECT_EQ(t.unscheduled_present, 1);
  EXPECT_EQ(t.on_leave, 1);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 0.0);
}

// Leave Mon 23 .. Wed 25 Nov 2026, the period asked is Tue 24 .. Fri 27: only Tue and Wed of the leave
// fall inside it. Thu on time, Fri TL2 (08:15 -> 45 minutes late, 1.0 %).
TEST(Leave, LeaveOverlappingTheStartOfAPeriod) {
  unit_schedule s;
  cover(s, kNip, {2026, 11, 23}, {2026, 11, 25}, leave_kind::izin);
  cover(s, kOther, {2026, 11, 26}, {2026, 11, 27}, leave_kind::cuti_tahunan);  // someone else's
  const std::vector<attendance_mark> marks{
      in_at({2026, 11, 26}, 7, 30), out_at({2026, 11, 26}, 16, 0),
      in_at({2026, 11, 27}, 8, 15), out_at({2026, 11, 27}, 16, 30),
  };
  const auto days = evaluate_period(s, {}, kNip, {2026, 11, 24}, {2026, 11, 27}, marks);
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(days[0].leave, leave_kind::izin);
  EXPECT_EQ(days[1].leave, leave_kind::izin);
  EXPECT_FALSE(days[2].leave);
  EXPECT_FALSE(days[3].leave);
  EXPECT_EQ(days[3].late, late_band::tl2);
  const auto t = summarize(days);
  EXPECT_EQ(t.on_leave, 2);
  EXPECT_EQ(t.expected, 2);
  EXPECT_EQ(t.present, 2);
  EXPECT_EQ(t.on_time, 1);
  EXPECT_EQ(t.late[1], 1);
  EXPECT_EQ(t.absent, 0);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 1.0);
}

// The policy decides: with izin counting as present the same day is expected and present.
TEST(Leave, PolicyTurnsAnExcusedKindIntoPresence) {
  unit_schedule s;
  const civil_date wed{2026, 11, 25};
  s.leave[{kNip, wed}] = leave_kind::izin;
  attendance_policy p;
  const std::vector<std::string> codes{"izin"};
  p.leave = *leave_policy_of(codes);
  const auto d = evaluate_day(s, p, kNip, wed, {});
  EXPECT_TRUE(d.expected);
  EXPECT_TRUE(d.present);
  EXPECT_FALSE(d.absent);
  EXPECT_EQ(tally(d).present, 1);

  s.leave[{kNip, wed}] = leave_kind::kerja_fleksibel;  // not in that list: excused now
  const auto flex = evaluate_day(s, p, kNip, wed, {});
  EXPECT_FALSE(flex.expected);
  EXPECT_FALSE(flex.absent);
}

// A night shift Mon 22:00 - Tue 06:00 covered by leave keyed on its start date: the after-midnight
// check-out still belongs to Monday, which is not judged; Tuesday (rostered off) stays untouched.
TEST(Leave, NightShiftCoveredOnItsStartDate) {
  unit_schedule s;
  const civil_date mon{2026, 11, 23}, tue{2026, 11, 24};
  s.roster[{kNip, mon}] = work_window{hm(22, 0), hm(6, 0), 0};
  s.roster[{kNip, tue}] = std::nullopt;
  s.leave[{kNip, mon}] = leave_kind::kerja_fleksibel;
  const std::vector<attendance_mark> marks{out_at(tue, 3, 0)};
  const auto d = evaluate_day(s, {}, kNip, mon, marks);
  EXPECT_EQ(d.leave, leave_kind::kerja_fleksibel);
  EXPECT_TRUE(d.expected);
  EXPECT_TRUE(d.present);
  ASSERT_TRUE(d.last_out_ms);
  EXPECT_EQ(d.early, early_band::none);
  EXPECT_DOUBLE_EQ(d.deduction_pct, 0.0);
  EXPECT_FALSE(evaluate_day(s, {}, kNip, tue, marks).present);
}

}  // namespace
}  // namespace pantau::hub::indicators
