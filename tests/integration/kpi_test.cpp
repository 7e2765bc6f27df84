// GET /api/v1/kpi end to end: a real mosquitto and pantau-hub, the demo organisation from
// `pantau-hub seed-demo`, events with known content published raw over MQTT, and the numbers checked
// against a table computed by hand.
#include <gtest/gtest.h>

#include <mqtt/async_client.h>

#include <memory>

#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const std::string kiosk = "k-09";
const std::string nip_a = "198909122019121001";  // demo unit pendaftaran, regular at loket-1

std::string event_json(std::int64_t seq, const std::string& ts, const std::string& type, const std::string& data) {
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", static_cast<long long>(seq));
  return R"({"v":1,"id":")" + std::string(id) + R"(","kiosk":")" + kiosk + R"(","office":")" + office +
         R"(","seq":)" + std::to_string(seq) + R"(,"boot":"b-1","mono_ms":)" + std::to_string(seq * 1000) +
         R"(,"ts":")" + ts + R"(","clock":"synced","type":")" + type + R"(","data":)" + data + "}";
}

std::string attendance(const std::string& action) {
  return R"({"employee":")" + nip_a + R"(","action":")" + action + R"(","method":"badge","face":"present","photo":null})";
}
std::string rating(const std::string& employee, int overall, int elements) {
  std::string el = "[";
  for (int i = 0; i < 9; ++i) el += (i > 0 ? "," : "") + std::to_string(elements);
  el += "]";
  return R"({"counter":"loket-1","employee":)" + employee + R"(,"overall":)" + std::to_string(overall) +
         R"(,"elements":)" + el + R"(,"misuse":false})";
}
std::string service(const std::string& ticket, const std::string& action) {
  return R"({"counter":"loket-1","employee":")" + nip_a + R"(","ticket":")" + ticket + R"(","action":")" + action + R"("})";
}
std::string counter(const std::string& action) {
  return R"({"counter":"loket-1","employee":")" + nip_a + R"(","action":")" + action + R"("})";
}

// Logged-in GET; the one place that knows how a test gets a session.
http_response kpi_get(hub_process& hub, const std::string& cookie, const std::string& target) {
  return http_request(hub.http_port(), "GET", target, {}, {{"Cookie", cookie}});
}

TEST(kpi_integration_test, kpi_numbers_match_the_hand_computed_table) {
  temp_dir dir;
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  std::string out;
  ASSERT_EQ(hub.run_command({"seed-demo"}, &out), 0) << out;
  hub.start();

  // Monday 16 and Tuesday 17 November 2026 (WIB = UTC+7).
  const std::vector<std::string> events = {
      event_json(1, "2026-11-16T01:00:59.000Z", "attendance", attendance("in")),    // 08:00:59 -> TL1
      event_json(2, "2026-11-16T09:05:00.000Z", "attendance", attendance("out")),   // 16:05
      event_json(3, "2026-11-16T03:00:00.000Z", "rating", rating("\"" + nip_a + "\"", 4, 4)),
      event_json(4, "2026-11-16T03:10:00.000Z", "rating", rating("null", 2, 3)),
      event_json(5, "2026-11-16T02:00:00.000Z", "service", service("A001", "start")),
      event_json(6, "2026-11-16T02:05:00.000Z", "service", service("A001", "end")),      // 300 s
      event_json(7, "2026-11-17T00:25:00.000Z", "attendance", attendance("in")),    // 07:25 on time
      event_json(8, "2026-11-17T08:29:00.000Z", "attendance", attendance("out")),   // 15:29 -> PSW2
      event_json(9, "2026-11-17T00:30:00.000Z", "counter", counter("open")),
      event_json(10, "2026-11-17T08:30:00.000Z", "counter", counter("close")),      // open 8 h
      event_json(11, "2026-11-17T02:00:00.000Z", "service", service("A001", "start")),
      event_json(12, "2026-11-17T02:01:40.000Z", "service", service("A001", "end")),     // 100 s
  };
  {
    mqtt::async_client client(broker.url(), "kpi-test-publisher", mqtt::create_options(MQTTVERSION_5));
    client.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
    for (const auto& e : events)
      client.publish("pantau/v1/" + office + "/" + kiosk + "/events", e.data(), e.size(), 1, false)->wait();
    client.disconnect()->wait();
  }
  ASSERT_TRUE(wait_until([&] { return sql_int(hub.db_path(), "SELECT count(*) FROM events") == 12; }, 30s));

  const std::string cookie = hub.login();
  ASSERT_FALSE(cookie.empty());
  auto r = kpi_get(hub, cookie, "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-16&to=2026-11-17");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body,
            R"({"attendance":{"expected":6,"present":2,"on_time":1,"late":{"TL1":1,"TL2":0,"TL3":0,"TL4":0},)"
            R"("early_leave":{"PSW1":0,"PSW2":1,"PSW3":0,"PSW4":0},"absent":4,"needs_review":0},)"
            R"("satisfaction":{"responses":2,"counts":[0,1,0,1],"csat":5E-1,"quick_index":7.5E1,"ikm":8.75E1,)"
            R"("grade":"B","nrr":[3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0,3.5E0],"quick_grade":"C",)"
            R"("misuse_excluded":0},"service":{"served":2,"mean_s":2E2,"p90_s":3E2,"per_hour":2.5E-1}})");

  r = kpi_get(hub, cookie, "/api/v1/kpi?scope=employee&id=" + nip_a + "&from=2026-11-16&to=2026-11-17");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("expected":2,"present":2,"on_time":1)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("responses":1,"counts":[0,0,0,1])"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("ikm":1E2,"grade":"A")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("served":2,"mean_s":2E2,"p90_s":3E2,"per_hour":null)"), std::string::npos) << r.body;

  EXPECT_EQ(kpi_get(hub, cookie, "/api/v1/kpi?scope=unit&id=nope&from=2026-11-16&to=2026-11-17").status, 404);
  EXPECT_EQ(kpi_get(hub, cookie, "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-17&to=2026-11-16").status, 400);
  EXPECT_EQ(http_get(hub.http_port(), "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-16&to=2026-11-17").status,
            401);
  EXPECT_EQ(hub.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
