#include "pantau/hub/indicators/satisfaction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace pantau::hub::indicators {
namespace {

using elements_t = std::array<std::optional<int>, element_count>;

rating_data with_elements(const elements_t& e, std::optional<int> overall = std::nullopt, bool misuse = false) {
  rating_data r;
  r.counter = "loket-1";
  r.overall = overall;
  r.elements = e;
  r.misuse = misuse;
  return r;
}

rating_data quick(int overall, bool misuse = false) {
  rating_data r;
  r.counter = "loket-1";
  r.overall = overall;
  r.misuse = misuse;
  return r;
}

// Four respondents; respondent 4 skipped U4 (Biaya/Tarif).
//            U1 U2 U3 U4 U5 U6 U7 U8 U9
//   R1        4  4  4  4  4  4  4  4  4
//   R2        3  3  3  3  3  3  3  3  3
//   R3        3  4  2  4  3  3  4  3  3
//   R4        4  3  3  -  4  4  4  3  4
//   NRR      3.5 3.5 3 11/3 3.5 3.5 3.75 3.25 3.5   sum = 187/6
//   IKM = (187/6) / 9 * 25 = 4675/54 = 86.574... -> 86.57, B Baik
satisfaction_totals survey() {
  satisfaction_totals t;
  add_rating(t, with_elements({4, 4, 4, 4, 4, 4, 4, 4, 4}));
  add_rating(t, with_elements({3, 3, 3, 3, 3, 3, 3, 3, 3}));
  add_rating(t, with_elements({3, 4, 2, 4, 3, 3, 4, 3, 3}));
  add_rating(t, with_elements({4, 3, 3, std::nullopt, 4, 4, 4, 3, 4}));
  return t;
}

TEST(Satisfaction, ElementNames) {
  EXPECT_EQ(element_code(0), "U1");
  EXPECT_EQ(element_name(0), "Persyaratan");
  EXPECT_EQ(element_name(1), "Sistem/Mekanisme/Prosedur");
  EXPECT_EQ(element_name(3), "Biaya/Tarif");
  EXPECT_EQ(element_name(6), "Perilaku Pelaksana");
  EXPECT_EQ(element_name(7), "Penanganan Pengaduan/Saran/Masukan");
  EXPECT_EQ(element_name(8), "Sarana dan Prasarana");
  EXPECT_EQ(element_name(9), "");
}

TEST(Satisfaction, NrrAndIkmHandComputed) {
  const auto t = survey();
  EXPECT_EQ(t.responses, 4);
  const auto n = nrr(t);
  const std::array<double, element_count> expected{3.5, 3.5, 3.0, 11.0 / 3.0, 3.5, 3.5, 3.75, 3.25, 3.5};
  for (std::size_t i = 0; i < element_count; ++i) {
    ASSERT_TRUE(n[i]) << i;
    EXPECT_DOUBLE_EQ(*n[i], expected[i]) << element_code(i);
  }
  const auto v = ikm(t);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 4675.0 / 54.0, 1e-9);
  EXPECT_EQ(round_hundredths(*v), 8657);
  EXPECT_EQ(grade_of(*v), grade::b);
}

TEST(Satisfaction, CustomWeights) {
  // U7 counts double: 0.2, the other eight 0.1.
  std::array<double, element_count> w{};
  w.fill(0.1);
  w[6] = 0.2;
  const auto weights = element_weights::make(w);
  ASSERT_TRUE(weights.ok());
  // 25 * (0.1 * (187/6 - 3.75) + 0.2 * 3.75) = 87.2916... -> 87.29
  const auto v = ikm(survey(), *weights);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 25.0 * (0.1 * (187.0 / 6.0 - 3.75) + 0.2 * 3.75), 1e-9);
  EXPECT_EQ(round_hundredths(*v), 8729);
}

TEST(Satisfaction, WeightsMustSumToOne) {
  std::array<double, element_count> w{};
  w.fill(0.1);
  auto r = element_weights::make(w);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_weights);
  w.fill(1.0 / 9.0);
  w[0] = -0.1;
  w[1] += 0.1 + 1.0 / 9.0;
  EXPECT_FALSE(element_weights::make(w).ok());
  w.fill(1.0 / 9.0);
  w[2] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(element_weights::make(w).ok());
  w.fill(1.0 / 9.0);
  EXPECT_TRUE(element_weights::make(w).ok());
}

TEST(Satisfaction, UnansweredElementNeedsZeroWeight) {
  satisfaction_totals t;
  add_rating(t, with_elements({4, 4, 4, std::nullopt, 4, 4, 4, 4, 4}));
  add_rating(t, with_elements({3, 3, 3, std::nullopt, 3, 3, 3, 3, 3}));
  EXPECT_FALSE(ikm(t));
  EXPECT_FALSE(nrr(t)[3]);
  std::array<double, element_count> w{};
  w.fill(1.0 / 8.0);
  w[3] = 0.0;
  const auto v = ikm(t, *element_weights::make(w));
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(*v, 87.5);
}

struct grade_row {
  double value;
  std::optional<grade> expected;
};

TEST(Satisfaction, GradeBoundaries) {
  const std::vector<grade_row> rows{
      {100.00, grade::a}, {88.31, grade::a}, {88.30, grade::b},   {88.305, grade::a}, {88.3049, grade::b},
      {76.61, grade::b},  {76.60, grade::c}, {76.605, grade::b},  {65.00, grade::c},  {64.99, grade::d},
      {64.995, grade::c}, {64.9949, grade::d}, {25.00, grade::d}, {24.99, std::nullopt}, {100.01, std::nullopt},
      {100.004, grade::a},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(grade_of(r.value), r.expected) << r.value;
  }
  EXPECT_FALSE(grade_of(std::numeric_limits<double>::quiet_NaN()));
  // Binary noise around a boundary grades as the displayed value does.
  EXPECT_EQ(grade_of(88.31 - 1e-12), grade::a);
  EXPECT_EQ(grade_of(88.30 + 1e-12), grade::b);
  EXPECT_EQ(grade_of(0.1 + 0.2 + 88.01), grade::a);  // 88.31000000000000x
  EXPECT_EQ(letter(grade::a), 'A');
  EXPECT_EQ(label(grade::a), "Sangat Baik");
  EXPECT_EQ(label(grade::b), "Baik");
  EXPECT_EQ(label(grade::c), "Kurang Baik");
  EXPECT_EQ(label(grade::d), "Tidak Baik");
}

TEST(Satisfaction, Rounding) {
  EXPECT_EQ(round_hundredths(88.305), 8831);
  EXPECT_EQ(round_hundredths(88.3049999), 8830);
  EXPECT_EQ(round_hundredths(4675.0 / 54.0), 8657);
  EXPECT_DOUBLE_EQ(round2(69.4444), 69.44);
  EXPECT_EQ(round_hundredths(-1.005), -100);  // half-up also below zero
}

TEST(Satisfaction, QuickModeCountsCsatAndMisuse) {
  satisfaction_totals t;
  for (int v : {4, 4, 3, 2, 1, 4, 3, 3}) add_rating(t, quick(v));
  add_rating(t, quick(1, /*misuse=*/true));
  EXPECT_EQ(t.responses, 8);
  EXPECT_EQ(t.misuse_excluded, 1);
  EXPECT_EQ(t.counts, (std::array<std::int64_t, 4>{1, 1, 3, 3}));
  EXPECT_DOUBLE_EQ(*quick_index(t), 75.0);  // mean 3
  EXPECT_EQ(grade_of(*quick_index(t)), grade::c);
  EXPECT_DOUBLE_EQ(*csat(t), 0.75);
  EXPECT_FALSE(ikm(t));

  satisfaction_totals all;
  const satisfaction_options include{true};
  for (int v : {4, 4, 3, 2, 1, 4, 3, 3}) add_rating(all, quick(v), include);
  add_rating(all, quick(1, true), include);
  EXPECT_EQ(all.responses, 9);
  EXPECT_EQ(all.misuse_excluded, 0);
  EXPECT_EQ(all.counts[0], 2);
  EXPECT_NEAR(*quick_index(all), 25.0 * 25.0 / 9.0, 1e-12);  // 69.44
  EXPECT_DOUBLE_EQ(*csat(all), 6.0 / 9.0);
}

TEST(Satisfaction, ElementsAndOverallFeedTheirOwnIndices) {
  satisfaction_totals t;
  add_rating(t, with_elements({4, 4, 4, 4, 4, 4, 4, 4, 4}, 3));  // both
  add_rating(t, with_elements({2, 2, 2, 2, 2, 2, 2, 2, 2}));     // elements only
  add_rating(t, quick(4));                                        // overall only
  rating_data empty;
  add_rating(t, empty);  // answered nothing: not a response
  rating_data out_of_range = quick(5);
  add_rating(t, out_of_range);
  EXPECT_EQ(t.responses, 3);
  EXPECT_EQ(t.counts, (std::array<std::int64_t, 4>{0, 0, 1, 1}));
  EXPECT_DOUBLE_EQ(*quick_index(t), 87.5);
  EXPECT_DOUBLE_EQ(*ikm(t), 75.0);
  add_rating(t, with_elements({4, 4, 4, 4, 4, 4, 4, 4, 4}, std::nullopt, /*misuse=*/true));
  EXPECT_DOUBLE_EQ(*ikm(t), 75.0);
}

TEST(Satisfaction, MergeEqualsAddingEverything) {
  satisfaction_totals a;
  satisfaction_totals b;
  satisfaction_totals all;
  const std::vector<rating_data> ratings{quick(4), quick(1), with_elements({3, 3, 3, 3, 3, 3, 3, 3, 3}, 2),
                                         quick(2, true), with_elements({4, 1, 4, 1, 4, 1, 4, 1, 4})};
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    add_rating(i % 2 == 0 ? a : b, ratings[i]);
    add_rating(all, ratings[i]);
  }
  a.merge(b);
  EXPECT_EQ(a, all);
}

}  // namespace
}  // namespace pantau::hub::indicators
