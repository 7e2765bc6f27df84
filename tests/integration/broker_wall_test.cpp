// The broker as a second wall (issue 11, part 6): a real mosquitto runs the configuration that
// `pantau-hub broker-config` writes, with a throwaway CA made by openssl. Hub and kiosk deliver through
// it; a client without a certificate is turned away; a kiosk's certificate cannot publish on another
// kiosk's events topic nor read another kiosk's config or ack.
#include <gtest/gtest.h>

#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "pantau/test/services.hpp"
#include "pantau/test/test_pki.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const std::string monday_ts = "2026-11-16T01:00:00.000Z";

class broker_wall_test : public ::testing::Test {
 protected:
  void SetUp() override {
    // Certificate names are the identities the generated ACL knows: the hub's and "<office>.<kiosk>".
    pki_ = make_test_ca(dir_ / "pki", "Pantau fleet test CA",
                        {"pantau-hub", office + ".k-01", office + ".k-02"});
    port_ = free_port();
    hub_options ho;
    ho.auto_register = false;
    ho.extra_toml = mqtt_tls_toml(pki_.ca_file, pki_.clients.at("pantau-hub"));
    hub_ = std::make_unique<hub_process>(dir_.path(), "mqtts://127.0.0.1:" + std::to_string(port_), ho);
    for (const std::string k : {"k-01", "k-02"}) {
      std::string out;
      ASSERT_EQ(hub_->run_command({"kiosk", "add", office, k, "--public-key", test_kiosk_public_key(office, k)}, &out), 0)
          << out;
    }
    std::vector<std::string> args{"broker-config", "--out", (dir_ / "broker").string(),
                                  "--ca-file", pki_.ca_file.string(), "--cert-file", pki_.server.cert.string(),
                                  "--key-file", pki_.server.key.string(), "--bind", "127.0.0.1",
                                  "--port", std::to_string(port_)};
    // Started as root, mosquitto becomes its own user before it reads the key in this test's private
    // folder: it stays who runs the test.
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) {
      args.push_back("--user");
      args.push_back(pw->pw_name);
    }
    std::string out;
    ASSERT_EQ(hub_->run_command(args, &out), 0) << out;
    broker_ = std::make_unique<mosquitto_broker>(
        mosquitto_broker::from_config(dir_ / "broker", dir_ / "broker" / "mosquitto.conf", port_));
    broker_->start();
  }

  // mosquitto_pub / mosquitto_sub (MQTT v5) against the test broker, as kiosk `cn` (no certificate
  // when empty); returns the exit status and, in `output`, what it printed.
  int client(const std::string& program, const std::string& cn, std::vector<std::string> args,
             std::string* output = nullptr) {
    std::vector<std::string> argv{"/usr/bin/" + program, "-V", "5", "-h", "127.0.0.1", "-p", std::to_string(port_),
                                  "--cafile", pki_.ca_file.string(), "-i", "wall-test-" + std::to_string(++clients_)};
    if (!cn.empty()) {
      argv.insert(argv.end(), {"--cert", pki_.clients.at(cn).cert.string(), "--key", pki_.clients.at(cn).key.string()});
    }
    argv.insert(argv.end(), args.begin(), args.end());
    const auto log = dir_ / ("client-" + std::to_string(clients_) + ".log");
    child_process p(argv, log);
    const int status = p.wait(30s);
    if (output != nullptr) *output = read_file(log);
    return status == -1 ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : 128);
  }

  temp_dir dir_{"pantau-broker-wall"};
  test_ca pki_;
  std::uint16_t port_ = 0;
  int clients_ = 0;
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
};

TEST_F(broker_wall_test, hub_and_kiosk_deliver_through_it_and_no_one_writes_or_reads_another_kiosks_topics) {
  hub_->start();  // returns once the hub is connected and subscribed: its identity passed the ACL
  // k-02's certificate listens to k-01's ack and config while k-01 delivers (until another client with
  // k-02's certificate connects below: one identity, one connection). mosquitto 2.0 grants the
  // subscription but delivers nothing the ACL does not let it read: what it printed is checked below.
  const auto spy_log = dir_ / "spy.log";
  // Line-buffered, so that the SUBACK line is in the log while it runs.
  child_process spy({"/usr/bin/stdbuf", "-oL", "/usr/bin/mosquitto_sub", "-d", "-v", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p",
                     std::to_string(port_), "--cafile", pki_.ca_file.string(), "--cert",
                     pki_.clients.at(office + ".k-02").cert.string(), "--key",
                     pki_.clients.at(office + ".k-02").key.string(), "-i", "wall-test-spy", "-t",
                     "pantau/v1/" + office + "/k-01/ack", "-t", "pantau/v1/" + office + "/k-01/config"},
                    spy_log);
  ASSERT_TRUE(wait_until([&] { return read_file(spy_log).find("SUBACK") != std::string::npos; }, 30s))
      << read_file(spy_log);
  kiosk_options ko;
  ko.id = "k-01";
  ko.simulate_rate = 200.0;
  ko.simulate_count = 50;
  ko.extra_toml = mqtt_tls_toml(pki_.ca_file, pki_.clients.at(office + ".k-01"));
  kiosk_process k1(dir_.path(), broker_->url(), ko);
  k1.start();
  ASSERT_TRUE(wait_until([&] { return outbox_committed(k1.db_path()) == 50 && outbox_backlog(k1.db_path()) == 0; },
                         120s))
      << k1.proc().log() << hub_->proc().log() << broker_->proc().log();

  // A client without a certificate does not get in.
  std::string out;
  EXPECT_NE(client("mosquitto_pub", "", {"-q", "1", "-t", "pantau/v1/" + office + "/k-01/events", "-m", "{}"}, &out), 0)
      << out;

  // k-02's certificate, publishing an event of k-01 with the next seq, then one of its own.
  const wire_kiosk as_k01{office, "k-01"};
  const wire_kiosk as_k02{office, "k-02"};
  client("mosquitto_pub", office + ".k-02",
         {"-q", "1", "-t", "pantau/v1/" + office + "/k-01/events", "-m",
          as_k01.event(51, monday_ts, "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt))},
         &out);
  std::string lower = out;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_NE(lower.find("not authori"), std::string::npos) << "MQTT v5 reason code 135: " << out;
  EXPECT_EQ(client("mosquitto_pub", office + ".k-02",
                   {"-q", "1", "-t", "pantau/v1/" + office + "/k-02/events", "-m",
                    as_k02.event(1, monday_ts, "rating", rating_json("loket-1", std::nullopt, 3, std::nullopt))},
                   &out),
            0)
      << out;
  // Its own arrives; the forged one, published before it by the same client, never reached the hub.
  ASSERT_TRUE(wait_until([&] { return hub_stored(hub_->db_path(), office, "k-02").rows == 1; }, 60s))
      << hub_->proc().log() << broker_->proc().log();
  const auto k01 = hub_stored(hub_->db_path(), office, "k-01");
  EXPECT_EQ(k01.rows, 50);
  EXPECT_EQ(k01.distinct_seq, 50);
  EXPECT_EQ(k01.max_seq, 50);

  // Reading: k-01 gets its own retained config at once; a new subscriber with k-02's certificate
  // does not, and the spy got none of the 50 acks nor the config that went to k-01 meanwhile.
  EXPECT_EQ(client("mosquitto_sub", office + ".k-01",
                   {"-q", "1", "-C", "1", "-W", "20", "-t", "pantau/v1/" + office + "/k-01/config"}, &out),
            0)
      << out;
  EXPECT_NE(out.find("\"roster\""), std::string::npos) << out;
  spy.stop(SIGTERM);
  const std::string spied = read_file(spy_log);
  EXPECT_NE(spied.find("SUBACK"), std::string::npos) << spied;
  EXPECT_EQ(spied.find("pantau/v1/" + office + "/k-01/ack "), std::string::npos) << spied;
  EXPECT_EQ(spied.find("pantau/v1/" + office + "/k-01/config "), std::string::npos) << spied;
  EXPECT_EQ(spied.find("PUBLISH"), std::string::npos) << spied;

  EXPECT_EQ(k1.stop(), 0) << k1.proc().log();
  EXPECT_EQ(hub_->stop(), 0) << hub_->proc().log();
}

// Client ids are pinned to identities: a client holding k-02's certificate that connects with k-01's
// client id gets k-02's id from the broker, so k-01's connection is not taken over and it keeps
// delivering.
TEST_F(broker_wall_test, another_kiosks_client_id_does_not_disconnect_it) {
  hub_->start();
  kiosk_options ko;
  ko.id = "k-01";
  ko.extra_toml = mqtt_tls_toml(pki_.ca_file, pki_.clients.at(office + ".k-01"));
  kiosk_process k1(dir_.path(), broker_->url(), ko);
  ASSERT_EQ(k1.emit(10), 0);
  k1.start();
  ASSERT_TRUE(wait_until([&] { return outbox_backlog(k1.db_path()) == 0; }, 60s)) << k1.proc().log();
  const std::string k01_id = "pantau-kiosk-" + office + "-k-01";  // what the kiosk asks for by default
  for (const std::string id : {k01_id, office + ".k-01"}) {
    std::vector<std::string> argv{"/usr/bin/mosquitto_pub", "-V", "5", "-h", "127.0.0.1", "-p", std::to_string(port_),
                                  "--cafile", pki_.ca_file.string(), "--cert",
                                  pki_.clients.at(office + ".k-02").cert.string(), "--key",
                                  pki_.clients.at(office + ".k-02").key.string(), "-i", id, "-q", "1", "-t",
                                  "pantau/v1/" + office + "/k-02/status", "-n"};
    child_process p(argv, dir_ / "takeover.log");
    EXPECT_NE(p.wait(30s), -1);
  }
  ASSERT_EQ(k1.emit(5), 0);
  ASSERT_TRUE(wait_until([&] { return outbox_backlog(k1.db_path()) == 0; }, 60s)) << k1.proc().log();
  EXPECT_EQ(hub_stored(hub_->db_path(), office, "k-01").distinct_seq, 15);
  // Had the broker handed k-01's id over, k-01 would have been told so (reason 142) and reconnected,
  // before the five later events drained.
  EXPECT_EQ(k1.proc().log().find("connection lost"), std::string::npos) << k1.proc().log();
  EXPECT_EQ(k1.proc().log().find("disconnected us"), std::string::npos) << k1.proc().log();
  EXPECT_EQ(k1.stop(), 0) << k1.proc().log();
}

}  // namespace
}  // namespace pantau::test
