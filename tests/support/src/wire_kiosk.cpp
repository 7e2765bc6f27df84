#include "pantau/test/wire_kiosk.hpp"

#include <mqtt/async_client.h>

#include <cstdio>
#include <ctime>

#include "pantau/shared/event.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {

wire_kiosk::wire_kiosk(std::string office, std::string kiosk) : office_(std::move(office)), kiosk_(std::move(kiosk)) {
  enrol_in_test_fleet(office_, kiosk_);
}

std::string wire_kiosk::event(std::int64_t seq, const std::string& ts, const std::string& type,
                              const std::string& data) const {
  return event(seq, ts, type, data, wire_clock{});
}

std::string wire_kiosk::event(std::int64_t seq, const std::string& ts, const std::string& type, const std::string& data,
                              const wire_clock& clock) const {
  char id[48];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", static_cast<long long>(seq % 1'000'000'000'000));
  const std::string json = R"({"v":1,"id":")" + std::string(id) + R"(","kiosk":")" + kiosk_ + R"(","office":")" +
                           office_ + R"(","seq":)" + std::to_string(seq) + R"(,"prev":")" + std::string(chain_start) +
                           R"(","boot":")" + clock.boot + R"(","mono_ms":)" +
                           std::to_string(clock.mono_ms.value_or(seq % 1'000'000'000 * 1000)) + R"(,"ts":")" + ts +
                           R"(","clock":")" + (clock.synced ? "synced" : "unsynced") + R"(","type":")" + type + R"(","data":)" + data + "}";
  // Signed with this kiosk's test key: the hub takes nothing else (DESIGN §10).
  return signing::seal(json, *signing::parse_secret_key(test_kiosk_secret_key(office_, kiosk_)));
}

void wire_kiosk::publish(const std::string& broker_url, const std::vector<std::string>& events) const {
  mqtt::async_client client(broker_url, "pantau-test-" + kiosk_, mqtt::create_options(MQTTVERSION_5));
  client.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
  const std::string topic = "pantau/v1/" + office_ + "/" + kiosk_ + "/events";
  for (const auto& e : events) client.publish(topic, e.data(), e.size(), 1, false)->wait();
  client.disconnect()->wait();
}

std::string attendance_json(const std::string& nip, const std::string& action) {
  return R"({"employee":")" + nip + R"(","action":")" + action + R"(","method":"badge","face":"present","photo":null})";
}

std::string rating_json(const std::string& counter, const std::optional<std::string>& employee, int overall,
                        std::optional<int> elements) {
  std::string el = "null";
  if (elements) {
    el = "[";
    for (int i = 0; i < 9; ++i) el += (i > 0 ? "," : "") + std::to_string(*elements);
    el += "]";
  }
  return R"({"counter":")" + counter + R"(","employee":)" + (employee ? "\"" + *employee + "\"" : "null") +
         R"(,"overall":)" + std::to_string(overall) + R"(,"elements":)" + el + R"(,"misuse":false})";
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace pantau::test
