// The survey's pure indicators: the Krejcie-Morgan sample size at the published table's rows, and the
// respondent profile counts that merge like every other day aggregate.
#include <gtest/gtest.h>

#include "pantau/hub/indicators/respondents.hpp"
#include "pantau/hub/indicators/sample_size.hpp"

namespace pantau::hub::indicators {
namespace {

struct table_row {
  std::int64_t population;
  std::int64_t sample;
};

// Rows of Krejcie & Morgan (1970), Table 1.
constexpr table_row published[] = {
    {10, 10},     {15, 14},     {20, 19},     {30, 28},     {50, 44},     {75, 63},     {100, 80},
    {150, 108},   {200, 132},   {300, 169},   {500, 217},   {750, 254},   {1000, 278},  {1500, 306},
    {2000, 322},  {3000, 341},  {5000, 357},  {10000, 370}, {20000, 377}, {50000, 381}, {75000, 382},
    {100000, 384},
};

TEST(krejcie_morgan, gives_the_published_table_at_its_rows) {
  for (const auto& r : published) EXPECT_EQ(krejcie_morgan(r.population), r.sample) << "N = " << r.population;
}

TEST(krejcie_morgan, never_asks_more_than_the_population_and_nothing_of_none) {
  EXPECT_EQ(krejcie_morgan(0), 0);
  EXPECT_EQ(krejcie_morgan(-5), 0);
  EXPECT_EQ(krejcie_morgan(1), 1);
  for (std::int64_t n = 1; n <= 2000; ++n) {
    ASSERT_LE(krejcie_morgan(n), n);
    ASSERT_GE(krejcie_morgan(n), krejcie_morgan(n - 1)) << "grows with the population";
  }
  EXPECT_EQ(krejcie_morgan(5'000'000), 384) << "past the table's end, its last row";
}

profile_data profile(std::optional<std::string> gender, std::optional<std::string> age,
                     std::optional<std::string> service = std::nullopt) {
  profile_data p;
  p.rating = "00000000-0000-4000-8000-000000000001";
  p.counter = "loket-1";
  p.gender = std::move(gender);
  p.age = std::move(age);
  p.service = std::move(service);
  return p;
}

TEST(respondents, count_each_field_once_per_profile_with_skips_as_not_answered) {
  respondent_totals t;
  t.add(profile("l", "20-29", "ktp-el"));
  t.add(profile("p", std::nullopt));
  t.add(profile("p", "20-29", "kk"));
  EXPECT_EQ(t.profiles(), 3);
  EXPECT_EQ(t.counts[static_cast<std::size_t>(profile_field::gender)].at("p"), 2);
  EXPECT_EQ(t.counts[static_cast<std::size_t>(profile_field::age)].at(""), 1);
  EXPECT_EQ(t.counts[static_cast<std::size_t>(profile_field::education)].at(""), 3);
}

TEST(respondents, merging_days_is_the_same_as_counting_them_together) {
  respondent_totals a, b, all;
  a.add(profile("l", "<20"));
  b.add(profile("p", ">=60", "kk"));
  b.add(profile("l", "<20"));
  for (const auto& p : {profile("l", "<20"), profile("p", ">=60", "kk"), profile("l", "<20")}) all.add(p);
  respondent_totals merged = a;
  merged.merge(b);
  EXPECT_EQ(merged, all);
  respondent_totals other_order = b;
  other_order.merge(a);
  EXPECT_EQ(other_order, all);
}

TEST(respondents, a_table_lists_every_choice_in_order_then_not_answered_with_shares) {
  respondent_totals t;
  t.add(profile("l", "30-39"));
  t.add(profile("l", "30-39"));
  t.add(profile(std::nullopt, ">=60"));
  t.add(profile("p", "30-39"));
  const auto gender = respondent_table(t, profile_field::gender);
  ASSERT_EQ(gender.size(), 3U);
  EXPECT_EQ(gender[0].code, "l");
  EXPECT_EQ(gender[0].count, 2);
  EXPECT_DOUBLE_EQ(gender[0].share, 0.5);
  EXPECT_EQ(gender[1].code, "p");
  EXPECT_EQ(gender[2].code, "");
  EXPECT_EQ(gender[2].count, 1);
  const auto age = respondent_table(t, profile_field::age);
  ASSERT_EQ(age.size(), age_choices.size() + 1);
  EXPECT_EQ(age[0].count, 0) << "a choice nobody picked still has its line";
  EXPECT_EQ(age[2].code, "30-39");
  EXPECT_EQ(age[2].count, 3);
  EXPECT_DOUBLE_EQ(age[2].share, 0.75);
}

TEST(respondents, the_service_table_follows_the_units_list_and_keeps_retired_codes) {
  respondent_totals t;
  t.add(profile("l", "<20", "kk"));
  t.add(profile("l", "<20", "lama"));
  const auto table = respondent_table(t, profile_field::service, {"ktp-el", "kk"});
  ASSERT_EQ(table.size(), 4U);
  EXPECT_EQ(table[0].code, "ktp-el");
  EXPECT_EQ(table[0].count, 0);
  EXPECT_EQ(table[1].code, "kk");
  EXPECT_EQ(table[2].code, "lama");
  EXPECT_EQ(table[2].count, 1);
  EXPECT_EQ(table[3].code, "");
}

TEST(respondents, no_profiles_gives_zero_shares_not_a_division_by_zero) {
  const auto table = respondent_table(respondent_totals{}, profile_field::education);
  for (const auto& line : table) {
    EXPECT_EQ(line.count, 0);
    EXPECT_EQ(line.share, 0.0);
  }
}

}  // namespace
}  // namespace pantau::hub::indicators
