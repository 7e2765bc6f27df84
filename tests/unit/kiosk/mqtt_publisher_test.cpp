// The Paho publisher against a real mosquitto and a small fake hub that acks (or not) like the real one.
#include "pantau/kiosk/mqtt_publisher.hpp"

#include <gtest/gtest.h>
#include <mqtt/async_client.h>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <set>
#include <thread>

#include "pantau/kiosk/sqlite_outbox.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"
#include "test_util.hpp"

namespace pantau::kiosk {
namespace {

using namespace std::chrono_literals;

const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};

// Subscribes to every kiosk's events and status; acks each event unless told not to.
class fake_hub {
 public:
  explicit fake_hub(const std::string& url)
      : client_(url, "fake-hub-" + std::to_string(::getpid()), mqtt::create_options(MQTTVERSION_5)) {
    client_.set_message_callback([this](mqtt::const_message_ptr m) { on_message(*m); });
    auto opts = mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize();
    client_.connect(opts)->wait();
    client_.subscribe(topics::filter(topics::kind::events), 1)->wait();
    client_.subscribe(topics::filter(topics::kind::status), 1)->wait();
  }
  ~fake_hub() {
    try {
      client_.disconnect()->wait_for(2s);
    } catch (const mqtt::exception&) {
    }
  }

  void set_acking(bool on) {
    std::lock_guard g(m_);
    acking_ = on;
  }
  void reject(std::int64_t seq) {
    std::lock_guard g(m_);
    reject_.insert(seq);
  }
  std::vector<std::int64_t> seqs() {
    std::lock_guard g(m_);
    return seqs_;
  }
  std::vector<std::string> statuses() {
    std::lock_guard g(m_);
    return statuses_;
  }

 private:
  void on_message(const mqtt::message& m) {
    auto t = topics::parse(m.get_topic());
    if (!t) return;
    std::lock_guard g(m_);
    if (t->kind == topics::kind::status) {
      statuses_.push_back(m.to_string());
      return;
    }
    const auto header = peek_event_header(m.to_string());
    seqs_.push_back(header.seq);
    if (!acking_) return;
    ack a;
    if (reject_.count(header.seq))
      a.rejected.push_back({header.seq, "invalid_field"});
    else
      a.acked.emplace_back(header.seq, header.seq);
    try {
      client_.publish(topics::make(t->office, t->kiosk, topics::kind::ack), encode_ack(a), 1, false);
    } catch (const mqtt::exception&) {
      // Lost ack: the kiosk sends the event again, as after any lost ack.
    }
  }

  mqtt::async_client client_;
  std::mutex m_;
  bool acking_ = true;
  std::set<std::int64_t> reject_;
  std::vector<std::int64_t> seqs_;
  std::vector<std::string> statuses_;
};

class mqtt_publisher_test : public ::testing::Test {
 protected:
  void SetUp() override { broker_.start(); }
  void TearDown() override { stop(); }

  std::unique_ptr<sqlite_outbox> open_outbox() {
    auto box = sqlite_outbox::open({(dir_.path() / "outbox.db").string()}, event_factory(identity, clk_));
    EXPECT_TRUE(box) << box.err().message;
    return std::move(box).value();
  }

  void append(std::size_t n) {
    rating_data r;
    r.counter = "loket-1";
    r.overall = 4;
    ASSERT_TRUE(writer_->append_many(std::vector<event_data>(n, r)));
  }

  void start(int resend_after_ms = 2000, std::size_t window = 100) {
    publisher_options o;
    o.mqtt.url = broker_.url();
    o.office = identity.office;
    o.kiosk = identity.kiosk;
    o.delivery = {.window = window, .resend_after_ms = resend_after_ms};
    o.status_interval_s = 1;
    o.version = "test";
    o.backoff_initial_ms = 100;
    o.backoff_max_ms = 400;
    auto p = mqtt_publisher::create(o, open_outbox(), clk_);
    ASSERT_TRUE(p) << p.err().message;
    publisher_ = std::move(p).value();
    loop_ = std::thread([this] { publisher_->run(); });
  }

  void stop() {
    if (!publisher_) return;
    publisher_->stop();
    if (loop_.joinable()) loop_.join();
  }

  bool drained(std::chrono::milliseconds timeout = 10s) {
    return test_util::wait_until([&] { return *writer_->backlog() == 0; }, timeout);
  }

  static std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> v;
    for (auto s = from; s <= to; ++s) v.push_back(s);
    return v;
  }

  test_util::temp_dir dir_;
  test_util::mosquitto broker_{dir_.path()};
  system_clock clk_;
  std::unique_ptr<sqlite_outbox> writer_ = open_outbox();
  std::unique_ptr<mqtt_publisher> publisher_;
  std::thread loop_;
};

TEST_F(mqtt_publisher_test, delivers_backlog_and_later_appends_in_order_then_goes_offline) {
  fake_hub hub(broker_.url());
  append(250);
  start();
  ASSERT_TRUE(drained());
  append(40);  // another connection, as `pantau-kiosk emit` would
  ASSERT_TRUE(drained());
  EXPECT_EQ(hub.seqs(), range(1, 290));
  EXPECT_EQ(publisher_->stats().acked, 290u);
  ASSERT_TRUE(test_util::wait_until([&] { return !hub.statuses().empty(); }, 5s));
  auto first = decode_status(hub.statuses().front());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->state, "online");
  EXPECT_EQ(first->version, "test");

  stop();
  ASSERT_TRUE(test_util::wait_until(
      [&] { return decode_status(hub.statuses().back()).value().state == "offline"; }, 5s));
  auto last = decode_status(hub.statuses().back());
  EXPECT_EQ(last->last_seq, 290);
  EXPECT_EQ(last->backlog, 0);
}

TEST_F(mqtt_publisher_test, keeps_events_until_the_hub_acks_and_resends_them) {
  fake_hub hub(broker_.url());
  hub.set_acking(false);
  append(20);
  start(300);
  ASSERT_TRUE(test_util::wait_until([&] { return hub.seqs().size() >= 40; }, 10s));
  EXPECT_GE(publisher_->stats().resends, 1u);
  EXPECT_EQ(*writer_->backlog(), 20);
  auto seen = hub.seqs();
  EXPECT_EQ(std::vector<std::int64_t>(seen.begin(), seen.begin() + 20), range(1, 20));
  EXPECT_EQ(std::vector<std::int64_t>(seen.begin() + 20, seen.begin() + 40), range(1, 20));  // again, in order
  hub.set_acking(true);
  ASSERT_TRUE(drained());
}

TEST_F(mqtt_publisher_test, never_has_more_than_the_window_unacked) {
  fake_hub hub(broker_.url());
  hub.set_acking(false);
  append(500);
  start(60'000, 64);
  // Paho serves all clients of a process from one socket thread, so this second client's connect
  // can take a second or so to be noticed.
  ASSERT_TRUE(test_util::wait_until([&] { return publisher_->stats().ready; }, 10s));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(hub.seqs(), range(1, 64));
  hub.set_acking(true);
  stop();  // restart so the unacked 64 go out again, now acked
  publisher_.reset();
  start(60'000, 64);
  ASSERT_TRUE(drained());
}

TEST_F(mqtt_publisher_test, rejected_events_are_deleted_too) {
  fake_hub hub(broker_.url());
  hub.reject(3);
  append(5);
  start();
  ASSERT_TRUE(drained());
  EXPECT_EQ(publisher_->stats().rejected, 1u);
}

TEST_F(mqtt_publisher_test, reconnects_after_the_broker_comes_back_and_resends) {
  append(10);
  {
    fake_hub hub(broker_.url());
    start();
    ASSERT_TRUE(drained());
  }
  broker_.kill();
  append(30);  // committed while the broker is gone
  std::this_thread::sleep_for(600ms);
  broker_.start();
  fake_hub hub(broker_.url());
  ASSERT_TRUE(drained(15s));
  EXPECT_GE(publisher_->stats().connects, 2u);
  // Whatever went out before this hub subscribed is sent again after the timeout.
  auto seen = hub.seqs();
  const auto want = range(11, 40);
  EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()), std::set<std::int64_t>(want.begin(), want.end()));
}

TEST_F(mqtt_publisher_test, a_refused_connection_is_logged_as_an_error_and_retried) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
  test_util::temp_dir strict_dir;
  test_util::mosquitto strict(strict_dir.path(), false);
  strict.start();
  publisher_options o;
  o.mqtt.url = strict.url();
  o.office = identity.office;
  o.kiosk = identity.kiosk;
  o.backoff_initial_ms = 50;
  o.backoff_max_ms = 100;
  auto p = mqtt_publisher::create(o, open_outbox(), clk_);
  ASSERT_TRUE(p);
  std::thread t([&] { (*p)->run(); });
  auto refusals = [&] {
    int n = 0;
    for (const auto& line : sink->last_formatted()) n += line.find("refused") != std::string::npos;
    return n;
  };
  EXPECT_TRUE(test_util::wait_until([&] { return refusals() >= 2; }, 10s)) << [&] {
    std::string all;
    for (const auto& line : sink->last_formatted()) all += line;
    return all;
  }();
  EXPECT_FALSE((*p)->stats().ready);
  const auto t0 = std::chrono::steady_clock::now();
  (*p)->stop();
  t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 6s);
  spdlog::set_default_logger(previous);
}

TEST_F(mqtt_publisher_test, a_stop_before_run_returns_at_once) {
  publisher_options o;
  o.mqtt.url = broker_.url();
  o.office = identity.office;
  o.kiosk = identity.kiosk;
  auto p = mqtt_publisher::create(o, open_outbox(), clk_);
  ASSERT_TRUE(p);
  (*p)->stop();
  (*p)->run();
  EXPECT_FALSE((*p)->stats().ready);
}

TEST_F(mqtt_publisher_test, a_bad_url_is_refused_at_creation) {
  publisher_options o;
  o.mqtt.url = "gopher://nowhere";
  o.office = identity.office;
  o.kiosk = identity.kiosk;
  EXPECT_FALSE(mqtt_publisher::create(o, open_outbox(), clk_));
}

}  // namespace
}  // namespace pantau::kiosk
