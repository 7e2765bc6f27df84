// Unit and office totals through the unit-day cache equal a fresh read of the day rows; a late
// check-in or rating is seen once its batch is announced, and an organisation change drops what it can alter.
#include <gtest/gtest.h>

#include <memory>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/unit_day_cache.hpp"
#include "pantau/hub/core/kpi_query.hpp"

namespace pantau::hub::test {
namespace {

using indicators::civil_date;
using act = attendance_data::action_t;

const std::string nip_a = "198909122019121001";  // demo unit pendaftaran
const civil_date monday{2026, 11, 16};

void expect_same_counts(const indicators::attendance_totals& a, const indicators::attendance_totals& b) {
  EXPECT_EQ(a.expected, b.expected);
  EXPECT_EQ(a.present, b.present);
  EXPECT_EQ(a.on_time, b.on_time);
  EXPECT_EQ(a.late, b.late);
  EXPECT_EQ(a.early_leave, b.early_leave);
  EXPECT_EQ(a.absent, b.absent);
  EXPECT_EQ(a.needs_review, b.needs_review);
  EXPECT_EQ(a.unscheduled_present, b.unscheduled_present);
  EXPECT_NEAR(a.deduction_pct, b.deduction_pct, 1e-9);  // summed per day first when cached
}

class unit_day_cache_test : public demo_store_test {
 protected:
  indicators::kpi_totals all(const organisation& org, const std::string& scope, const std::string& id,
                             unit_day_cache* cache) {
    auto req = parse_kpi_request(scope, id, "2026-11-16", "2026-11-20", std::nullopt);
    EXPECT_TRUE(req.ok());
    auto resolved = resolve_scope(org, *req);
    EXPECT_TRUE(resolved.ok());
    kpi_options o;
    o.cache = cache;
    auto t = compute_kpi_totals(org, *resolved, *req, *catalog_, now_, o);
    EXPECT_TRUE(t.ok()) << t.err().message;
    return *t;
  }
  indicators::attendance_totals totals(const organisation& org, const std::string& scope, const std::string& id,
                                       unit_day_cache* cache) {
    return all(org, scope, id, cache).attendance;
  }

  // Wednesday 25 November, 10:00 WIB: the whole week asked for is over.
  std::int64_t now_ = indicators::to_utc_ms({2026, 11, 25}, 10 * 60, indicators::zone::wib);
};

TEST_F(unit_day_cache_test, cached_equals_fresh_and_late_check_ins_are_seen_once_announced) {
  auto org = test::watched_demo_organisation();
  store_events({at(monday, 8 * 60, 59, attendance(nip_a, act::in)),  // TL1
                at(monday, 16 * 60 + 5, attendance(nip_a, act::out)),
                at({2026, 11, 17}, 7 * 60 + 25, attendance(nip_a, act::in))});
  unit_day_cache cache;
  for (const auto& [scope, id] : {std::pair{"office", demo_office}, std::pair{"unit", std::string("pendaftaran")}}) {
    const auto fresh = totals(org, scope, id, nullptr);
    expect_same_counts(totals(org, scope, id, &cache), fresh);  // fills
    expect_same_counts(totals(org, scope, id, &cache), fresh);  // from the cache
  }
  EXPECT_EQ(cache.size(), 2U * 3U * 5U) << "attendance and counters of three units, five finished days";

  // A kiosk that was offline delivers Wednesday's check-in a week late.
  const auto before = totals(org, "office", demo_office, nullptr);
  const auto late = at({2026, 11, 18}, 7 * 60 + 10, attendance(nip_a, act::in));
  store_events({late});
  expect_same_counts(totals(org, "office", demo_office, &cache), before);  // not announced yet: the kept days
  const pantau::event* announced[] = {&late};
  cache.committed(committed_batch{{}, announced});
  const auto after = totals(org, "office", demo_office, nullptr);
  EXPECT_EQ(after.present, before.present + 1);
  expect_same_counts(totals(org, "office", demo_office, &cache), after);
  EXPECT_EQ(cache.size(), 2U * 3U * 5U);

  // A late rating and service at loket-1 (unit pendaftaran) on Thursday.
  const auto responses = all(org, "office", demo_office, &cache).satisfaction.responses;
  const auto late_rating = at({2026, 11, 19}, 9 * 60, rating("loket-1", std::nullopt, 4));
  store_events({late_rating});
  EXPECT_EQ(all(org, "office", demo_office, &cache).satisfaction.responses, responses) << "not announced yet";
  const pantau::event* rated[] = {&late_rating};
  cache.committed(committed_batch{{}, rated});
  const auto fresh = all(org, "office", demo_office, nullptr);
  const auto cached = all(org, "office", demo_office, &cache);
  EXPECT_EQ(fresh.satisfaction.responses, responses + 1);
  EXPECT_EQ(cached.satisfaction, fresh.satisfaction);
  EXPECT_EQ(cached.service, fresh.service);

  // A holiday added on Friday: another organisation, so nothing kept before counts.
  org.holidays.push_back({demo_office, {2026, 11, 20}, "Cuti bersama"});
  const auto holiday = totals(org, "office", demo_office, nullptr);
  EXPECT_LT(holiday.expected, after.expected);
  expect_same_counts(totals(org, "office", demo_office, &cache), holiday);
}

// Told of a change (as the organisation's owner tells it), the cache drops the units the change can
// alter and keeps the others, which still answer like a fresh read.
TEST_F(unit_day_cache_test, an_organisation_change_drops_only_the_units_it_can_alter) {
  auto org = test::watched_demo_organisation();
  store_events({at(monday, 8 * 60, 59, attendance(nip_a, act::in)),
                at(monday, 16 * 60 + 5, attendance(nip_a, act::out))});
  unit_day_cache cache;
  totals(org, "office", demo_office, &cache);
  ASSERT_EQ(cache.size(), 2U * 3U * 5U);
  const auto generation = cache.generation();

  for (auto& e : org.employees)
    if (e.nip == nip_a) e.unit = "pencatatan-sipil";  // from pendaftaran
  cache.org_changed(std::make_shared<const organisation>(org));
  EXPECT_EQ(cache.size(), 2U * 1U * 5U) << "only pengaduan's days are left";
  EXPECT_NE(cache.generation(), generation) << "a value read before the change is not kept";
  for (const std::string unit : {"pendaftaran", "pencatatan-sipil", "pengaduan"})
    expect_same_counts(totals(org, "unit", unit, &cache), totals(org, "unit", unit, nullptr));
  EXPECT_EQ(cache.size(), 2U * 3U * 5U);

  org.holidays.push_back({demo_office, {2026, 11, 20}, "Cuti bersama"});  // every unit of the office
  cache.org_changed(std::make_shared<const organisation>(org));
  EXPECT_EQ(cache.size(), 0U);
}

TEST_F(unit_day_cache_test, today_is_never_kept) {
  now_ = indicators::to_utc_ms({2026, 11, 18}, 9 * 60, indicators::zone::wib);  // Wednesday morning
  unit_day_cache cache;
  const auto org = test::watched_demo_organisation();
  const auto before = totals(org, "unit", "pendaftaran", &cache);
  EXPECT_EQ(cache.size(), 2U * 2U) << "Monday and Tuesday only (attendance and counters)";
  store_events({at({2026, 11, 18}, 7 * 60 + 20, attendance(nip_a, act::in))});
  EXPECT_EQ(totals(org, "unit", "pendaftaran", &cache).present, before.present + 1);
}

// At hub start the cache is filled for the half-year of today and the one before: the first office
// request then finds every finished day kept and gives what a fresh read gives.
TEST_F(unit_day_cache_test, warming_keeps_both_half_years_and_answers_like_a_fresh_read) {
  const auto org = test::watched_demo_organisation();
  store_events({at(monday, 8 * 60, 59, attendance(nip_a, act::in)),
                at(monday, 16 * 60 + 5, attendance(nip_a, act::out))});
  unit_day_cache cache;
  kpi_options o;
  o.cache = &cache;
  const auto warmed = warm_unit_day_cache(org, *catalog_, now_, o);
  ASSERT_TRUE(warmed.ok()) << warmed.err().message;
  EXPECT_EQ(*warmed, 1U);  // the demo has one office
  // 1 January to 24 November 2026: 328 finished days, three units, attendance and counters each.
  EXPECT_EQ(cache.size(), 2U * 3U * 328U);
  const auto filled = cache.size();
  expect_same_counts(totals(org, "office", demo_office, &cache), totals(org, "office", demo_office, nullptr));
  EXPECT_EQ(cache.size(), filled) << "the week asked for was already kept";

  unit_day_cache stopped;
  o.cache = &stopped;
  const auto none = warm_unit_day_cache(org, *catalog_, now_, o, [] { return true; });
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0U);
  EXPECT_EQ(stopped.size(), 0U);
}

}  // namespace
}  // namespace pantau::hub::test
