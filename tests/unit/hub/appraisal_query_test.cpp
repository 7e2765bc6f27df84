// The appraisal query and the export tables on a real store (temp file) with the demo organisation:
// a month of events whose appraisal is worked out by hand below.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/appraisal_query.hpp"
#include "pantau/hub/core/export_tables.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;
using test::admin;
using test::attendance;
using test::supervisor;
// Demo unit pendaftaran (loket-1): Agus, Rizky, Budi in roster order; the store lists them by NIP.
const std::string nip_a = "198909122019121001";
const std::string nip_b = "197302132002091005";
const std::string nip_c = "199708132024011002";

class appraisal_query_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    auto org = test::watched_demo_organisation();
    org.units[0].target_ikm = 80.0;  // pendaftaran sets its own IKM target
    open_store(org);
  }

  // Agus: in 07:25 and out 16:45 on every weekday of November 2026 (21 days), four ratings of 4 naming
  // him. Rizky: never checks in, four ratings of 1 naming him. Budi: nothing at all.
  void store_november() {
    std::vector<pantau::event> events;
    for (int day = 1; day <= 30; ++day) {
      const ind::civil_date d{2026, 11, day};
      const auto wd = ind::weekday_of(d);
      if (wd == ind::weekday::saturday || wd == ind::weekday::sunday) continue;
      ++weekdays_;
      events.push_back(at(d, ind::hm(7, 25), attendance(nip_a, attendance_data::action_t::in)));
      events.push_back(at(d, ind::hm(16, 45), attendance(nip_a, attendance_data::action_t::out)));
    }
    for (int i = 0; i < 4; ++i) {
      events.push_back(at({2026, 11, 10}, ind::hm(9, i), skm_rating(nip_a, 4)));
      events.push_back(at({2026, 11, 11}, ind::hm(9, i), skm_rating(nip_b, 1)));
    }
    store_events(std::move(events));
  }

  // Overall and all nine elements the same score.
  static rating_data skm_rating(const std::string& nip, int score) {
    auto r = test::rating("loket-1", nip, score);
    r.elements = std::array<std::optional<int>, 9>{};
    r.elements->fill(score);
    return r;
  }

  // 1 December 2026 12:00 WIB: all of November is over.
  static std::int64_t now() { return ind::to_utc_ms({2026, 12, 1}, ind::hm(12, 0), ind::zone::wib); }

  int weekdays_ = 0;
};

const ind::indicator_assessment& find_item(const std::vector<ind::indicator_assessment>& items, ind::metric m) {
  const auto it = std::find_if(items.begin(), items.end(), [m](const auto& i) { return i.what == m; });
  if (it == items.end()) throw std::runtime_error("indicator missing");
  return *it;
}

double find_target(const std::vector<ind::indicator_target>& targets, ind::metric m) {
  for (const auto& t : targets)
    if (t.what == m) return t.target;
  return -1.0;
}

TEST(appraisal_request_test, period_is_required_and_checked) {
  EXPECT_EQ(parse_appraisal_request(std::nullopt, std::nullopt).err().code, errc::bad_request);
  EXPECT_EQ(parse_appraisal_request("2026-S3", std::nullopt).err().code, errc::bad_request);
  EXPECT_EQ(parse_appraisal_request("2026-13", std::nullopt).err().code, errc::bad_request);
  EXPECT_EQ(parse_appraisal_request("2026-S2", "").err().code, errc::bad_request);
  auto r = parse_appraisal_request("2026-S2", "pendaftaran");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->of, (ind::period{ind::period_kind::semester, 2026, 2}));
  EXPECT_EQ(r->unit, "pendaftaran");
}

TEST(appraisal_request_test, units_follow_who_asks) {
  const auto org = test::watched_demo_organisation();
  auto all = select_units(org, admin, std::nullopt);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  auto own = select_units(org, supervisor, std::nullopt);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 1u);
  EXPECT_EQ(own->front().unit, "pendaftaran");
  EXPECT_EQ(select_units(org, supervisor, std::string("pengaduan")).err().code, errc::forbidden);
  EXPECT_EQ(select_units(org, admin, std::string("nope")).err().code, errc::not_found);
  EXPECT_EQ(select_units(org, supervisor, std::string("pendaftaran"))->size(), 1u);
}

TEST(appraisal_request_test, the_policy_takes_the_units_targets) {
  unit_info u;
  u.target_ikm = 82.5;
  u.target_present_pct = 97.0;
  const auto p = appraisal_policy_of(u);
  EXPECT_EQ(find_target(p.results, ind::metric::ikm), 82.5);
  EXPECT_EQ(find_target(p.results, ind::metric::quick_index), 82.5);
  EXPECT_EQ(find_target(p.behaviour, ind::metric::present_rate_pct), 97.0);
  EXPECT_EQ(find_target(p.behaviour, ind::metric::on_time_rate_pct), 90.0);  // default
  EXPECT_EQ(find_target(p.behaviour, ind::metric::u7_index), 76.61);         // default
}

TEST_F(appraisal_query_test, facts_come_from_the_day_rows) {
  store_november();
  ASSERT_EQ(weekdays_, 21);
  auto org = catalog_->load_org();
  ASSERT_TRUE(org.ok());
  std::vector<employee_info> staff{*org->find_employee(nip_a), *org->find_employee(nip_b), *org->find_employee(nip_c)};
  auto facts = collect_employee_facts(*org, staff, ind::days_from_civil({2026, 11, 1}),
                                      ind::days_from_civil({2026, 11, 30}), *catalog_, now());
  ASSERT_TRUE(facts.ok()) << facts.err().message;
  ASSERT_EQ(facts->size(), 3u);
  EXPECT_EQ((*facts)[0].employee, nip_a);
  EXPECT_EQ((*facts)[0].attendance.expected, 21);
  EXPECT_EQ((*facts)[0].attendance.present, 21);
  EXPECT_EQ((*facts)[0].attendance.on_time, 21);
  EXPECT_EQ((*facts)[0].satisfaction.responses, 4);
  EXPECT_EQ((*facts)[0].satisfaction.counts[3], 4);
  EXPECT_EQ((*facts)[1].attendance.expected, 21);
  EXPECT_EQ((*facts)[1].attendance.absent, 21);
  EXPECT_EQ((*facts)[1].satisfaction.counts[0], 4);
  EXPECT_EQ((*facts)[2].attendance.absent, 21);
  EXPECT_EQ((*facts)[2].satisfaction.responses, 0);
}

TEST_F(appraisal_query_test, november_appraisal_matches_the_hand_worked_table) {
  store_november();
  auto org = catalog_->load_org();
  ASSERT_TRUE(org.ok());
  auto units = select_units(*org, supervisor, std::nullopt);
  ASSERT_TRUE(units.ok());
  auto report = compute_appraisal(*org, *units, ind::parse_period("2026-11").value(), *catalog_, now());
  ASSERT_TRUE(report.ok()) << report.err().message;
  ASSERT_EQ(report->employees.size(), 3u);

  // Agus: IKM 100 and quick index 100 against 80 (band 76.00-84.00) -> above; U7 100 vs 76.61, present
  // 100 % vs 95 (90.25-99.75), on time 100 % vs 90 (85.50-94.50) -> above: Sangat Baik.
  // Employees in the store's order (by NIP): Rizky, Agus, Budi.
  const auto& a = report->employees[1];
  EXPECT_EQ(a.employee.nip, nip_a);
  ASSERT_TRUE(a.outcome.has_value()) << a.error.value_or("");
  EXPECT_EQ(a.outcome->recommended, ind::predikat::sangat_baik);
  const auto& ikm = find_item(a.outcome->results, ind::metric::ikm);
  EXPECT_EQ(ikm.target, 80.0);
  EXPECT_DOUBLE_EQ(ikm.lower, 76.0);
  EXPECT_DOUBLE_EQ(ikm.upper, 84.0);
  EXPECT_DOUBLE_EQ(ikm.value.value_or(-1), 100.0);
  EXPECT_EQ(ikm.rating, ind::expectation::above);
  EXPECT_DOUBLE_EQ(find_item(a.outcome->behaviour, ind::metric::present_rate_pct).value.value_or(-1), 100.0);
  EXPECT_NE(a.outcome->calculation.find("Sangat Baik"), std::string::npos);

  // Rizky: IKM 25, quick 25 -> results below; U7 25 and presence 0 % below, punctuality without data
  // -> behaviour below: Sangat Kurang.
  const auto& b = report->employees[0];
  EXPECT_EQ(b.employee.nip, nip_b);
  ASSERT_TRUE(b.outcome.has_value()) << b.error.value_or("");
  EXPECT_EQ(b.outcome->results_rating, ind::expectation::below);
  EXPECT_EQ(b.outcome->behaviour_rating, ind::expectation::below);
  EXPECT_EQ(b.outcome->recommended, ind::predikat::sangat_kurang);
  EXPECT_FALSE(find_item(b.outcome->behaviour, ind::metric::on_time_rate_pct).value.has_value());

  // Budi: no rating at all, so no results indicator has data: no recommendation, and it says why.
  const auto& c = report->employees[2];
  EXPECT_EQ(c.employee.nip, nip_c);
  EXPECT_FALSE(c.outcome.has_value());
  ASSERT_TRUE(c.error.has_value());
  EXPECT_NE(c.error->find("insufficient data"), std::string::npos) << *c.error;

  EXPECT_EQ(report->lists.berprestasi, std::vector<std::string>{nip_a});
  EXPECT_EQ(report->lists.perlu_pembinaan, std::vector<std::string>{nip_b});
}

TEST_F(appraisal_query_test, a_month_not_yet_begun_has_no_recommendation_for_anyone) {
  store_november();
  auto org = catalog_->load_org();
  auto units = select_units(*org, admin, std::nullopt);
  auto report = compute_appraisal(*org, *units, ind::parse_period("2027-01").value(), *catalog_, now());
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->employees.size(), 9u);
  for (const auto& e : report->employees) EXPECT_FALSE(e.outcome.has_value()) << e.employee.nip;
  EXPECT_TRUE(report->lists.berprestasi.empty());
  EXPECT_TRUE(report->lists.perlu_pembinaan.empty());
}

TEST_F(appraisal_query_test, attendance_export_has_one_row_per_employee_day) {
  store_november();
  auto org = catalog_->load_org();
  auto units = select_units(*org, supervisor, std::nullopt);
  auto t = attendance_table(*org, *units, {2026, 11, 2}, {2026, 11, 3}, *catalog_, now());
  ASSERT_TRUE(t.ok()) << t.err().message;
  ASSERT_EQ(t->rows.size(), 6u);  // 3 employees x 2 days
  for (const auto& row : t->rows) ASSERT_EQ(row.size(), t->columns.size());
  EXPECT_EQ(t->columns[0], "Tanggal");
  const auto text = [](const export_cell& c) {
    const auto* s = std::get_if<std::string>(&c);
    return s != nullptr ? *s : std::string("<not text>");
  };
  // By date, then the store's employee order (by NIP): Rizky, Agus, Budi.
  EXPECT_EQ(text(t->rows[0][0]), "2026-11-02");
  EXPECT_EQ(text(t->rows[0][1]), nip_b);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t->rows[0][4]));
  EXPECT_EQ(text(t->rows[0][10]), "Ya");
  EXPECT_DOUBLE_EQ(std::get<double>(t->rows[0][11]), 4.0);
  EXPECT_EQ(text(t->rows[1][1]), nip_a);
  EXPECT_EQ(text(t->rows[1][4]), "07:25:00");  // local WIB time
  EXPECT_EQ(text(t->rows[1][5]), "16:45:00");
  EXPECT_EQ(text(t->rows[1][10]), "Tidak");
  EXPECT_DOUBLE_EQ(std::get<double>(t->rows[1][11]), 0.0);
  EXPECT_EQ(text(t->rows[2][1]), nip_c);
  EXPECT_EQ(text(t->rows[3][0]), "2026-11-03");
}

TEST_F(appraisal_query_test, ratings_export_has_one_row_per_counter_day) {
  store_november();
  auto org = catalog_->load_org();
  auto units = select_units(*org, admin, std::nullopt);
  auto t = ratings_table(*org, *units, {2026, 11, 1}, {2026, 11, 30}, *catalog_);
  ASSERT_TRUE(t.ok()) << t.err().message;
  ASSERT_EQ(t->rows.size(), 2u);  // loket-1 on the 10th and the 11th
  EXPECT_EQ(std::get<std::string>(t->rows[0][0]), "2026-11-10");
  EXPECT_EQ(std::get<std::string>(t->rows[0][2]), "loket-1");
  EXPECT_EQ(std::get<std::string>(t->rows[0][3]), "pendaftaran");
  EXPECT_EQ(std::get<std::int64_t>(t->rows[0][4]), 4);
  EXPECT_EQ(std::get<std::int64_t>(t->rows[0][8]), 4);     // four 4s
  EXPECT_DOUBLE_EQ(std::get<double>(t->rows[0][12]), 100.0);  // IKM
  EXPECT_EQ(std::get<std::string>(t->rows[0][13]), "A");
  EXPECT_EQ(std::get<std::string>(t->rows[1][13]), "D");
}

TEST_F(appraisal_query_test, appraisal_export_has_one_row_per_employee) {
  store_november();
  auto org = catalog_->load_org();
  auto units = select_units(*org, supervisor, std::nullopt);
  auto report = compute_appraisal(*org, *units, ind::parse_period("2026-11").value(), *catalog_, now());
  ASSERT_TRUE(report.ok());
  const auto t = appraisal_table(*report);
  ASSERT_EQ(t.rows.size(), 3u);
  for (const auto& row : t.rows) ASSERT_EQ(row.size(), t.columns.size());
  // Rows in the report's order: Rizky, Agus, Budi.
  EXPECT_EQ(std::get<std::string>(t.rows[1][0]), nip_a);
  EXPECT_EQ(std::get<std::string>(t.rows[1][4]), "Sangat Baik");
  EXPECT_EQ(std::get<std::string>(t.rows[1][t.columns.size() - 3]), "Ya");  // berprestasi
  EXPECT_EQ(std::get<std::string>(t.rows[0][t.columns.size() - 2]), "Ya");  // perlu pembinaan
  EXPECT_EQ(std::get<std::string>(t.rows[0][4]), "Sangat Kurang");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[2][4]));
  EXPECT_NE(std::get<std::string>(t.rows[2].back()).find("insufficient data"), std::string::npos);
}

TEST(export_request_test, files_and_parameters_are_checked) {
  EXPECT_EQ(parse_export_request("people.csv", {}, "2026-11-01", "2026-11-30", {}).err().code, errc::not_found);
  EXPECT_EQ(parse_export_request("attendance.pdf", {}, "2026-11-01", "2026-11-30", {}).err().code, errc::not_found);
  EXPECT_EQ(parse_export_request("attendance.csv", {}, std::nullopt, "2026-11-30", {}).err().code, errc::bad_request);
  EXPECT_EQ(parse_export_request("ratings.csv", {}, "2026-11-30", "2026-11-01", {}).err().code, errc::bad_request);
  EXPECT_EQ(parse_export_request("appraisal.xlsx", {}, {}, {}, "2026-S9").err().code, errc::bad_request);
  auto r = parse_export_request("attendance.xlsx", "pendaftaran", "2026-11-01", "2026-11-30", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->kind, export_kind::attendance);
  EXPECT_EQ(r->format, export_format::xlsx);
  EXPECT_EQ(export_file_name(*r), "pantau-kehadiran-pendaftaran-2026-11-01_2026-11-30.xlsx");
  auto a = parse_export_request("appraisal.csv", {}, {}, {}, "2026-S2");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(export_file_name(*a), "pantau-penilaian-kinerja-semua-2026-S2.csv");
}

}  // namespace
}  // namespace pantau::hub
