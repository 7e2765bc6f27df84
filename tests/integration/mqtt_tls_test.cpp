// Hub and kiosks through a mosquitto that speaks only TLS and requires client certificates, with a CA
// and certificates made by openssl for this run: every event arrives exactly once; a kiosk that does
// not trust the broker's CA never delivers and says why in its log.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "pantau/test/services.hpp"
#include "pantau/test/test_pki.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

class mqtt_tls_test : public ::testing::Test {
 protected:
  void SetUp() override {
    pki_ = make_test_ca(dir_ / "pki", "Pantau test CA", {"pantau-hub-test", "k-01", "k-02"});
    broker_ = std::make_unique<mosquitto_broker>(
        dir_.path(), broker_tls{pki_.ca_file, pki_.server.cert, pki_.server.key, true});
    broker_->start();
    hub_options ho;
    ho.extra_toml = mqtt_tls_toml(pki_.ca_file, pki_.clients.at("pantau-hub-test"));
    hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url(), ho);
  }

  kiosk_process& add_kiosk(const std::string& id, std::int64_t count, const std::string& tls_toml) {
    kiosk_options o;
    o.id = id;
    o.simulate_rate = 500.0;
    o.simulate_count = count;
    o.extra_toml = tls_toml;
    kiosks_.push_back(std::make_unique<kiosk_process>(dir_.path(), broker_->url(), o));
    return *kiosks_.back();
  }

  // The kiosk generated all `count` events and the hub acked every one of them.
  static bool drained(kiosk_process& k, std::int64_t count) {
    return outbox_committed(k.db_path()) == count && outbox_backlog(k.db_path()) == 0;
  }

  void expect_stored_exactly_once(kiosk_process& k, std::int64_t count) {
    SCOPED_TRACE(k.options().id);
    const auto s = hub_stored(hub_->db_path(), k.options().office, k.options().id);
    EXPECT_EQ(s.rows, count) << "hub rows vs kiosk commits";
    EXPECT_EQ(s.distinct_seq, count) << "duplicates stored";
    EXPECT_EQ(s.min_seq, 1);
    EXPECT_EQ(s.max_seq, count);
  }

  static std::int64_t connect_failures(const kiosk_process& k) {
    const std::string log = k.proc().log();
    std::int64_t n = 0;
    for (auto at = log.find("cannot connect to mqtts://"); at != std::string::npos;
         at = log.find("cannot connect to mqtts://", at + 1))
      ++n;
    return n;
  }

  temp_dir dir_;
  test_ca pki_;
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
  std::vector<std::unique_ptr<kiosk_process>> kiosks_;
};

TEST_F(mqtt_tls_test, hub_and_kiosks_over_mqtts_with_client_certificates_store_every_event_once) {
  ASSERT_EQ(broker_->url().rfind("mqtts://", 0), 0U);
  hub_->start();  // returns once /healthz says the hub's MQTT link is connected: TLS worked
  auto& k1 = add_kiosk("k-01", 3000, mqtt_tls_toml(pki_.ca_file, pki_.clients.at("k-01")));
  auto& k2 = add_kiosk("k-02", 3000, mqtt_tls_toml(pki_.ca_file, pki_.clients.at("k-02")));
  k1.start();
  k2.start();
  ASSERT_TRUE(wait_until([&] { return drained(k1, 3000) && drained(k2, 3000); }, 240s))
      << k1.proc().log() << hub_->proc().log();
  expect_stored_exactly_once(k1, 3000);
  expect_stored_exactly_once(k2, 3000);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM events"), 6000);
  EXPECT_EQ(k1.stop(), 0) << k1.proc().log();
  EXPECT_EQ(k2.stop(), 0) << k2.proc().log();
  EXPECT_EQ(hub_->stop(), 0) << hub_->proc().log();
}

TEST_F(mqtt_tls_test, a_kiosk_without_the_brokers_ca_delivers_nothing_and_logs_why) {
  const test_ca other = make_test_ca(dir_ / "other-pki", "Some other CA");
  hub_->start();
  // A valid client certificate, but the broker's certificate is checked against a CA that did not sign it.
  auto& wrong_ca = add_kiosk("k-02", 200, mqtt_tls_toml(other.ca_file, pki_.clients.at("k-02")));
  // No [mqtt.tls] at all: the system's CAs (which do not know the test CA) and no client certificate.
  auto& no_tls = add_kiosk("k-03", 200, "");
  wrong_ca.start();
  no_tls.start();
  ASSERT_TRUE(wait_until(
      [&] {
        return outbox_committed(wrong_ca.db_path()) == 200 && outbox_committed(no_tls.db_path()) == 200 &&
               connect_failures(wrong_ca) >= 2 && connect_failures(no_tls) >= 2;
      },
      60s))
      << wrong_ca.proc().log() << no_tls.proc().log();

  // A kiosk that trusts the right CA goes through the same broker and hub meanwhile.
  auto& good = add_kiosk("k-01", 200, mqtt_tls_toml(pki_.ca_file, pki_.clients.at("k-01")));
  good.start();
  ASSERT_TRUE(wait_until([&] { return drained(good, 200); }, 120s)) << good.proc().log();
  expect_stored_exactly_once(good, 200);

  for (auto* k : {&wrong_ca, &no_tls}) {
    SCOPED_TRACE(k->options().id);
    EXPECT_EQ(hub_stored(hub_->db_path(), k->options().office, k->options().id).rows, 0);
    EXPECT_EQ(outbox_backlog(k->db_path()), 200) << "kept for when TLS is fixed";
  }
  const std::string log = wrong_ca.proc().log();
  EXPECT_NE(log.find("cannot connect to " + broker_->url() + " as pantau-kiosk-binjai-dukcapil-k-02"),
            std::string::npos) << log;
  EXPECT_NE(log.find("mqtt.tls.ca_file " + other.ca_file.string()), std::string::npos) << log;
  EXPECT_NE(no_tls.proc().log().find("or set mqtt.tls.ca_file"), std::string::npos) << no_tls.proc().log();
  // The broker turned both away during the handshake, never as connected clients.
  const std::string broker_log = broker_->proc().log();
  EXPECT_EQ(broker_log.find("as pantau-kiosk-binjai-dukcapil-k-02"), std::string::npos) << broker_log;
  EXPECT_EQ(broker_log.find("as pantau-kiosk-binjai-dukcapil-k-03"), std::string::npos) << broker_log;
  EXPECT_EQ(good.stop(), 0);
  EXPECT_EQ(wrong_ca.stop(), 0);
  EXPECT_EQ(no_tls.stop(), 0);
}

// The host name is checked, not only the CA: a certificate from the trusted CA that names another
// host (as a kiosk's own certificate would) does not pass for the broker's.
TEST_F(mqtt_tls_test, a_broker_certificate_for_another_host_is_refused) {
  const test_ca elsewhere = make_test_ca(dir_ / "elsewhere-pki", "Pantau test CA 2", {"k-01"}, "DNS:broker.example.id");
  std::filesystem::create_directories(dir_ / "elsewhere");
  mosquitto_broker broker(dir_ / "elsewhere",
                          broker_tls{elsewhere.ca_file, elsewhere.server.cert, elsewhere.server.key, true});
  broker.start();
  kiosk_options o;
  o.id = "k-01";
  o.simulate_rate = 500.0;
  o.simulate_count = 100;
  o.extra_toml = mqtt_tls_toml(elsewhere.ca_file, elsewhere.clients.at("k-01"));
  kiosk_process k(dir_.path(), broker.url(), o);
  k.start();
  ASSERT_TRUE(wait_until([&] { return outbox_committed(k.db_path()) == 100 && connect_failures(k) >= 2; }, 60s))
      << k.proc().log();
  EXPECT_EQ(outbox_backlog(k.db_path()), 100);
  EXPECT_EQ(broker.proc().log().find("as pantau-kiosk-binjai-dukcapil-k-01"), std::string::npos) << broker.proc().log();
  EXPECT_EQ(k.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
