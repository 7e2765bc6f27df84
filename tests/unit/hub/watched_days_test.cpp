// Only watched days are judged: a unit from its tracking start, an employee inside their active dates and
// in the unit they worked in that day. Worked by hand on the demo organisation and a real store file.
// November 2026 has 21 weekdays: 2–6, 9–13, 16–20, 23–27 and 30.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/appraisal_query.hpp"
#include "pantau/hub/core/export_tables.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/unit_day_cache.hpp"
#include "pantau/hub/http/alert_service.hpp"
#include "pantau/hub/http/appraisal_api.hpp"
#include "pantau/hub/service/organisation_service.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;
using test::attendance;
// Demo unit pendaftaran: Agus, Rizky, Budi.
const std::string agus = "198909122019121001";
const std::string rizky = "197302132002091005";
const std::string budi = "199708132024011002";

// 1 December 2026 12:00 WIB: all of November is over.
std::int64_t december_first() { return ind::to_utc_ms({2026, 12, 1}, ind::hm(12, 0), ind::zone::wib); }

unit_info& unit_named(organisation& org, std::string_view id) {
  return *std::find_if(org.units.begin(), org.units.end(), [&](const unit_info& u) { return u.unit == id; });
}
employee_info& employee_named(organisation& org, std::string_view nip) {
  return *std::find_if(org.employees.begin(), org.employees.end(), [&](const employee_info& e) { return e.nip == nip; });
}

class watched_days_test : public test::demo_store_test {
 protected:
  // Agus checks in 07:25 and out 16:45 on each weekday from `first` to 30 November.
  void agus_works_from(int first) {
    std::vector<pantau::event> events;
    for (int day = first; day <= 30; ++day) {
      const ind::civil_date d{2026, 11, day};
      const auto wd = ind::weekday_of(d);
      if (wd == ind::weekday::saturday || wd == ind::weekday::sunday) continue;
      events.push_back(at(d, ind::hm(7, 25), attendance(agus, attendance_data::action_t::in)));
      events.push_back(at(d, ind::hm(16, 45), attendance(agus, attendance_data::action_t::out)));
    }
    for (int i = 0; i < 4; ++i) {  // enough for a results side: four ratings of 4 naming him
      auto r = test::rating("loket-1", agus, 4);
      r.elements = std::array<std::optional<int>, 9>{};
      r.elements->fill(4);
      events.push_back(at({2026, 11, 24}, ind::hm(9, i), std::move(r)));
    }
    store_events(std::move(events));
  }

  // Pendaftaran watched from 23 November (23–27 and 30: 6 days). Agus comes every day; Budi on 23, 27
  // and 30 (absent 24–26: 3 days); Rizky never (6 days in a row).
  organisation pendaftaran_watched_from_23_november() {
    auto org = test::watched_demo_organisation();
    unit_named(org, "pendaftaran").tracking_since = ind::civil_date{2026, 11, 23};
    EXPECT_TRUE(catalog_->put_org(org).ok());
    agus_works_from(23);
    std::vector<pantau::event> budi_days;
    for (int day : {23, 27, 30})
      budi_days.push_back(at({2026, 11, day}, ind::hm(7, 20), attendance(budi, attendance_data::action_t::in)));
    store_events(std::move(budi_days));
    return org;
  }

  ind::attendance_totals kpi(const organisation& org, kpi_scope scope, const std::string& id, unit_day_cache* cache = nullptr) {
    kpi_request req;
    req.scope = scope;
    req.id = id;
    req.from = {2026, 11, 1};
    req.to = {2026, 11, 30};
    auto resolved = resolve_scope(org, req);
    EXPECT_TRUE(resolved.ok());
    kpi_options options;
    options.cache = cache;
    auto t = compute_kpi_totals(org, *resolved, req, *catalog_, december_first(), options);
    EXPECT_TRUE(t.ok()) << t.err().message;
    return t->attendance;
  }
};

TEST_F(watched_days_test, a_unit_that_goes_live_on_23_november_is_not_judged_before) {
  auto org = test::watched_demo_organisation();
  unit_named(org, "pendaftaran").tracking_since = ind::civil_date{2026, 11, 23};
  ASSERT_TRUE(catalog_->put_org(org).ok());
  agus_works_from(23);

  // Watched weekdays: 23–27 and 30 = 6, for 3 people = 18; Agus came on all 6 of his.
  const auto t = kpi(org, kpi_scope::unit, "pendaftaran");
  EXPECT_EQ(t.expected, 18);
  EXPECT_EQ(t.present, 6);
  EXPECT_EQ(t.absent, 12);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 12 * 4.0);
  unit_day_cache cache;
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pendaftaran", &cache), t) << "the cached path counts the same days";
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pendaftaran", &cache), t) << "and so does a warm cache";

  // The semester up to today (1 December, in progress): seven watched days are too few to rate
  // attendance; nobody is below expectation for it.
  const std::vector<unit_info> units{unit_named(org, "pendaftaran")};
  auto report = compute_appraisal(org, units, ind::parse_period("2026-S2").value(), *catalog_, december_first());
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->employees.size(), 3u);
  for (const auto& item : report->employees) {
    if (item.employee.nip != agus) {
      EXPECT_FALSE(item.outcome) << item.employee.nip << " has no rated data and gets no predikat";
      ASSERT_TRUE(item.error);
      EXPECT_NE(item.error->find("data belum cukup"), std::string::npos);
      continue;
    }
    ASSERT_TRUE(item.outcome) << item.error.value_or("");
    for (const auto& b : item.outcome->behaviour) {
      if (!ind::is_attendance(b.what)) continue;
      EXPECT_TRUE(b.insufficient) << ind::to_string(b.what);
      EXPECT_FALSE(b.rating) << ind::to_string(b.what);
      EXPECT_NE(b.calculation.find("7 hari kerja teramati"), std::string::npos) << b.calculation;
    }
    EXPECT_EQ(item.outcome->recommended, ind::predikat::sangat_baik) << item.outcome->calculation;
  }
  EXPECT_TRUE(report->lists.perlu_pembinaan.empty());

  // The export lists no day before the go-live.
  auto table = attendance_table(org, units, {2026, 11, 1}, {2026, 11, 30}, *catalog_, december_first());
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows.size(), 18u);
  for (const auto& row : table->rows) EXPECT_GE(std::get<std::string>(row[0]), "2026-11-23");
}

TEST_F(watched_days_test, ten_watched_days_are_enough_to_rate_attendance) {
  auto org = test::watched_demo_organisation();
  // 17–20, 23–27, 30 November and 1 December (today, in progress) = 11 watched days.
  unit_named(org, "pendaftaran").tracking_since = ind::civil_date{2026, 11, 17};
  ASSERT_TRUE(catalog_->put_org(org).ok());
  agus_works_from(17);
  const std::vector<unit_info> units{unit_named(org, "pendaftaran")};
  auto report = compute_appraisal(org, units, ind::parse_period("2026-S2").value(), *catalog_, december_first());
  ASSERT_TRUE(report.ok());
  for (const auto& item : report->employees) {
    if (item.employee.nip != agus) continue;
    ASSERT_TRUE(item.outcome) << item.error.value_or("");
    for (const auto& b : item.outcome->behaviour)
      if (b.what == ind::metric::present_rate_pct) {
        EXPECT_FALSE(b.insufficient);
        ASSERT_TRUE(b.value);
        EXPECT_DOUBLE_EQ(*b.value, 1000.0 / 11.0);  // today's check-in has not come yet
        EXPECT_EQ(b.rating, ind::expectation::as) << b.calculation;  // 90.91 % within 95 % ± 5 %
      }
  }
}

TEST_F(watched_days_test, a_transfer_on_16_november_splits_the_month_between_the_two_units) {
  auto org = test::watched_demo_organisation();
  employee_named(org, rizky).unit = "pengaduan";
  org.transfers.push_back({rizky, {2026, 11, 16}, "pendaftaran"});
  ASSERT_TRUE(catalog_->put_org(org).ok());
  // Nobody checks in: every watched expected day is an absence, which makes the days easy to count.
  // Rizky: 2–13 November (10 weekdays) in pendaftaran, 16–30 (11) in pengaduan.
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pendaftaran").expected, 21 + 21 + 10);
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pengaduan").expected, 3 * 21 + 11);
  EXPECT_EQ(kpi(org, kpi_scope::employee, rizky).expected, 21);
  EXPECT_EQ(kpi(org, kpi_scope::office, test::demo_office).expected, 9 * 21) << "each day once";
  unit_day_cache cache;
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pendaftaran", &cache).expected, 52);
  EXPECT_EQ(kpi(org, kpi_scope::office, test::demo_office, &cache).expected, 189);

  // The export of pendaftaran has his first ten days, under that unit.
  const std::vector<unit_info> units{unit_named(org, "pendaftaran")};
  auto table = attendance_table(org, units, {2026, 11, 1}, {2026, 11, 30}, *catalog_, december_first());
  ASSERT_TRUE(table.ok());
  const auto his = std::count_if(table->rows.begin(), table->rows.end(),
                                 [](const auto& row) { return std::get<std::string>(row[1]) == rizky; });
  EXPECT_EQ(his, 10);
  for (const auto& row : table->rows) EXPECT_EQ(std::get<std::string>(row[3]), "pendaftaran");
}

TEST_F(watched_days_test, active_dates_bound_an_employees_days) {
  auto org = test::watched_demo_organisation();
  employee_named(org, budi).active_from = ind::civil_date{2026, 11, 16};  // joined: 11 weekdays left
  employee_named(org, agus).active_to = ind::civil_date{2026, 11, 20};    // retired: 15 weekdays
  ASSERT_TRUE(catalog_->put_org(org).ok());
  EXPECT_EQ(kpi(org, kpi_scope::employee, budi).expected, 11);
  EXPECT_EQ(kpi(org, kpi_scope::employee, agus).expected, 15);
  EXPECT_EQ(kpi(org, kpi_scope::unit, "pendaftaran").expected, 11 + 15 + 21);
}

TEST_F(watched_days_test, the_store_keeps_tracking_start_active_dates_and_transfers) {
  auto org = test::watched_demo_organisation();
  unit_named(org, "pengaduan").tracking_since = ind::civil_date{2026, 11, 23};
  unit_named(org, "pengaduan").tracking_auto = true;
  employee_named(org, budi).active_from = ind::civil_date{2026, 11, 16};
  employee_named(org, budi).active_to = ind::civil_date{2027, 3, 31};
  employee_named(org, rizky).unit = "pengaduan";
  org.transfers.push_back({rizky, {2026, 11, 16}, "pendaftaran"});
  ASSERT_TRUE(catalog_->put_org(org).ok());
  auto back = catalog_->load_org();
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, merge_org(test::watched_demo_organisation(), org));
}

TEST_F(watched_days_test, unexcused_absence_reaches_the_pp_94_thresholds_only_on_watched_days) {
  const auto org = pendaftaran_watched_from_23_november();

  std::vector<employee_info> staff;
  for (const auto& e : org.employees)
    if (e.unit == "pendaftaran") staff.push_back(e);
  auto standing = compute_absence_standing(org, staff, 2026, *catalog_, december_first());
  ASSERT_TRUE(standing.ok());
  for (const auto& s : *standing) {
    const ind::absence_record expected = s.employee.nip == agus   ? ind::absence_record{0, 0, ind::absence_measure::none}
                                         : s.employee.nip == budi ? ind::absence_record{3, 3, ind::absence_measure::teguran_lisan}
                                                                  : ind::absence_record{6, 6, ind::absence_measure::teguran_tertulis};
    EXPECT_EQ(s.record, expected) << s.employee.nip;
  }

  // Through HTTP: those who reached a threshold, for the units the asker may see.
  test::api_router api;
  http::add_appraisal_routes(api.routes, http::kpi_api_sources{catalog_.get(), catalog_.get(), [] { return december_first(); }, {}});
  auto r = api.get("/api/v1/discipline?year=2026&unit=pendaftaran", test::supervisor);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_NE(r.body().find(R"("nip":")" + rizky + R"(")"), std::string::npos) << r.body();
  EXPECT_NE(r.body().find(R"("measure":"teguran_tertulis")"), std::string::npos) << r.body();
  EXPECT_NE(r.body().find(R"("measure":"teguran_lisan")"), std::string::npos) << r.body();
  EXPECT_EQ(r.body().find(agus), std::string::npos) << "below every threshold: not listed";
  EXPECT_EQ(api.get("/api/v1/discipline?year=2026&unit=pengaduan", test::supervisor).result_int(), 403);
  EXPECT_EQ(api.get("/api/v1/discipline?year=26", test::admin).result_int(), 400);
  EXPECT_EQ(api.get("/api/v1/discipline?year=2026", std::nullopt).result_int(), 401);
}

// The alert service counts the year from the store and warns of each threshold reached: Budi (3 days)
// and Rizky (6 days) as above; leave recorded afterwards for Rizky's 24–27 November leaves him 2 days,
// below every threshold, and his alert is cleared while Budi's stays.
TEST_F(watched_days_test, the_alert_service_warns_when_unexcused_absence_reaches_a_pp_94_threshold) {
  pendaftaran_watched_from_23_november();

  auto orgs = organisation_service::open(*catalog_).value();
  std::mutex mu;
  std::vector<alert_change> pushed;
  http::alert_service_options options;
  options.tick = std::chrono::milliseconds(20);
  options.absence_after_change = std::chrono::seconds(0);
  http::alert_service service(
      http::alert_service_sources{orgs.get(), catalog_.get(), [] { return december_first(); },
                                  [&](const alert_change& c) {
                                    std::lock_guard lock(mu);
                                    pushed.push_back(c);
                                  }},
      options);
  service.start();
  const auto absence_alerts = [&] {
    std::map<std::string, std::string> out;  // NIP -> message; the other units are watched all year
    for (const auto& a : service.list(alert_filter::active))
      if (a.kind == ind::alert_kind::absence_discipline && a.unit == "pendaftaran") out[a.subject] = a.message;
    return out;
  };
  // Polls for the service thread; the bound only keeps a broken build from hanging.
  const auto eventually = [](const std::function<bool()>& done) {
    for (int i = 0; i < 1000 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return done();
  };
  ASSERT_TRUE(eventually([&] { return absence_alerts().size() == 2; }));
  auto active = absence_alerts();
  EXPECT_NE(active[budi].find("3 hari kerja pada 2026"), std::string::npos) << active[budi];
  EXPECT_NE(active[budi].find("Teguran lisan (ringan)"), std::string::npos) << active[budi];
  EXPECT_NE(active[rizky].find("6 hari kerja pada 2026, terpanjang 6 hari berturut-turut"), std::string::npos)
      << active[rizky];
  EXPECT_NE(active[rizky].find("Teguran tertulis"), std::string::npos) << active[rizky];

  ASSERT_TRUE(orgs->amend([](const organisation& now) {
                    auto next = now;
                    next.leave.push_back({rizky, "00000000000000b1", {2026, 11, 24}, {2026, 11, 27},
                                          ind::leave_kind::cuti_sakit, "sakit", "admin", 0, "", 0, ""});
                    return next;
                  }).ok());
  ASSERT_TRUE(eventually([&] { return absence_alerts().size() == 1; }));
  EXPECT_TRUE(absence_alerts().contains(budi));
  service.stop();
  std::lock_guard lock(mu);
  const auto cleared = std::count_if(pushed.begin(), pushed.end(), [](const alert_change& c) {
    return c.change == alert_change_kind::cleared && c.alert.subject == rizky;
  });
  EXPECT_EQ(cleared, 1);
}

// One truth: the same days read through /kpi's totals, the appraisal's facts, the export rows and the
// day status agree, for every kind of day. Agus, week of 23 November (TL/PSW bands of DESIGN §5):
//   Mon 07:25–16:05 on time · Tue 08:15 in (45 min, TL2), 16:00 out · Wed in at 09:40 on an UNSYNCED
//   clock, synced out 16:10 → needs review, no band · Thu out only 16:02 → TL4 (no check-in) ·
//   Fri annual leave · Mon 30 in 07:30, out 15:50 → PSW1 (10 min). Budi is absent all week.
TEST_F(watched_days_test, every_view_reads_the_same_days_the_same_way) {
  auto org = test::watched_demo_organisation();
  unit_named(org, "pendaftaran").tracking_since = ind::civil_date{2026, 11, 23};
  ASSERT_TRUE(catalog_->put_org(org).ok());
  org.leave.push_back({agus, "00000000000000a1", {2026, 11, 27}, {2026, 11, 27}, ind::leave_kind::cuti_tahunan,
                       "cuti tahunan", "admin", 0, "", 0, ""});
  using act = attendance_data::action_t;
  std::vector<pantau::event> ev;
  ev.push_back(at({2026, 11, 23}, ind::hm(7, 25), attendance(agus, act::in)));
  ev.push_back(at({2026, 11, 23}, ind::hm(16, 5), attendance(agus, act::out)));
  ev.push_back(at({2026, 11, 24}, ind::hm(8, 15), attendance(agus, act::in)));
  ev.push_back(at({2026, 11, 24}, ind::hm(16, 0), attendance(agus, act::out)));
  auto unsynced = at({2026, 11, 25}, ind::hm(9, 40), attendance(agus, act::in));
  unsynced.clock = clock_state::unsynced;
  unsynced.boot = "b-without-sync";  // a boot that never synced: nothing to re-base it by
  ev.push_back(unsynced);
  ev.push_back(at({2026, 11, 25}, ind::hm(16, 10), attendance(agus, act::out)));
  ev.push_back(at({2026, 11, 26}, ind::hm(16, 2), attendance(agus, act::out)));
  ev.push_back(at({2026, 11, 30}, ind::hm(7, 30), attendance(agus, act::in)));
  ev.push_back(at({2026, 11, 30}, ind::hm(15, 50), attendance(agus, act::out)));
  store_events(std::move(ev));

  // /kpi for Agus.
  const auto t = kpi(org, kpi_scope::employee, agus);
  EXPECT_EQ(t.expected, 5) << "annual leave is excused: not expected";
  EXPECT_EQ(t.on_leave, 1);
  EXPECT_EQ(t.present, 5);
  EXPECT_EQ(t.on_time, 2) << "both Mondays arrived on time; Thursday's TL4 and Wednesday's review did not";
  EXPECT_EQ(t.late, (std::array<std::int64_t, 4>{0, 1, 0, 1}));
  EXPECT_EQ(t.early_leave, (std::array<std::int64_t, 4>{1, 0, 0, 0}));
  EXPECT_EQ(t.absent, 0);
  EXPECT_EQ(t.needs_review, 1);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 1.0 + 2.0 + 0.5);

  // The appraisal reads the same totals.
  const std::vector<employee_info> agus_only{employee_named(org, agus)};
  auto facts = collect_employee_facts(org, agus_only, ind::days_from_civil({2026, 11, 1}),
                                      ind::days_from_civil({2026, 11, 30}), *catalog_, december_first());
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->front().attendance, t);

  // The export: one row per day, the applied bands only, and the status in words.
  const std::vector<unit_info> units{unit_named(org, "pendaftaran")};
  auto table = attendance_table(org, units, {2026, 11, 23}, {2026, 11, 30}, *catalog_, december_first());
  ASSERT_TRUE(table.ok());
  std::map<std::string, std::vector<export_cell>> by_day;
  for (const auto& row : table->rows)
    if (std::get<std::string>(row[1]) == agus) by_day[std::get<std::string>(row[0])] = row;
  ASSERT_EQ(by_day.size(), 6u);
  const auto text = [](const export_cell& c) { return std::holds_alternative<std::string>(c) ? std::get<std::string>(c) : std::string(); };
  const std::size_t tl = 6, tl_min = 7, psw = 8, review = 12, status = 13;
  EXPECT_EQ(text(by_day["2026-11-23"][status]), "Hadir tepat waktu");
  EXPECT_EQ(text(by_day["2026-11-24"][tl]), "TL2");
  EXPECT_EQ(std::get<std::int64_t>(by_day["2026-11-24"][tl_min]), 45);
  EXPECT_EQ(text(by_day["2026-11-24"][status]), "Terlambat TL2 (45 menit)");
  EXPECT_EQ(text(by_day["2026-11-25"][tl]), "") << "a band on an unsynced clock is not shown";
  EXPECT_TRUE(std::holds_alternative<std::monostate>(by_day["2026-11-25"][tl_min])) << "nor its minutes";
  EXPECT_EQ(text(by_day["2026-11-25"][review]), "Ya");
  EXPECT_EQ(text(by_day["2026-11-25"][status]), "Hadir; perlu ditinjau (jam kiosk belum sinkron, tidak dipotong)");
  EXPECT_EQ(text(by_day["2026-11-26"][tl]), "TL4");
  EXPECT_EQ(text(by_day["2026-11-26"][status]), "Terlambat TL4 (tanpa absen masuk)");
  EXPECT_EQ(text(by_day["2026-11-27"][status]), "Cuti tahunan");
  for (const auto& row : table->rows)
    if (std::get<std::string>(row[1]) == budi) EXPECT_EQ(text(row[status]), "Tidak hadir");
  EXPECT_EQ(text(by_day["2026-11-30"][psw]), "PSW1");
  EXPECT_EQ(text(by_day["2026-11-30"][status]), "Pulang sebelum waktunya PSW1 (10 menit)");
  double deducted = 0;
  for (const auto& [day, row] : by_day) deducted += std::get<double>(row[11]);
  EXPECT_DOUBLE_EQ(deducted, t.deduction_pct) << "the export's deductions add up to /kpi's";
}

TEST(tracking_starts_test, the_first_event_sets_the_start_an_earlier_one_moves_it_an_admins_stays) {
  auto org = demo_organisation();
  const auto event_at = [](ind::civil_date d, clock_state clock, std::int64_t ts_ms = -1) {
    pantau::event e;
    e.office = "binjai-dukcapil";
    e.clock = clock;
    e.ts_ms = ts_ms >= 0 ? ts_ms : ind::to_utc_ms(d, ind::hm(9, 0), ind::zone::wib);
    return e;
  };
  const std::int64_t now = ind::to_utc_ms({2026, 11, 12}, ind::hm(10, 0), ind::zone::wib);

  // An unsynced kiosk stamps 1970: it counts on the day the hub received it.
  const auto unsynced = event_at({}, clock_state::unsynced, 5'000);
  std::vector<const pantau::event*> batch{&unsynced};
  auto changed = tracking_starts(org, batch, now);
  ASSERT_EQ(changed.size(), 3u);
  for (const auto& u : changed) {
    EXPECT_EQ(u.tracking_since, (ind::civil_date{2026, 11, 12}));
    EXPECT_TRUE(u.tracking_auto);
  }
  org = merge_org(org, organisation{{}, changed, {}, {}, {}, {}});

  // A later event changes nothing; an earlier synced one (a kiosk that was offline) moves it back.
  const auto later = event_at({2026, 11, 13}, clock_state::synced);
  batch = {&later};
  EXPECT_TRUE(tracking_starts(org, batch, now).empty());
  const auto earlier = event_at({2026, 11, 10}, clock_state::synced);
  batch = {&later, &earlier};
  changed = tracking_starts(org, batch, now);
  ASSERT_EQ(changed.size(), 3u);
  EXPECT_EQ(changed[0].tracking_since, (ind::civil_date{2026, 11, 10}));

  // A start an admin set stays where it is.
  for (auto& u : org.units) {
    u.tracking_since = ind::civil_date{2026, 11, 20};
    u.tracking_auto = false;
  }
  EXPECT_TRUE(tracking_starts(org, batch, now).empty());

  // Events of an unknown office set nothing.
  auto stranger = earlier;
  stranger.office = "elsewhere";
  batch = {&stranger};
  org.units[0].tracking_since.reset();
  EXPECT_TRUE(tracking_starts(org, batch, now).empty());
}

}  // namespace
}  // namespace pantau::hub
