#include "pantau/hub/indicators/appraisal.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pantau::hub::indicators {
namespace {

using E = expectation;
using P = predikat;

TEST(Period, ParsesMonthSemesterYear) {
  struct row {
    const char* text;
    period_kind kind;
    int index;
    civil_date first;
    civil_date last;
  };
  const std::vector<row> rows{
      {"2026-11", period_kind::month, 11, {2026, 11, 1}, {2026, 11, 30}},
      {"2026-02", period_kind::month, 2, {2026, 2, 1}, {2026, 2, 28}},
      {"2024-02", period_kind::month, 2, {2024, 2, 1}, {2024, 2, 29}},
      {"2026-12", period_kind::month, 12, {2026, 12, 1}, {2026, 12, 31}},
      {"2026-S1", period_kind::semester, 1, {2026, 1, 1}, {2026, 6, 30}},
      {"2026-S2", period_kind::semester, 2, {2026, 7, 1}, {2026, 12, 31}},
      {"2026", period_kind::year, 0, {2026, 1, 1}, {2026, 12, 31}},
  };
  for (const auto& r : rows) {
    const auto p = parse_period(r.text);
    ASSERT_TRUE(p.ok()) << r.text;
    EXPECT_EQ(p->kind, r.kind) << r.text;
    EXPECT_EQ(p->year, r.text[3] == '4' ? 2024 : 2026) << r.text;
    EXPECT_EQ(p->index, r.index) << r.text;
    EXPECT_EQ(p->first(), r.first) << r.text;
    EXPECT_EQ(p->last(), r.last) << r.text;
    EXPECT_EQ(to_string(*p), r.text);
  }
  EXPECT_EQ(label_id(*parse_period("2026-11")), "November 2026");
  EXPECT_EQ(label_id(*parse_period("2026-S2")), "Semester II 2026");
  EXPECT_EQ(label_id(*parse_period("2026-S1")), "Semester I 2026");
  EXPECT_EQ(label_id(*parse_period("2026")), "Tahun 2026");
}

TEST(Period, RejectsEverythingElse) {
  for (const char* bad : {"2026-13", "2026-00", "2026-S3", "2026-S0", "2026-s2", "26-11", "2026-1", "2026/11",
                          "", "2026-11-01", "0999", "20266", "2026-", "2026-SS", "abcd", "2026-1a"}) {
    const auto p = parse_period(bad);
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.err().code, errc::invalid_period);
  }
}

TEST(Appraisal, ToleranceBand) {
  // Target 90, +-5 %: 85.50 .. 94.50 is "as".
  EXPECT_EQ(assess(85.49, 90, 5, false), E::below);
  EXPECT_EQ(assess(85.50, 90, 5, false), E::as);
  EXPECT_EQ(assess(94.50, 90, 5, false), E::as);
  EXPECT_EQ(assess(94.51, 90, 5, false), E::above);
  // Lower is better, target 300 s: 285 .. 315.
  EXPECT_EQ(assess(315.00, 300, 5, true), E::as);
  EXPECT_EQ(assess(315.01, 300, 5, true), E::below);
  EXPECT_EQ(assess(285.00, 300, 5, true), E::as);
  EXPECT_EQ(assess(284.99, 300, 5, true), E::above);
  // No tolerance: only the target itself is "as".
  EXPECT_EQ(assess(90.0, 90, 0, false), E::as);
  EXPECT_EQ(assess(90.01, 90, 0, false), E::above);
}

TEST(Appraisal, CombineRule) {
  struct row {
    std::vector<E> in;
    std::optional<E> out;
  };
  const std::vector<row> rows{
      {{}, std::nullopt},
      {{E::above}, E::above},
      {{E::above, E::as}, E::above},
      {{E::above, E::as, E::as}, E::as},
      {{E::above, E::below}, E::below},
      {{E::above, E::above, E::below}, E::as},
      {{E::as, E::below, E::as}, E::as},
      {{E::below, E::below, E::as}, E::below},
      {{E::as}, E::as},
      {{E::below}, E::below},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(combine(rows[i].in), rows[i].out) << i;
}

TEST(Appraisal, PermenPanRb6Of2022Matrix) {
  const auto m = permenpanrb_6_2022_matrix();
  const auto cell = [&](E results, E behaviour) {
    return m[static_cast<std::size_t>(results)][static_cast<std::size_t>(behaviour)];
  };
  EXPECT_EQ(cell(E::above, E::above), P::sangat_baik);
  EXPECT_EQ(cell(E::above, E::as), P::baik);
  EXPECT_EQ(cell(E::as, E::above), P::baik);
  EXPECT_EQ(cell(E::as, E::as), P::baik);
  EXPECT_EQ(cell(E::below, E::above), P::butuh_perbaikan);
  EXPECT_EQ(cell(E::below, E::as), P::butuh_perbaikan);
  EXPECT_EQ(cell(E::above, E::below), P::kurang);
  EXPECT_EQ(cell(E::as, E::below), P::kurang);
  EXPECT_EQ(cell(E::below, E::below), P::sangat_kurang);
  EXPECT_EQ(label(P::butuh_perbaikan), "Butuh Perbaikan");
  EXPECT_EQ(label(P::sangat_kurang), "Sangat Kurang");
  EXPECT_EQ(label(E::above), "Di Atas Ekspektasi");
}

// Facts with quick-mode ratings (c1..c4), an optional U7 answer per rating, and attendance days.
employee_facts facts(const std::string& nip, std::array<int, 4> counts, std::optional<int> u7,
                     std::int64_t expected, std::int64_t present, std::int64_t on_time) {
  employee_facts f;
  f.employee = nip;
  for (std::size_t score = 0; score < 4; ++score) {
    for (int i = 0; i < counts[score]; ++i) {
      rating_data r;
      r.overall = static_cast<int>(score) + 1;
      if (u7) {
        std::array<std::optional<int>, element_count> e{};
        e[6] = *u7;
        r.elements = e;
      }
      add_rating(f.satisfaction, r);
    }
  }
  f.attendance.expected = expected;
  f.attendance.present = present;
  f.attendance.on_time = on_time;
  return f;
}

TEST(Appraisal, RecommendationsFromTheMatrix) {
  const auto policy = default_appraisal_policy();
  const auto period = *parse_period("2026-S2");

  // Quick index 87.50 (> 80.44: above); U7 100, present 100 %, on time 100 %: behaviour above.
  const auto a = appraise(facts("A", {0, 0, 1, 1}, 4, 120, 120, 120), period, policy);
  ASSERT_TRUE(a.ok()) << a.err().message;
  EXPECT_EQ(a->results_rating, E::above);
  EXPECT_EQ(a->behaviour_rating, E::above);
  EXPECT_EQ(a->recommended, P::sangat_baik);
  EXPECT_FALSE(a->results[0].rating);  // IKM: only U7 answered, so no IKM
  EXPECT_EQ(a->results[1].calculation,
            "Indeks kepuasan cepat: 87,50 terhadap target 76,61 (toleransi ±5,00 %: 72,78–80,44) → Di Atas Ekspektasi");
  EXPECT_NE(a->calculation.find("Semester II 2026 (2026-S2), pegawai A"), std::string::npos);
  EXPECT_NE(a->calculation.find("hasil kerja Di Atas × perilaku kerja Di Atas → Sangat Baik"), std::string::npos);
  EXPECT_NE(a->calculation.find("Rekomendasi untuk atasan, bukan sanksi otomatis."), std::string::npos);
  EXPECT_NE(a->calculation.find("Perilaku Pelaksana (U7): 100,00"), std::string::npos);

  // Quick index 75 (as); present 90 % (< 90.25 below), on time 100 % (above), no U7: behaviour below.
  const auto b = appraise(facts("B", {0, 0, 4, 0}, std::nullopt, 100, 90, 90), period, policy);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->results_rating, E::as);
  EXPECT_EQ(b->behaviour_rating, E::below);
  EXPECT_EQ(b->recommended, P::kurang);
  EXPECT_NE(b->calculation.find("Perilaku Pelaksana (U7): tidak ada data, tidak dinilai"), std::string::npos);

  // Quick index 37.5 (below); U7 50, present 80 %: both below.
  const auto c = appraise(facts("C", {2, 2, 0, 0}, 2, 100, 80, 80), period, policy);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->recommended, P::sangat_kurang);

  // Quick index 75 (as); U7 75 (as), present 95 % (as), on time 86/95 = 90.53 % (as).
  const auto d = appraise(facts("D", {0, 0, 4, 0}, 3, 100, 95, 86), period, policy);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->behaviour_rating, E::as);
  EXPECT_EQ(d->recommended, P::baik);

  // Quick index 37.5 (below); U7 as, present as, on time 94.74 % above: behaviour as -> Butuh Perbaikan.
  const auto e = appraise(facts("E", {2, 2, 0, 0}, 3, 100, 95, 90), period, policy);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->recommended, P::butuh_perbaikan);

  const std::vector<appraisal> all{*a, *b, *c, *d, *e};
  const auto lists = classify(all);
  EXPECT_EQ(lists.berprestasi, std::vector<std::string>{"A"});
  EXPECT_EQ(lists.perlu_pembinaan, (std::vector<std::string>{"B", "C", "E"}));
}

TEST(Appraisal, NoDataIsNotARecommendation) {
  const auto r = appraise(facts("F", {0, 0, 0, 0}, std::nullopt, 20, 20, 20), *parse_period("2026-11"),
                          default_appraisal_policy());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::insufficient_data);
}

TEST(Appraisal, ServiceTargetsAndLowerIsBetter) {
  appraisal_policy p = default_appraisal_policy();
  p.results = {{metric::served_per_hour, 6.0, std::nullopt}, {metric::mean_service_s, 300.0, 10.0}};
  employee_facts f = facts("G", {0, 0, 0, 0}, std::nullopt, 20, 20, 20);
  for (int i = 0; i < 14; ++i) f.service.add(served_item{"loket-1", "A", "G", 0, 250'000});  // 250 s each
  f.service.open_ms = 2 * 3'600'000;  // 7 per hour
  const auto r = appraise(f, *parse_period("2026"), p);
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->results[0].rating, E::above);  // 7 > 6.30
  EXPECT_EQ(r->results[1].rating, E::above);  // 250 s, band 270..330: faster than the band
  EXPECT_EQ(r->results_rating, E::above);
  EXPECT_NE(r->results[1].calculation.find("250,00 detik terhadap target 300,00 detik (toleransi ±10,00 %: "
                                           "270,00–330,00 detik, makin rendah makin baik)"),
            std::string::npos)
      << r->results[1].calculation;
}

TEST(Appraisal, PolicyValidation) {
  EXPECT_TRUE(validate(default_appraisal_policy()).ok());
  appraisal_policy p = default_appraisal_policy();
  p.results.clear();
  EXPECT_FALSE(validate(p).ok());
  p = default_appraisal_policy();
  p.tolerance_pct = 150;
  EXPECT_EQ(validate(p).err().code, errc::invalid_policy);
  p = default_appraisal_policy();
  p.behaviour[0].target = -1;
  EXPECT_FALSE(validate(p).ok());
  EXPECT_EQ(to_string(metric::served_per_hour), "served_per_hour");
  EXPECT_TRUE(lower_is_better(metric::mean_service_s));
  EXPECT_FALSE(lower_is_better(metric::ikm));
}

TEST(Appraisal, MetricValuesFromFacts) {
  employee_facts f = facts("H", {1, 0, 1, 2}, 3, 10, 8, 6);
  f.attendance.deduction_pct = 6.5;
  EXPECT_DOUBLE_EQ(*metric_value(metric::present_rate_pct, f), 80.0);
  EXPECT_DOUBLE_EQ(*metric_value(metric::on_time_rate_pct, f), 75.0);
  EXPECT_DOUBLE_EQ(*metric_value(metric::deduction_pct, f), 6.5);
  EXPECT_DOUBLE_EQ(*metric_value(metric::quick_index, f), 75.0);  // (1 + 3 + 4 + 4) / 4 * 25
  EXPECT_DOUBLE_EQ(*metric_value(metric::csat_pct, f), 75.0);
  EXPECT_DOUBLE_EQ(*metric_value(metric::u7_index, f), 75.0);
  EXPECT_FALSE(metric_value(metric::ikm, f));
  EXPECT_FALSE(metric_value(metric::served, f));
  EXPECT_FALSE(metric_value(metric::mean_service_s, f));
}

}  // namespace
}  // namespace pantau::hub::indicators
