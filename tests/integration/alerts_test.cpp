// Live alerts end to end: a real mosquitto and pantau-hub with the demo organisation, four low ratings
// at loket-1 (unit pendaftaran) published raw over MQTT with current timestamps. GET /api/v1/alerts
// lists the low_satisfaction alert and /api/v1/live pushes it to those who may see the unit; a
// supervisor of another unit gets 403 for that unit and no frame; no session gets 401.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/live_client.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const wire_kiosk kiosk{office, "k-alert"};

// A rating of loket-1 naming nobody, without the survey elements.
std::string rating_event(std::int64_t seq, const std::string& ts, int overall) {
  return kiosk.event(seq, ts, "rating", rating_json("loket-1", std::nullopt, overall, std::nullopt));
}

// Reads frames until an alert frame with this id came; false when none came before `deadline`.
bool wait_for_alert(live_client& live, const std::string& id, std::chrono::steady_clock::time_point deadline) {
  while (std::chrono::steady_clock::now() < deadline) {
    auto m = live.next(2s);
    if (!m || m->at("type").as_string() != "alert") continue;
    if (m->at("alert").as_object().at("id").as_string() == id) return true;
  }
  return false;
}

// The low_satisfaction alert of loket-1 in an /api/v1/alerts answer.
std::optional<json::object> low_satisfaction_at_loket_1(const http_response& r) {
  if (r.status != 200) return std::nullopt;
  const json::value list = json::parse(r.body);
  for (const auto& v : list.as_array()) {
    const auto& a = v.as_object();
    if (a.at("kind").as_string() == "low_satisfaction" && a.at("subject").as_string() == "loket-1") return a;
  }
  return std::nullopt;
}

// The alert with this id in an /api/v1/alerts answer.
std::optional<json::object> alert_with_id(const http_response& r, const json::value& id) {
  if (r.status != 200) return std::nullopt;
  const json::value list = json::parse(r.body);
  for (const auto& v : list.as_array())
    if (v.as_object().at("id") == id) return v.as_object();
  return std::nullopt;
}

class alerts_integration_test : public ::testing::Test {
 protected:
  // Four ratings of 1 or 2 a few seconds apart, well inside the 15-minute window.
  void publish_four_low_ratings() {
    const auto now = suite_clock().now();
    kiosk.publish(demo_.broker.url(), {rating_event(1, iso_utc(now - 40s), 1), rating_event(2, iso_utc(now - 30s), 2),
                                       rating_event(3, iso_utc(now - 20s), 1), rating_event(4, iso_utc(now - 10s), 2)});
  }

  demo_hub demo_{{{"sup-a", "supervisor", {"pendaftaran"}, "sandi-sup-a-1"},
                  {"sup-b", "supervisor", {"pengaduan"}, "sandi-sup-b-1"}}};
};

TEST_F(alerts_integration_test, without_a_session_alerts_answer_401) {
  EXPECT_EQ(demo_.call("GET", "/api/v1/alerts", "").status, 401);
  EXPECT_EQ(demo_.call("GET", "/api/v1/alerts?state=all", "pantau_session=not-a-session").status, 401);
  const std::string admin = demo_.hub.login();
  ASSERT_FALSE(admin.empty());
  EXPECT_EQ(demo_.call("GET", "/api/v1/alerts", admin).status, 200);
  EXPECT_EQ(demo_.call("GET", "/api/v1/alerts?state=some", admin).status, 400);
  EXPECT_EQ(demo_.call("GET", "/api/v1/alerts?unit=no-such-unit", admin).status, 404);
}

TEST_F(alerts_integration_test, low_ratings_raise_an_alert_listed_and_pushed_only_to_those_who_may_see_it) {
  const std::string admin_cookie = demo_.hub.login();
  const std::string sup_a_cookie = demo_.hub.login("sup-a", "sandi-sup-a-1");
  const std::string sup_b_cookie = demo_.hub.login("sup-b", "sandi-sup-b-1");
  ASSERT_FALSE(admin_cookie.empty());
  ASSERT_FALSE(sup_a_cookie.empty());
  ASSERT_FALSE(sup_b_cookie.empty());
  live_client admin(demo_.hub.http_port(), admin_cookie);
  live_client sup_a(demo_.hub.http_port(), sup_a_cookie);
  live_client sup_b(demo_.hub.http_port(), sup_b_cookie);
  EXPECT_FALSE(low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts?state=all", admin_cookie)));

  publish_four_low_ratings();

  // Generous deadlines: this is about arriving at all, not about timing.
  std::optional<json::object> listed;
  ASSERT_TRUE(wait_until(
      [&] {
        listed = low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts", admin_cookie));
        return listed.has_value();
      },
      30s, 200ms));
  const std::string id(listed->at("id").as_string());
  EXPECT_FALSE(id.empty());
  EXPECT_EQ(listed->at("unit").as_string(), "pendaftaran");
  EXPECT_EQ(listed->at("office").as_string(), office);
  EXPECT_EQ(listed->at("state").as_string(), "active");
  EXPECT_TRUE(listed->at("cleared_at").is_null());
  const std::string raised_at(listed->at("raised_at").as_string());
  EXPECT_EQ(raised_at.size(), 24u) << raised_at;
  EXPECT_EQ(raised_at.back(), 'Z') << raised_at;
  EXPECT_EQ(std::string(listed->at("message").as_string()).rfind("Kepuasan rendah di loket-1: 4 dari 4", 0), 0u)
      << listed->at("message");

  const auto deadline = std::chrono::steady_clock::now() + 30s;
  EXPECT_TRUE(wait_for_alert(admin, id, deadline));
  EXPECT_TRUE(wait_for_alert(sup_a, id, deadline));

  // The supervisor of pendaftaran reads it for their unit and in their own list.
  EXPECT_TRUE(low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts?unit=pendaftaran", sup_a_cookie)));
  EXPECT_TRUE(low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts?state=all", sup_a_cookie)));

  // The supervisor of pengaduan may not ask for pendaftaran, and their own list leaves it out.
  const auto refused = demo_.call("GET", "/api/v1/alerts?unit=pendaftaran", sup_b_cookie);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("\"error\""), std::string::npos) << refused.body;
  const auto own = demo_.call("GET", "/api/v1/alerts?state=all", sup_b_cookie);
  ASSERT_EQ(own.status, 200);
  const json::value own_list = json::parse(own.body);
  for (const auto& v : own_list.as_array()) {
    const auto& unit = v.as_object().at("unit");
    EXPECT_TRUE(unit.is_null() || unit.as_string() == "pengaduan") << json::serialize(v);
  }
  EXPECT_FALSE(low_satisfaction_at_loket_1(own));

  // Both others have their frame by now, and every session is sent its frames in the same turn, so
  // whatever reached this supervisor is already queued: read until the line goes quiet.
  int frames = 0;
  while (auto m = sup_b.next(frames == 0 ? 3000ms : 1500ms)) {
    ++frames;
    if (m->at("type").as_string() != "alert") continue;
    const auto& unit = m->at("alert").as_object().at("unit");
    EXPECT_TRUE(unit.is_null() || unit.as_string() == "pengaduan") << json::serialize(*m);
    EXPECT_NE(m->at("alert").as_object().at("id").as_string(), id);
  }
}

// The history survives a hub restart: an alert raised before it is still listed afterwards with its
// id and raise time, closed at the restart (nothing watched it meanwhile), in the store's alerts table.
// The ratings of the last window are read back at the start, so the problem they show is raised
// again at once, as a new alert.
TEST_F(alerts_integration_test, the_history_survives_a_hub_restart) {
  std::string admin_cookie = demo_.hub.login();
  ASSERT_FALSE(admin_cookie.empty());
  publish_four_low_ratings();
  std::optional<json::object> before;
  ASSERT_TRUE(wait_until(
      [&] {
        before = low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts", admin_cookie));
        return before.has_value();
      },
      30s, 200ms));
  ASSERT_EQ(demo_.hub.stop(), 0);
  demo_.hub.start();
  admin_cookie = demo_.hub.login();
  std::optional<json::object> after;
  ASSERT_TRUE(wait_until(
      [&] {
        after = alert_with_id(demo_.call("GET", "/api/v1/alerts?state=all", admin_cookie), before->at("id"));
        return after.has_value() && after->at("state").as_string() == "cleared";
      },
      30s, 200ms))
      << (after ? json::serialize(*after) : std::string("not listed"));
  EXPECT_EQ(after->at("raised_at"), before->at("raised_at"));
  EXPECT_FALSE(after->at("cleared_at").is_null());
  EXPECT_NE(std::string(after->at("message").as_string()).find("dimulai ulang"), std::string::npos)
      << after->at("message");
  std::optional<json::object> again;
  ASSERT_TRUE(wait_until(
      [&] {
        again = low_satisfaction_at_loket_1(demo_.call("GET", "/api/v1/alerts", admin_cookie));
        return again.has_value();
      },
      10s, 200ms))
      << "the four low ratings are still inside the window after the restart";
  EXPECT_NE(again->at("id"), before->at("id"));
  EXPECT_EQ(again->at("state").as_string(), "active");
}

}  // namespace
}  // namespace pantau::test
