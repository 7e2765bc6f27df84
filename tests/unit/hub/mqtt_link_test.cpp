// The MQTT link against a real mosquitto on loopback: subscribe, ingest, ack after commit,
// reconnect and re-subscribe after a broker restart, shared-subscription form.
#include <gtest/gtest.h>
#include <mqtt/async_client.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fcntl.h>

#include <fstream>
#include <mutex>
#include <thread>

#include "hub_fakes.hpp"
#include "pantau/hub/mqtt/ingest_pipeline.hpp"
#include "pantau/hub/mqtt/mqtt_link.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "test_dir.hpp"

extern char** environ;

namespace pantau::hub {
namespace {

using namespace std::chrono_literals;
const std::string office = "test-office";

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool port_open(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

bool wait_for(const std::function<bool()>& cond, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return cond();
}

class broker {
 public:
  broker(std::filesystem::path dir, std::uint16_t port) : dir_(std::move(dir)), port_(port) {}
  ~broker() { stop(); }
  void start() {
    const auto conf = dir_ / "mosquitto.conf";
    std::ofstream(conf) << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        << "max_queued_messages 100000\nmax_inflight_messages 0\n";
    std::string exe = "/usr/sbin/mosquitto", c = "-c", path = conf.string();
    char* argv[] = {exe.data(), c.data(), path.data(), nullptr};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string log = (dir_ / "mosquitto.log").string();
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    ASSERT_EQ(posix_spawn(&pid_, exe.c_str(), &fa, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    ASSERT_TRUE(wait_for([&] { return port_open(port_); }, 5s));
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = -1;
};

// A kiosk stand-in: publishes raw payloads and records the acks it gets.
class kiosk_client {
 public:
  kiosk_client(const std::string& url, const std::string& kiosk)
      : kiosk_(kiosk), client_(url, "test-" + kiosk, mqtt::create_options(MQTTVERSION_5, 100000)) {
    client_.set_message_callback([this](mqtt::const_message_ptr m) {
      auto a = decode_ack(m->get_payload_str());
      std::lock_guard lock(mu_);
      if (a.ok())
        for (auto [from, to] : a->acked)
          for (auto s = from; s <= to; ++s) acked_.push_back(s);
    });
    auto opts = mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize();
    client_.connect(opts)->wait();
    client_.subscribe(topics::make(office, kiosk_, topics::kind::ack), 1)->wait();
  }
  ~kiosk_client() {
    try {
      client_.disconnect()->wait();
    } catch (...) {
    }
  }
  void send(std::int64_t seq) {
    const auto payload = test::event_payload(office, kiosk_, seq, test::uuid_of(seq, kiosk_.back() - '0'));
    client_.publish(topics::make(office, kiosk_, topics::kind::events), payload.data(), payload.size(), 1, false)
        ->wait();
  }
  std::size_t acked() {
    std::lock_guard lock(mu_);
    return acked_.size();
  }

 private:
  std::string kiosk_;
  mqtt::async_client client_;
  std::mutex mu_;
  std::vector<std::int64_t> acked_;
};

class mqtt_link_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-mqtt");
    std::filesystem::create_directories(dir_);
    port_ = free_port();
    broker_ = std::make_unique<broker>(dir_, port_);
    auto s = sqlite_store::open((dir_ / "hub.db").string());
    auto enrolment = sqlite_catalog::open((dir_ / "hub.db").string());
    ASSERT_TRUE(enrolment.ok() && test::enrol_test_kiosks(**enrolment, office, {"k-1", "k-2"}));
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
  }
  void TearDown() override {
    if (link_) link_->stop(1s);
    if (pipeline_) pipeline_->stop();
    link_.reset();
    pipeline_.reset();
    broker_.reset();
    std::filesystem::remove_all(dir_);
  }
  void start_hub(std::string share_group = {}) {
    mqtt_link_options o;
    o.mqtt.url = broker_->url();
    o.mqtt.client_id = "hub-under-test";
    o.mqtt.share_group = std::move(share_group);
    o.backoff_min = 100ms;
    o.backoff_max = 400ms;
    link_ = std::make_unique<mqtt_link>(o, metrics_);
    pipeline_ = std::make_unique<ingest_pipeline>(engine_, *store_, metrics_, *link_, pipeline_options{});
    link_->on_message([this](queued_message&& m) { pipeline_->push(std::move(m)); });
    pipeline_->start();
    link_->start();
  }

  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<broker> broker_;
  std::unique_ptr<sqlite_store> store_;
  metrics metrics_;
  ingest engine_{ingest_options{}, metrics_};
  std::unique_ptr<mqtt_link> link_;
  std::unique_ptr<ingest_pipeline> pipeline_;
};

TEST_F(mqtt_link_test, events_in_acks_out_and_a_broker_restart_is_survived) {
  broker_->start();
  start_hub();
  ASSERT_TRUE(wait_for([&] { return link_->connected(); }));
  EXPECT_EQ(metrics_.mqtt_connected.value(), 1);
  {
    kiosk_client k(broker_->url(), "k-1");
    for (int i = 1; i <= 200; ++i) k.send(i);
    ASSERT_TRUE(wait_for([&] { return k.acked() == 200; })) << k.acked();
  }
  EXPECT_EQ(metrics_.events_stored.value(), 200u);

  broker_->stop();
  ASSERT_TRUE(wait_for([&] { return !link_->connected(); }));
  EXPECT_EQ(metrics_.mqtt_connected.value(), 0);
  broker_->start();
  ASSERT_TRUE(wait_for([&] { return link_->connected(); })) << "reconnects with backoff and re-subscribes";
  kiosk_client k(broker_->url(), "k-1");
  for (int i = 201; i <= 210; ++i) k.send(i);
  ASSERT_TRUE(wait_for([&] { return k.acked() == 10; }));
  EXPECT_EQ(metrics_.events_stored.value(), 210u);
}

TEST_F(mqtt_link_test, shared_subscription_form_receives_events) {
  broker_->start();
  start_hub("pantau-hub");
  ASSERT_TRUE(wait_for([&] { return link_->connected(); }));
  kiosk_client k(broker_->url(), "k-2");
  for (int i = 1; i <= 20; ++i) k.send(i);
  ASSERT_TRUE(wait_for([&] { return k.acked() == 20; }));
}

TEST_F(mqtt_link_test, no_broker_means_disconnected_retrying_and_a_prompt_stop) {
  start_hub();  // nothing listens on the port yet
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(link_->connected());
  // Paho may queue it while a connect is in progress or refuse it; either way nothing breaks.
  link_->publish_ack("pantau/v1/x/y/ack", "{}");
  broker_->start();
  ASSERT_TRUE(wait_for([&] { return link_->connected(); }));
  const auto t0 = std::chrono::steady_clock::now();
  link_->stop_intake();
  pipeline_->stop();
  link_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  EXPECT_FALSE(link_->connected());
}

}  // namespace
}  // namespace pantau::hub
