#include "pantau/hub/indicators/kpi.hpp"

#include <gtest/gtest.h>

namespace pantau::hub::indicators {
namespace {

rating_data rating(std::optional<int> overall, std::optional<std::array<std::optional<int>, element_count>> e) {
  rating_data r;
  r.counter = "loket-1";
  r.overall = overall;
  r.elements = e;
  return r;
}

kpi_totals monday() {
  kpi_totals t;
  t.attendance.expected = 3;
  t.attendance.present = 2;
  t.attendance.on_time = 1;
  t.attendance.late = {1, 0, 0, 0};
  t.attendance.absent = 1;
  t.attendance.deduction_pct = 4.5;
  add_rating(t.satisfaction, rating(4, std::array<std::optional<int>, element_count>{4, 4, 4, 4, 4, 4, 4, 4, 4}));
  add_rating(t.satisfaction, rating(3, std::nullopt));
  t.service.add(served_item{"loket-1", "A001", "x", 0, 240'000});
  t.service.open_ms = 1'800'000;
  return t;
}

kpi_totals tuesday() {
  kpi_totals t;
  t.attendance.expected = 3;
  t.attendance.present = 3;
  t.attendance.on_time = 3;
  add_rating(t.satisfaction, rating(2, std::array<std::optional<int>, element_count>{3, 3, 3, 3, 3, 3, 3, 3, 2}));
  add_rating(t.satisfaction, rating(4, std::nullopt));
  t.service.add(served_item{"loket-1", "A001", "x", 0, 120'000});
  t.service.add(served_item{"loket-1", "A002", "x", 0, 360'000});
  t.service.open_ms = 1'800'000;
  return t;
}

TEST(Kpi, PeriodIsTheMergeOfItsDays) {
  kpi_totals week = monday();
  week.merge(tuesday());
  const kpi k = make_kpi(week);

  EXPECT_EQ(k.attendance.expected, 6);
  EXPECT_EQ(k.attendance.present, 5);
  EXPECT_EQ(k.attendance.on_time, 4);
  EXPECT_EQ(k.attendance.late, (std::array<std::int64_t, 4>{1, 0, 0, 0}));
  EXPECT_EQ(k.attendance.absent, 1);
  EXPECT_DOUBLE_EQ(k.attendance.deduction_pct, 4.5);
  EXPECT_DOUBLE_EQ(*k.attendance.present_rate, 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(*k.attendance.on_time_rate, 0.8);

  // overall 4, 3, 2, 4 -> mean 3.25 -> 81.25; csat 3/4.
  EXPECT_EQ(k.satisfaction.responses, 4);
  EXPECT_EQ(k.satisfaction.counts, (std::array<std::int64_t, 4>{0, 1, 1, 2}));
  EXPECT_DOUBLE_EQ(*k.satisfaction.csat, 0.75);
  EXPECT_DOUBLE_EQ(*k.satisfaction.quick_index, 81.25);
  EXPECT_EQ(*k.satisfaction.quick_grade, "B");
  // NRR U1..U8 = 3.5, U9 = 3.0 -> (8 * 3.5 + 3) / 9 * 25 = 86.111 -> 86.11 B
  EXPECT_DOUBLE_EQ(*k.satisfaction.nrr[0], 3.5);
  EXPECT_DOUBLE_EQ(*k.satisfaction.nrr[8], 3.0);
  EXPECT_DOUBLE_EQ(*k.satisfaction.ikm, 86.11);
  EXPECT_EQ(*k.satisfaction.grade, "B");

  EXPECT_EQ(k.service.served, 3);
  EXPECT_DOUBLE_EQ(*k.service.mean_s, 240.0);
  EXPECT_DOUBLE_EQ(*k.service.p90_s, 360.0);
  EXPECT_DOUBLE_EQ(*k.service.per_hour, 3.0);  // 3 served in 1 open hour
}

TEST(Kpi, EmptyScopeHasNullsNotZeros) {
  const kpi k = make_kpi(kpi_totals{});
  EXPECT_EQ(k.attendance.expected, 0);
  EXPECT_FALSE(k.attendance.present_rate);
  EXPECT_FALSE(k.satisfaction.csat);
  EXPECT_FALSE(k.satisfaction.quick_index);
  EXPECT_FALSE(k.satisfaction.ikm);
  EXPECT_FALSE(k.satisfaction.grade);
  for (const auto& n : k.satisfaction.nrr) EXPECT_FALSE(n);
  EXPECT_FALSE(k.service.mean_s);
  EXPECT_FALSE(k.service.p90_s);
  EXPECT_FALSE(k.service.per_hour);
}

TEST(Kpi, MergeIsOrderIndependent) {
  kpi_totals a = monday();
  a.merge(tuesday());
  kpi_totals b = tuesday();
  b.merge(monday());
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace pantau::hub::indicators
