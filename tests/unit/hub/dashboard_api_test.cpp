// The dashboard's chart endpoints (/api/v1/checkins, /api/v1/kpi/daily) on a real store (temp file),
// through the router with a stand-in authenticator that answers the principal each test chooses.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/http/dashboard_api.hpp"

namespace pantau::hub::http {
namespace {

namespace ind = indicators;
namespace json = boost::json;
using test::admin;
using test::supervisor;
const std::string& office = test::demo_office;
const std::string nip_a = "198909122019121001";  // pendaftaran (loket-1)
const std::string nip_b = "196807011993032004";  // pengaduan (loket-3)
const ind::civil_date monday{2026, 11, 23};
const ind::civil_date tuesday{2026, 11, 24};

class dashboard_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    demo_store_test::SetUp();
    // Now is Tuesday 2026-11-24 12:00 WIB.
    add_dashboard_routes(api_.routes, dashboard_api_sources{catalog_.get(), catalog_.get(), [] {
                                                              return ind::to_utc_ms(tuesday, 12 * 60, ind::zone::wib);
                                                            }, {}});
  }

  test::api_router api_;
};

attendance_data check_in(const std::string& nip) { return test::attendance(nip, attendance_data::action_t::in); }
rating_data rate(int overall) { return test::rating("loket-1", nip_a, overall); }

TEST_F(dashboard_api_test, checkins_lists_each_first_check_in_in_local_minutes) {
  store_events({
      at(monday, 8 * 60, 59, check_in(nip_a)),   // 08:00 local
      at(monday, 9 * 60, 0, check_in(nip_a)),    // a second check-in: not a new arrival
      at(monday, 7 * 60 + 25, 0, check_in(nip_b)),  // 07:25
      at(tuesday, 7 * 60 + 10, 0, check_in(nip_b)),
  });
  auto res = api_.get("/api/v1/checkins?scope=office&id=" + office + "&date=2026-11-23", admin);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  auto o = json::parse(res.body()).as_object();
  EXPECT_EQ(json::serialize(o.at("minutes")), "[445,480]");
  EXPECT_EQ(o.at("date").as_string(), "2026-11-23");
  EXPECT_EQ(o.at("zone").as_string(), "WIB");
  EXPECT_EQ(o.at("expected").as_int64(), 9);  // the demo's 9 employees, a Monday

  res = api_.get("/api/v1/checkins?scope=unit&id=pendaftaran&date=2026-11-23", supervisor);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  o = json::parse(res.body()).as_object();
  EXPECT_EQ(json::serialize(o.at("minutes")), "[480]");
  EXPECT_EQ(o.at("expected").as_int64(), 3);

  // Without a date: today in the office's zone (Tuesday).
  res = api_.get("/api/v1/checkins?scope=office&id=" + office, admin);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  o = json::parse(res.body()).as_object();
  EXPECT_EQ(o.at("date").as_string(), "2026-11-24");
  EXPECT_EQ(json::serialize(o.at("minutes")), "[430]");
}

TEST_F(dashboard_api_test, daily_series_has_one_entry_per_day) {
  store_events({
      at(monday, 10 * 60, 0, rate(4)), at(monday, 11 * 60, 0, rate(3)),
      at(tuesday, 10 * 60, 0, rate(2)),
  });
  auto res = api_.get("/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=2026-11-22&to=2026-11-24", supervisor);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto days = json::parse(res.body()).as_array();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0].at("date").as_string(), "2026-11-22");
  EXPECT_EQ(days[0].at("responses").as_int64(), 0);
  EXPECT_TRUE(days[0].at("quick_index").is_null());
  EXPECT_EQ(days[1].at("responses").as_int64(), 2);
  EXPECT_DOUBLE_EQ(days[1].at("quick_index").as_double(), 87.5);  // mean(4, 3) x 25
  EXPECT_DOUBLE_EQ(days[1].at("csat").as_double(), 1.0);
  EXPECT_EQ(days[2].at("responses").as_int64(), 1);
  EXPECT_DOUBLE_EQ(days[2].at("quick_index").as_double(), 50.0);
  EXPECT_DOUBLE_EQ(days[2].at("csat").as_double(), 0.0);
}

TEST_F(dashboard_api_test, same_access_and_input_rules_as_kpi) {
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=unit&id=pendaftaran", std::nullopt).result(), bhttp::status::unauthorized);
  EXPECT_EQ(
      api_.get("/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=2026-11-01&to=2026-11-02", std::nullopt).result(),
      bhttp::status::unauthorized);
  // A supervisor of pendaftaran: not another unit, not the whole office.
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=unit&id=pengaduan", supervisor).result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=office&id=" + office, supervisor).result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/kpi/daily?scope=unit&id=pengaduan&from=2026-11-01&to=2026-11-02", supervisor).result(),
            bhttp::status::forbidden);
  // Bad input.
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=unit&id=pendaftaran&date=2026-13-01", admin).result(),
            bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=planet&id=x", admin).result(), bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/checkins?scope=unit&id=nowhere", admin).result(), bhttp::status::not_found);
  EXPECT_EQ(api_.get("/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=2026-11-01", admin).result(),
            bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=2026-11-02&to=2026-11-01", admin).result(),
            bhttp::status::bad_request);
  const auto too_long = api_.get("/api/v1/kpi/daily?scope=unit&id=pendaftaran&from=2026-01-01&to=2026-03-31", admin);
  EXPECT_EQ(too_long.result(), bhttp::status::bad_request);
  EXPECT_NE(too_long.body().find("62"), std::string::npos);
}

}  // namespace
}  // namespace pantau::hub::http
