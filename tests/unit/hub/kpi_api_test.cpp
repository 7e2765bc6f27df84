// The /kpi and employee endpoints on a real store (temp file), through the router with a stand-in
// authenticator that answers the principal each test chooses.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/http/kpi_api.hpp"

namespace pantau::hub::http {
namespace {

namespace ind = indicators;
namespace json = boost::json;
using test::admin;
using test::attendance;
using test::rating;
using test::supervisor;
const std::string& office = test::demo_office;
const std::string nip_a = "198909122019121001";  // pendaftaran (loket-1)
const std::string nip_b = "196807011993032004";  // pengaduan (loket-3)
const ind::civil_date monday{2026, 11, 23};
const ind::civil_date tuesday{2026, 11, 24};

class kpi_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    demo_store_test::SetUp();
    // Now is Wednesday 2026-11-25 12:00 WIB: Monday and Tuesday are complete days.
    add_kpi_routes(api_.routes, kpi_api_sources{catalog_.get(), catalog_.get(), [] {
                                                  return ind::to_utc_ms({2026, 11, 25}, 12 * 60, ind::zone::wib);
                                                }, {}});
  }

  test::api_router api_;
};

service_data svc(const std::string& counter, const std::string& nip, const std::string& ticket,
                 service_data::action_t a) {
  return service_data{counter, nip, ticket, a};
}

TEST_F(kpi_api_test, employee_kpi_matches_the_hand_computed_table) {
  using A = attendance_data::action_t;
  using S = service_data::action_t;
  store_events({
      // Monday: in 08:00:59 -> TL1 (30 min), out 16:05 -> on time leaving.
      at(monday, 8 * 60, 59, attendance(nip_a, A::in)), at(monday, 16 * 60 + 5, 0, attendance(nip_a, A::out)),
      // Tuesday: in 07:25, a later second check-in is ignored, out 15:29:00 -> PSW2 (31 min).
      at(tuesday, 7 * 60 + 25, 0, attendance(nip_a, A::in)), at(tuesday, 9 * 60, 0, attendance(nip_a, A::in)),
      at(tuesday, 15 * 60 + 29, 0, attendance(nip_a, A::out)),
      // Ratings naming nip_a: 4, 3, 2 (and one for nobody, which only the counter sees).
      at(monday, 10 * 60, 0, rating("loket-1", nip_a, 4)), at(monday, 11 * 60, 0, rating("loket-1", nip_a, 3)),
      at(tuesday, 10 * 60, 0, rating("loket-1", nip_a, 2)), at(tuesday, 10 * 60, 5, rating("loket-1", std::nullopt, 1)),
      // Two services: 300 s and 100 s; the end arrives before its start (late event).
      at(monday, 9 * 60 + 5, 0, svc("loket-1", nip_a, "A001", S::end)),
      at(monday, 9 * 60, 0, svc("loket-1", nip_a, "A001", S::start)),
      at(tuesday, 9 * 60, 0, svc("loket-1", nip_a, "A002", S::start)),
      at(tuesday, 9 * 60 + 1, 40, svc("loket-1", nip_a, "A002", S::end)),
  });
  auto res = api_.get("/api/v1/kpi?scope=employee&id=" + nip_a + "&from=2026-11-23&to=2026-11-24", admin);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto k = json::parse(res.body()).as_object();
  const auto& a = k.at("attendance").as_object();
  EXPECT_EQ(a.at("expected").as_int64(), 2);
  EXPECT_EQ(a.at("present").as_int64(), 2);
  EXPECT_EQ(a.at("on_time").as_int64(), 1);
  EXPECT_EQ(a.at("late").as_object().at("TL1").as_int64(), 1);
  EXPECT_EQ(a.at("late").as_object().at("TL2").as_int64(), 0);
  EXPECT_EQ(a.at("early_leave").as_object().at("PSW2").as_int64(), 1);
  EXPECT_EQ(a.at("absent").as_int64(), 0);
  const auto& s = k.at("satisfaction").as_object();
  EXPECT_EQ(s.at("responses").as_int64(), 3);
  EXPECT_EQ(json::serialize(s.at("counts")), "[0,1,1,1]");
  EXPECT_DOUBLE_EQ(s.at("csat").as_double(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.at("quick_index").as_double(), 75.0);  // mean 3 x 25
  EXPECT_TRUE(s.at("ikm").is_null());
  EXPECT_TRUE(s.at("grade").is_null());
  EXPECT_EQ(s.at("nrr").as_array().size(), 9u);
  const auto& v = k.at("service").as_object();
  EXPECT_EQ(v.at("served").as_int64(), 2);
  EXPECT_DOUBLE_EQ(v.at("mean_s").as_double(), 200.0);
  EXPECT_DOUBLE_EQ(v.at("p90_s").as_double(), 300.0);
  EXPECT_TRUE(v.at("per_hour").is_null());

  // The unit adds its other two employees, absent both days, and the rating for nobody at loket-1.
  res = api_.get("/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-23&to=2026-11-24", supervisor);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto u = json::parse(res.body()).as_object();
  EXPECT_EQ(u.at("attendance").as_object().at("expected").as_int64(), 6);
  EXPECT_EQ(u.at("attendance").as_object().at("absent").as_int64(), 4);
  EXPECT_EQ(u.at("satisfaction").as_object().at("responses").as_int64(), 4);
  EXPECT_EQ(u.at("service").as_object().at("served").as_int64(), 2);
}

TEST_F(kpi_api_test, bad_requests_unknown_ids_and_access) {
  const std::string period = "&from=2026-11-23&to=2026-11-24";
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=desk&id=x" + period, admin).result(), bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-24&to=2026-11-23", admin).result(),
            bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-2-1&to=2026-11-23", admin).result(),
            bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=unit&id=nope" + period, admin).result(), bhttp::status::not_found);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=unit&id=pendaftaran" + period, std::nullopt).result(),
            bhttp::status::unauthorized);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=unit&id=pengaduan" + period, supervisor).result(),
            bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=employee&id=" + nip_b + period, supervisor).result(),
            bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=counter&id=loket-3" + period, supervisor).result(),
            bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=counter&id=loket-1" + period, supervisor).result(),
            bhttp::status::ok);
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=office&id=" + office + period, supervisor).result(),
            bhttp::status::forbidden);
  const principal all{"all", role::viewer, {"pendaftaran", "pencatatan-sipil", "pengaduan"}};
  EXPECT_EQ(api_.get("/api/v1/kpi?scope=office&id=" + office + period, all).result(), bhttp::status::ok);
}

TEST_F(kpi_api_test, employees_list_get_post_and_csv_import) {
  auto res = api_.get("/api/v1/employees", supervisor);
  ASSERT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(json::parse(res.body()).as_array().size(), 3u);  // only pendaftaran
  EXPECT_EQ(json::parse(api_.get("/api/v1/employees", admin).body()).as_array().size(), 9u);
  EXPECT_EQ(api_.get("/api/v1/employees/" + nip_a, supervisor).result(), bhttp::status::ok);
  EXPECT_EQ(api_.get("/api/v1/employees/" + nip_b, supervisor).result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/employees/000000000000000000", admin).result(), bhttp::status::not_found);

  const std::string one = R"({"nip":"198001012005011001","name":"Ani","unit":"pengaduan"})";
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/employees", std::nullopt, one).result(), bhttp::status::unauthorized);
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/employees", supervisor, one).result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/employees", admin, one).result(), bhttp::status::created);
  EXPECT_EQ(
      api_.send(bhttp::verb::post, "/api/v1/employees", admin, R"({"nip":"1","name":"x","unit":"pengaduan"})").result(),
      bhttp::status::unprocessable_entity);
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/employees", admin, "{").result(), bhttp::status::bad_request);

  // A bad CSV stores nothing and names every bad line.
  res = api_.send(bhttp::verb::post, "/api/v1/employees.csv", admin,
                  "nip,name,unit\n198001012005011002,Budi,pengaduan\n123,X,pengaduan\n198001012005011003,Y,nope\n");
  ASSERT_EQ(res.result(), bhttp::status::unprocessable_entity) << res.body();
  const auto problems = json::parse(res.body()).as_object().at("problems").as_array();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].as_object().at("line").as_int64(), 3);
  EXPECT_EQ(problems[1].as_object().at("line").as_int64(), 4);
  EXPECT_EQ(api_.get("/api/v1/employees/198001012005011002", admin).result(), bhttp::status::not_found);

  res = api_.send(bhttp::verb::post, "/api/v1/employees.csv", admin,
                  "nip,name,unit\n198001012005011002,Budi,pengaduan\n198001012005011003,Yuni,pendaftaran\n");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(json::parse(res.body()).as_object().at("imported").as_int64(), 2);
  EXPECT_EQ(json::parse(api_.get("/api/v1/employees", admin).body()).as_array().size(), 12u);
}

}  // namespace
}  // namespace pantau::hub::http
