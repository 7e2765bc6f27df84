// GET /api/v1/kpi end to end: a real mosquitto and pantau-hub, the demo organisation from
// `pantau-hub seed-demo`, events with known content published raw over MQTT, and the numbers checked
// against a table computed by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const wire_kiosk kiosk{"binjai-dukcapil", "k-09"};
const std::string nip_a = "198909122019121001";  // demo unit pendaftaran, regular at loket-1

std::string service(const std::string& ticket, const std::string& action) {
  return R"({"counter":"loket-1","employee":")" + nip_a + R"(","ticket":")" + ticket + R"(","action":")" + action +
         R"("})";
}
std::string counter(const std::string& action) {
  return R"({"counter":"loket-1","employee":")" + nip_a + R"(","action":")" + action + R"("})";
}

// The hand-computed table's events, published raw to the broker.
void publish_table(const demo_hub& demo) {
  // Monday 16 and Tuesday 17 November 2026 (WIB = UTC+7).
  const std::vector<std::string> events = {
      kiosk.event(1, "2026-11-16T01:00:59.000Z", "attendance", attendance_json(nip_a, "in")),  // 08:00:59 -> TL1
      kiosk.event(2, "2026-11-16T09:05:00.000Z", "attendance", attendance_json(nip_a, "out")),  // 16:05
      kiosk.event(3, "2026-11-16T03:00:00.000Z", "rating", rating_json("loket-1", nip_a, 4, 4)),
      kiosk.event(4, "2026-11-16T03:10:00.000Z", "rating", rating_json("loket-1", std::nullopt, 2, 3)),
      kiosk.event(5, "2026-11-16T02:00:00.000Z", "service", service("A001", "start")),
      kiosk.event(6, "2026-11-16T02:05:00.000Z", "service", service("A001", "end")),  // 300 s
      kiosk.event(7, "2026-11-17T00:25:00.000Z", "attendance", attendance_json(nip_a, "in")),  // 07:25 on time
      kiosk.event(8, "2026-11-17T08:29:00.000Z", "attendance", attendance_json(nip_a, "out")),  // 15:29 -> PSW2
      kiosk.event(9, "2026-11-17T00:30:00.000Z", "counter", counter("open")),
      kiosk.event(10, "2026-11-17T08:30:00.000Z", "counter", counter("close")),  // open 8 h
      kiosk.event(11, "2026-11-17T02:00:00.000Z", "service", service("A001", "start")),
      kiosk.event(12, "2026-11-17T02:01:40.000Z", "service", service("A001", "end")),  // 100 s
  };
  kiosk.publish(demo.broker.url(), events);
}

const std::string unit_target = "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-16&to=2026-11-17";
const std::string unit_table =
    R"({"attendance":{"expected":6,"present":2,"on_time":1,"late":{"TL1":1,"TL2":0,"TL3":0,"TL4":0},)"
    R"("early_leave":{"PSW1":0,"PSW2":1,"PSW3":0,"PSW4":0},"absent":4,"needs_review":0,"on_leave":0},)"
    R"("satisfaction":{"responses":2,"counts":[0,1,0,1],"csat":5E-1,"quick_index":7.5E1,"ikm":8.75E1,)"
    R"("grade":"B","nrr":[3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0],"quick_grade":"C",)"
    R"("misuse_excluded":0},"service":{"served":2,"mean_s":2E2,"p90_s":3E2,"per_hour":2.5E-1}})";

TEST(kpi_integration_test, kpi_numbers_match_the_hand_computed_table) {
  demo_hub demo;
  auto& hub = demo.hub;
  publish_table(demo);
  ASSERT_TRUE(wait_until([&] { return sql_int(hub.db_path(), "SELECT count(*) FROM events") == 12; }, 30s));

  const std::string cookie = hub.login();
  ASSERT_FALSE(cookie.empty());
  auto r = demo.call("GET", unit_target, cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, unit_table);

  r = demo.call("GET", "/api/v1/kpi?scope=employee&id=" + nip_a + "&from=2026-11-16&to=2026-11-17", cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("expected":2,"present":2,"on_time":1)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("responses":1,"counts":[0,0,0,1])"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("ikm":1E2,"grade":"A")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("served":2,"mean_s":2E2,"p90_s":3E2,"per_hour":null)"), std::string::npos) << r.body;

  EXPECT_EQ(demo.call("GET", "/api/v1/kpi?scope=unit&id=nope&from=2026-11-16&to=2026-11-17", cookie).status, 404);
  EXPECT_EQ(demo.call("GET", "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-17&to=2026-11-16", cookie).status,
            400);
  EXPECT_EQ(http_get(hub.http_port(), "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-16&to=2026-11-17").status,
            401);
  EXPECT_EQ(hub.stop(), 0);
}

// A bulk load without the aggregates leaves /kpi behind the events until `aggregates rebuild`, which
// gives exactly the numbers the incremental path gives.
TEST(kpi_integration_test, a_load_without_aggregates_is_caught_up_by_the_rebuild_command) {
  hub_options o;
  o.aggregates = false;
  demo_hub demo({}, o);
  auto& hub = demo.hub;
  publish_table(demo);
  ASSERT_TRUE(wait_until([&] { return sql_int(hub.db_path(), "SELECT count(*) FROM events") == 12; }, 30s));
  auto r = demo.call("GET", unit_target, hub.login());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("present":0)"), std::string::npos) << r.body;
  EXPECT_EQ(hub.stop(), 0);

  std::string out;
  ASSERT_EQ(hub.run_command({"aggregates", "rebuild"}, &out), 0) << out;
  EXPECT_NE(out.find("12"), std::string::npos) << out;
  hub.start();
  r = demo.call("GET", unit_target, hub.login());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, unit_table);
  EXPECT_EQ(hub.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
