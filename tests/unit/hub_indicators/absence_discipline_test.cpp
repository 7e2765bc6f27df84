// PP 94/2021 thresholds on unexcused absence, by hand: the day counts at each step of the ladder, the
// run of 10 working days, and what does not count (weekends between, a day still running, presence).
#include <gtest/gtest.h>

#include <vector>

#include "pantau/hub/indicators/absence_discipline.hpp"

namespace pantau::hub::indicators {
namespace {

attendance_day expected_day(bool absent, bool complete = true) {
  attendance_day d;
  d.expected = true;
  d.complete = complete;
  d.absent = absent;
  d.present = !absent;
  return d;
}

attendance_day weekend() { return attendance_day{}; }

TEST(absence_discipline_test, each_step_of_the_ladder_starts_where_the_regulation_says) {
  using enum absence_measure;
  const std::vector<std::pair<int, absence_measure>> table{
      {0, none},
      {2, none},
      {3, teguran_lisan},
      {4, teguran_tertulis},
      {6, teguran_tertulis},
      {7, pernyataan_tidak_puas},
      {10, pernyataan_tidak_puas},
      {11, potong_tukin_6_bulan},
      {13, potong_tukin_6_bulan},
      {14, potong_tukin_9_bulan},
      {17, potong_tukin_12_bulan},
      {20, potong_tukin_12_bulan},
      {21, penurunan_jabatan},
      {25, pembebasan_jabatan},
      {27, pembebasan_jabatan},
      {28, pemberhentian},
      {60, pemberhentian},
  };
  for (const auto& [days, measure] : table)
    EXPECT_EQ(absence_measure_of(days, 1), measure) << days << " days";
  EXPECT_EQ(absence_measure_of(10, 10), pemberhentian) << "10 working days in a row";
  EXPECT_EQ(absence_measure_of(9, 9), pernyataan_tidak_puas);
  EXPECT_EQ(severity(teguran_lisan), "ringan");
  EXPECT_EQ(severity(potong_tukin_9_bulan), "sedang");
  EXPECT_EQ(severity(pemberhentian), "berat");
}

TEST(absence_discipline_test, a_run_spans_weekends_but_not_a_day_at_work) {
  // Mon–Fri absent, weekend, Mon–Fri absent: 10 working days in a row.
  std::vector<attendance_day> days;
  for (int i = 0; i < 5; ++i) days.push_back(expected_day(true));
  days.push_back(weekend());
  days.push_back(weekend());
  for (int i = 0; i < 5; ++i) days.push_back(expected_day(true));
  auto r = count_unexcused_absence(days);
  EXPECT_EQ(r, (absence_record{10, 10, absence_measure::pemberhentian}));

  // Wednesday at work breaks the run, one more absent Monday: 10 days, longest run Thu–Mon = 2 + 5 + 1.
  days[2] = expected_day(false);
  days.push_back(expected_day(true));
  r = count_unexcused_absence(days);
  EXPECT_EQ(r, (absence_record{10, 8, absence_measure::pernyataan_tidak_puas}));
}

TEST(absence_discipline_test, today_still_running_is_not_counted) {
  std::vector<attendance_day> days{expected_day(true), expected_day(true), expected_day(true, false)};
  EXPECT_EQ(count_unexcused_absence(days), (absence_record{2, 2, absence_measure::none}));
}

}  // namespace
}  // namespace pantau::hub::indicators
