// The organisation's admin API through the router, on a real store (temp file), with a stand-in
// authenticator that answers the principal each test chooses.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/http/org_api.hpp"

namespace pantau::hub::http {
namespace {

namespace json = boost::json;
using test::admin;
using test::supervisor;

class org_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    demo_store_test::SetUp();
    add_org_routes(api_.routes, catalog_.get());
  }
  organisation org() {
    auto o = catalog_->load_org();
    if (!o) ADD_FAILURE() << o.err().message;
    return o ? *o : organisation{};
  }

  test::api_router api_;
};

TEST_F(org_api_test, admin_put_of_a_unit_changes_only_the_fields_given) {
  auto res = api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", admin,
                       R"({"grace_minutes":5,"target_ikm":82.5,"target_present_pct":97})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto stored = org();
  const auto* u = stored.find_unit("pendaftaran");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->grace_minutes, 5);
  EXPECT_EQ(u->target_ikm, 82.5);
  EXPECT_EQ(u->target_present_pct, 97.0);
  EXPECT_EQ(u->name, "Pelayanan Pendaftaran Penduduk");
  EXPECT_EQ(u->office, "binjai-dukcapil");
}

// A public-service unit open on Saturday morning: its week is stored, shown, expected in /kpi's
// attendance, and goes back to the Perpres week with null; a malformed week is a 400.
TEST_F(org_api_test, a_units_own_working_week_is_stored_and_counts) {
  const std::string week = "07:30-16:00,07:30-16:00,07:30-16:00,07:30-16:00,07:30-16:30,08:00-12:00,-";
  auto res = api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", admin, R"({"weekly":")" + week + R"("})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto* u = org().find_unit("pendaftaran");
  ASSERT_NE(u, nullptr);
  ASSERT_TRUE(u->weekly.has_value());
  ASSERT_TRUE((*u->weekly)[5].has_value());
  EXPECT_EQ((*u->weekly)[5]->start_min, 8 * 60);
  EXPECT_FALSE((*u->weekly)[6].has_value());
  EXPECT_EQ(encode_week(*u->weekly), week);
  res = api_.get("/api/v1/org", admin);
  EXPECT_NE(res.body().find(R"("weekly":")" + week + R"(")"), std::string::npos) << res.body();
  // Saturday 21 November 2026 is a working day for the unit's three employees now.
  const auto org_now = org();
  EXPECT_TRUE(indicators::planned_window(org_now.schedule_of(*org_now.find_unit("pendaftaran")), "x",
                                         indicators::civil_date{2026, 11, 21}).has_value());

  res = api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", admin, R"({"weekly":"07:30-16:00"})");
  EXPECT_EQ(res.result(), bhttp::status::bad_request) << res.body();
  res = api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", admin, R"({"weekly":null})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_FALSE(org().find_unit("pendaftaran")->weekly.has_value());
}

TEST_F(org_api_test, admin_adds_an_office_unit_counter_and_holiday) {
  auto res = api_.send(bhttp::verb::post, "/api/v1/offices", admin,
                       R"({"office":"palangkaraya-dpmptsp","name":"DPMPTSP Kota Palangka Raya","zone":"WIB"})");
  ASSERT_EQ(res.result(), bhttp::status::created) << res.body();
  res = api_.send(bhttp::verb::post, "/api/v1/units", admin,
                  R"([{"unit":"perizinan","office":"palangkaraya-dpmptsp","name":"Perizinan"}])");
  ASSERT_EQ(res.result(), bhttp::status::created) << res.body();
  res = api_.send(bhttp::verb::put, "/api/v1/counters/palangkaraya-dpmptsp/loket-1", admin, R"({"unit":"perizinan"})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  res = api_.send(bhttp::verb::put, "/api/v1/holidays/palangkaraya-dpmptsp/2026-12-25", admin,
                  R"({"name":"Hari Natal"})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto o = org();
  ASSERT_NE(o.find_unit("perizinan"), nullptr);
  EXPECT_EQ(o.find_unit("perizinan")->target_ikm, 76.61);  // default
  EXPECT_EQ(o.find_counters("loket-1").size(), 2u);
  ASSERT_EQ(o.holidays.size(), 1u);
  EXPECT_EQ(o.holidays[0].name, "Hari Natal");
  EXPECT_EQ(o.holidays[0].date, (indicators::civil_date{2026, 12, 25}));
}

TEST_F(org_api_test, invalid_items_are_400_with_the_reason_and_nothing_is_stored) {
  struct bad_case {
    bhttp::verb v;
    std::string target;
    std::string body;
    std::string says;
  };
  const std::vector<bad_case> cases = {
      {bhttp::verb::put, "/api/v1/units/pendaftaran", R"({"target_ikm":10})", "target_ikm"},
      {bhttp::verb::put, "/api/v1/units/pendaftaran", R"({"grace_minutes":500})", "grace_minutes"},
      {bhttp::verb::put, "/api/v1/units/pendaftaran", R"({"grace_minutes":1.5})", "grace_minutes"},
      {bhttp::verb::put, "/api/v1/units/pendaftaran", R"({"colour":"red"})", "colour"},
      {bhttp::verb::put, "/api/v1/units/pendaftaran", R"({"unit":"other"})", "unit"},
      {bhttp::verb::post, "/api/v1/units", R"({"unit":"baru","office":"nowhere","name":"X"})", "nowhere"},
      {bhttp::verb::post, "/api/v1/units", R"({"unit":"Bad Id","office":"binjai-dukcapil","name":"X"})", "Bad Id"},
      {bhttp::verb::post, "/api/v1/offices", R"({"office":"baru","name":"Baru","zone":"CET"})", "zone"},
      {bhttp::verb::post, "/api/v1/offices", R"({"office":"baru","name":"Baru"})", "zone"},
      {bhttp::verb::put, "/api/v1/counters/binjai-dukcapil/loket-9", R"({})", "unit"},
      {bhttp::verb::put, "/api/v1/holidays/binjai-dukcapil/2026-02-30", R"({"name":"X"})", "date"},
      {bhttp::verb::post, "/api/v1/holidays", R"({"office":"nowhere","date":"2026-12-25","name":"X"})", "nowhere"},
      {bhttp::verb::post, "/api/v1/units", "not json", "JSON"},
  };
  const auto before = org();
  for (const auto& c : cases) {
    auto res = api_.send(c.v, c.target, admin, c.body);
    EXPECT_EQ(res.result(), bhttp::status::bad_request) << c.target << " " << c.body << ": " << res.body();
    EXPECT_NE(res.body().find(c.says), std::string::npos) << res.body();
  }
  const auto after = org();
  EXPECT_EQ(after.offices, before.offices);
  EXPECT_EQ(after.units, before.units);
  EXPECT_EQ(after.counters, before.counters);
  EXPECT_EQ(after.holidays, before.holidays);
}

TEST_F(org_api_test, only_admins_write_and_no_session_is_401) {
  const std::string body = R"({"target_ikm":90})";
  EXPECT_EQ(api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", supervisor, body).result(),
            bhttp::status::forbidden);
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/offices", principal{"v", role::viewer, {}}, "{}").result(),
            bhttp::status::forbidden);
  EXPECT_EQ(api_.send(bhttp::verb::put, "/api/v1/units/pendaftaran", std::nullopt, body).result(),
            bhttp::status::unauthorized);
  EXPECT_EQ(api_.get("/api/v1/org", std::nullopt).result(), bhttp::status::unauthorized);
  EXPECT_EQ(org().find_unit("pendaftaran")->target_ikm, 76.61);
}

TEST_F(org_api_test, get_org_shows_admins_everything_and_others_their_units) {
  auto res = api_.get("/api/v1/org", admin);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  auto all = json::parse(res.body()).as_object();
  EXPECT_EQ(all.at("offices").as_array().size(), 1u);
  EXPECT_EQ(all.at("units").as_array().size(), 3u);
  EXPECT_EQ(all.at("counters").as_array().size(), 3u);
  EXPECT_EQ(all.at("employees").as_array().size(), 9u);
  EXPECT_EQ(all.at("offices").as_array()[0].as_object().at("zone").as_string(), "WIB");

  res = api_.get("/api/v1/org", supervisor);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  auto own = json::parse(res.body()).as_object();
  ASSERT_EQ(own.at("units").as_array().size(), 1u);
  EXPECT_EQ(own.at("units").as_array()[0].as_object().at("unit").as_string(), "pendaftaran");
  EXPECT_EQ(own.at("counters").as_array().size(), 1u);
  EXPECT_EQ(own.at("employees").as_array().size(), 3u);
  for (const auto& e : own.at("employees").as_array())
    EXPECT_EQ(e.as_object().at("unit").as_string(), "pendaftaran");
}

}  // namespace
}  // namespace pantau::hub::http
