// GET /api/v1/alerts through the router, backed by a running alert_service fed committed batches by
// hand, with a stand-in authenticator and an injected clock.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "hub_fakes.hpp"
#include "hub_fixtures.hpp"
#include "pantau/hub/http/alert_service.hpp"
#include "pantau/hub/http/alerts_api.hpp"
#include "pantau/hub/service/organisation_service.hpp"

namespace pantau::hub::http {
namespace {

namespace ind = indicators;
namespace json = boost::json;
const std::string& office = test::demo_office;

using test::admin;
const principal sup_a{"sup-a", role::supervisor, {"pendaftaran"}};

class alerts_api_test : public ::testing::Test {
 protected:
  void SetUp() override {
    alert_service_options options;
    options.tick = std::chrono::milliseconds(20);
    service_ = std::make_unique<alert_service>(
        alert_service_sources{orgs_.get(), nullptr, [this] { return now_.load(); },
                              [this](const alert_change& c) {
                                std::lock_guard lock(mu_);
                                pushed_.push_back(c);
                              }},
        options);
    add_alert_routes(api_.routes, *service_);
    service_->start();
  }
  void TearDown() override { service_->stop(); }

  // Polls for the service thread to catch up; the bound only keeps a broken build from hanging.
  bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 1000; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }

  std::size_t pushed() {
    std::lock_guard lock(mu_);
    return pushed_.size();
  }

  json::array list(const std::string& target, const principal& who) {
    const auto res = api_.get(target, who);
    EXPECT_EQ(res.result(), bhttp::status::ok) << res.body();
    return json::parse(res.body()).as_array();
  }

  test::memory_org org_;
  std::unique_ptr<organisation_service> orgs_ = organisation_service::open(org_).value();
  std::atomic<std::int64_t> now_{ind::to_utc_ms({2026, 11, 30}, ind::hm(10, 0), ind::zone::wib)};
  std::mutex mu_;
  std::vector<alert_change> pushed_;
  std::unique_ptr<alert_service> service_;
  test::api_router api_;
};

TEST_F(alerts_api_test, lists_what_each_user_may_see_and_clears_when_the_window_slides) {
  std::vector<pantau::event> events;
  const std::int64_t t = now_.load();
  for (int i = 1; i <= 4; ++i) events.push_back(test::rating_event(i, t - i * 1000, 1, "loket-1"));
  for (int i = 5; i <= 8; ++i) events.push_back(test::rating_event(i, t - i * 1000, 1, "loket-3"));
  std::vector<const pantau::event*> ptrs;
  for (const auto& e : events) ptrs.push_back(&e);
  service_->committed(committed_batch{{}, ptrs});
  ASSERT_TRUE(eventually([&] { return service_->list(alert_filter::active).size() == 2; }));
  ASSERT_TRUE(eventually([&] { return pushed() == 2; }));

  EXPECT_EQ(api_.get("/api/v1/alerts", std::nullopt).result(), bhttp::status::unauthorized);
  EXPECT_EQ(list("/api/v1/alerts", admin).size(), 2u);

  const auto mine = list("/api/v1/alerts", sup_a);
  ASSERT_EQ(mine.size(), 1u);
  const auto& a = mine[0].as_object();
  EXPECT_EQ(a.at("kind").as_string(), "low_satisfaction");
  EXPECT_EQ(a.at("subject").as_string(), "loket-1");
  EXPECT_EQ(a.at("unit").as_string(), "pendaftaran");
  EXPECT_EQ(a.at("office").as_string(), office);
  EXPECT_EQ(a.at("state").as_string(), "active");
  EXPECT_EQ(a.at("raised_at").as_string(), "2026-11-30T03:00:00.000Z");
  EXPECT_TRUE(a.at("cleared_at").is_null());
  EXPECT_EQ(list("/api/v1/alerts?unit=pendaftaran", sup_a).size(), 1u);

  const auto other = api_.get("/api/v1/alerts?unit=pengaduan", sup_a);
  EXPECT_EQ(other.result(), bhttp::status::forbidden);
  EXPECT_NE(other.body().find("tidak berhak / forbidden"), std::string::npos);
  EXPECT_EQ(api_.get("/api/v1/alerts?unit=no-such-unit", sup_a).result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.get("/api/v1/alerts?unit=no-such-unit", admin).result(), bhttp::status::not_found);
  EXPECT_EQ(api_.get("/api/v1/alerts?unit=Not%20An%20Id", admin).result(), bhttp::status::bad_request);
  EXPECT_EQ(api_.get("/api/v1/alerts?state=open", admin).result(), bhttp::status::bad_request);

  // Sixteen minutes on, every rating is out of the window.
  now_ += 16 * ind::ms_per_minute;
  ASSERT_TRUE(eventually([&] { return service_->list(alert_filter::active).empty(); }));
  EXPECT_TRUE(list("/api/v1/alerts", admin).empty());
  const auto history = list("/api/v1/alerts?state=all&unit=pendaftaran", admin);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].as_object().at("state").as_string(), "cleared");
  EXPECT_EQ(history[0].as_object().at("cleared_at").as_string(), "2026-11-30T03:16:00.000Z");
  EXPECT_EQ(history[0].as_object().at("id"), a.at("id"));
  ASSERT_TRUE(eventually([&] { return pushed() == 4; }));
}

TEST(alert_json_test, the_shape_of_one_alert_and_its_live_frame) {
  alert_record a;
  a.id = "kiosk_offline:binjai-dukcapil:k-01:1764471600000";
  a.kind = ind::alert_kind::kiosk_offline;
  a.subject = "k-01";
  a.office = office;
  a.state = alert_state::cleared;
  a.raised_ms = 1'764'471'600'000;
  a.cleared_ms = 1'764'471'660'000;
  a.message = "Kiosk k-01 luring";
  const std::string object =
      R"({"id":"kiosk_offline:binjai-dukcapil:k-01:1764471600000","kind":"kiosk_offline","subject":"k-01",)"
      R"("unit":null,"office":"binjai-dukcapil","state":"cleared","raised_at":"2025-11-30T03:00:00.000Z",)"
      R"("cleared_at":"2025-11-30T03:01:00.000Z","message":"Kiosk k-01 luring"})";
  EXPECT_EQ(alert_json(a), object);
  EXPECT_EQ(alert_frame(a), R"({"type":"alert","alert":)" + object + "}");
}

}  // namespace
}  // namespace pantau::hub::http
