// GET /api/v1/live end to end: a real mosquitto and pantau-hub with the demo organisation, a minimal
// Beast WebSocket client, events published raw over MQTT. No session: 401 and no upgrade; with a
// session the kiosk and unit notices arrive; a supervisor hears only of their own unit.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/live_client.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const wire_kiosk kiosk{office, "k-live"};
const std::string nip_a = "198909122019121001";  // demo unit pendaftaran
const std::string monday_ts = "2026-11-16T01:00:00.000Z";

bool is_kpi_for(const boost::json::object& m, const std::string& unit) {
  return m.at("type").as_string() == "kpi" && m.at("scope").as_string() == "unit" && m.at("id").as_string() == unit;
}

class live_integration_test : public ::testing::Test {
 protected:
  demo_hub demo_{{{"sup-a", "supervisor", {"pendaftaran"}, "sandi-sup-a-1"}}};
};

TEST_F(live_integration_test, without_a_session_the_upgrade_is_refused_with_401) {
  int status = 0;
  EXPECT_THROW(live_client(demo_.hub.http_port(), "", &status), boost::system::system_error);
  EXPECT_EQ(status, 401);
  status = 0;
  EXPECT_THROW(live_client(demo_.hub.http_port(), "pantau_session=not-a-session", &status),
               boost::system::system_error);
  EXPECT_EQ(status, 401);
}

TEST_F(live_integration_test, notices_arrive_and_a_supervisor_sees_only_their_unit) {
  const std::string admin_cookie = demo_.hub.login();
  ASSERT_FALSE(admin_cookie.empty());
  const std::string sup_cookie = demo_.hub.login("sup-a", "sandi-sup-a-1");
  ASSERT_FALSE(sup_cookie.empty());
  live_client admin(demo_.hub.http_port(), admin_cookie);
  live_client sup(demo_.hub.http_port(), sup_cookie);

  kiosk.publish(demo_.broker.url(),
                {kiosk.event(1, monday_ts, "attendance", attendance_json(nip_a, "in")),
                 // loket-3 belongs to unit pengaduan; no employee named, so no other unit is touched.
                 kiosk.event(2, monday_ts, "rating", rating_json("loket-3", std::nullopt, 4, 4))});

  // Generous deadlines: this is about arriving at all, not about timing.
  bool admin_kiosk = false, admin_a = false, admin_b = false;
  const auto admin_deadline = std::chrono::steady_clock::now() + 20s;
  while (!(admin_kiosk && admin_a && admin_b) && std::chrono::steady_clock::now() < admin_deadline) {
    auto m = admin.next(5s);
    if (!m) continue;
    if (m->at("type").as_string() == "kiosk") {
      const auto& k = m->at("kiosk").as_object();
      if (k.at("kiosk").as_string() == kiosk.kiosk() && k.at("office").as_string() == office) admin_kiosk = true;
    }
    if (is_kpi_for(*m, "pendaftaran")) {
      EXPECT_EQ(m->at("date").as_string(), "2026-11-16");
      admin_a = true;
    }
    if (is_kpi_for(*m, "pengaduan")) admin_b = true;
  }
  EXPECT_TRUE(admin_kiosk);
  EXPECT_TRUE(admin_a);
  EXPECT_TRUE(admin_b);

  // The admin has heard everything by now, so whatever the supervisor was sent is already queued.
  bool sup_a = false, sup_kiosk = false;
  for (;;) {
    auto m = sup.next(sup_a ? 1500ms : 10000ms);
    if (!m) break;
    EXPECT_FALSE(is_kpi_for(*m, "pengaduan")) << boost::json::serialize(*m);
    if (is_kpi_for(*m, "pendaftaran")) sup_a = true;
    if (m->at("type").as_string() == "kiosk") sup_kiosk = true;
  }
  EXPECT_TRUE(sup_a);
  EXPECT_TRUE(sup_kiosk);  // a user with a unit sees kiosks (they belong to offices, not units)
}

}  // namespace
}  // namespace pantau::test
