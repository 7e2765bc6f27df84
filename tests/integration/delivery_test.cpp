// The durable kiosk -> mosquitto -> hub path with real processes on loopback: exactly once, in order,
// through broker, hub and kiosk crashes and a long hub outage.
#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <thread>

#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

class delivery_test : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<mosquitto_broker>(dir_.path());
    broker_->start();
    hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url());
  }

  kiosk_process& add_kiosk(const std::string& id, std::optional<double> rate,
                           std::optional<std::int64_t> count) {
    kiosk_options o;
    o.id = id;
    o.simulate_rate = rate;
    o.simulate_count = count;
    kiosks_.push_back(std::make_unique<kiosk_process>(dir_.path(), broker_->url(), o));
    return *kiosks_.back();
  }

  std::int64_t hub_total() {
    if (!std::filesystem::exists(hub_->db_path())) return 0;
    return sql_int(hub_->db_path(), "SELECT count(*) FROM events");
  }

  // Every kiosk's outbox is empty and its generator has reached `count` (when it has one).
  bool all_drained() {
    for (auto& k : kiosks_) {
      if (!std::filesystem::exists(k->db_path())) return false;
      if (k->options().simulate_count && outbox_committed(k->db_path()) < *k->options().simulate_count)
        return false;
      if (outbox_backlog(k->db_path()) != 0) return false;
    }
    return true;
  }

  // Exactly once and in order: the hub holds seq 1..n for each kiosk, n = what the kiosk committed.
  void expect_exactly_once() {
    ASSERT_TRUE(wait_until([&] { return all_drained(); }, 240s)) << "outboxes did not drain";
    for (auto& k : kiosks_) {
      const std::int64_t committed = outbox_committed(k->db_path());
      const auto s = hub_stored(hub_->db_path(), k->options().office, k->options().id);
      SCOPED_TRACE(k->options().id);
      EXPECT_GT(committed, 0);
      EXPECT_EQ(s.rows, committed) << "hub rows vs kiosk commits";
      EXPECT_EQ(s.distinct_seq, committed) << "duplicates stored";
      EXPECT_EQ(s.min_seq, 1);
      EXPECT_EQ(s.max_seq, committed);
      EXPECT_TRUE(s.in_seq_order) << "storage order differs from seq order";
    }
  }

  temp_dir dir_;
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
  std::vector<std::unique_ptr<kiosk_process>> kiosks_;
};

TEST_F(delivery_test, three_kiosks_ten_thousand_events_each_arrive_exactly_once) {
  hub_->start();
  for (auto id : {"k-01", "k-02", "k-03"}) add_kiosk(id, 2500.0, 10000).start();
  expect_exactly_once();
  EXPECT_EQ(hub_total(), 30000);
  auto m = http_get(hub_->http_port(), "/metrics");
  EXPECT_EQ(metric_value(m.body, "pantau_hub_events_stored_total"), 30000.0);
  const std::string session = hub_->login();
  ASSERT_FALSE(session.empty()) << hub_->proc().log();
  auto kiosks = http_request(hub_->http_port(), "GET", "/api/v1/kiosks", {}, {{"Cookie", session}});
  EXPECT_EQ(kiosks.status, 200);
  EXPECT_NE(kiosks.body.find("\"kiosk\":\"k-02\""), std::string::npos) << kiosks.body;
  EXPECT_NE(kiosks.body.find("\"events\":10000"), std::string::npos) << kiosks.body;
  for (auto& k : kiosks_) EXPECT_EQ(k->stop(), 0) << k->proc().log();
  EXPECT_EQ(hub_->stop(), 0);
}

TEST_F(delivery_test, broker_killed_mid_stream_and_restarted_still_exactly_once) {
  hub_->start();
  for (auto id : {"k-01", "k-02", "k-03"}) add_kiosk(id, 800.0, 5000).start();
  ASSERT_TRUE(wait_until([&] { return hub_total() >= 1500; }, 60s));
  broker_->kill_hard();
  std::this_thread::sleep_for(1500ms);  // kiosks keep committing while the broker is gone
  broker_->start();
  expect_exactly_once();
}

TEST_F(delivery_test, hub_killed_mid_stream_and_restarted_still_exactly_once) {
  hub_->start();
  for (auto id : {"k-01", "k-02", "k-03"}) add_kiosk(id, 800.0, 5000).start();
  ASSERT_TRUE(wait_until([&] { return hub_total() >= 1500; }, 60s));
  hub_->kill_hard();
  std::this_thread::sleep_for(1000ms);
  hub_->start();
  expect_exactly_once();
  hub_->stop();
  auto check = sql_rows(hub_->db_path(), "PRAGMA integrity_check");
  ASSERT_EQ(check.size(), 1u);
  EXPECT_EQ(check[0][0], "ok");
}

TEST_F(delivery_test, kiosk_killed_mid_stream_loses_nothing_it_committed) {
  hub_->start();
  auto& victim = add_kiosk("k-01", 800.0, 5000);
  add_kiosk("k-02", 800.0, 5000);
  for (auto& k : kiosks_) k->start();
  ASSERT_TRUE(wait_until([&] { return outbox_committed(victim.db_path()) >= 1500; }, 60s));
  victim.kill_hard();
  const std::int64_t at_kill = outbox_committed(victim.db_path());
  std::this_thread::sleep_for(500ms);
  victim.start();
  expect_exactly_once();
  EXPECT_GE(outbox_committed(victim.db_path()), at_kill);
}

TEST_F(delivery_test, hub_down_while_kiosks_queue_five_thousand_each_then_all_drain) {
  for (auto id : {"k-01", "k-02", "k-03"}) {
    auto& k = add_kiosk(id, std::nullopt, std::nullopt);
    k.start();
  }
  // Kiosks are online and publishing into a broker with no subscriber: nothing may be lost.
  for (auto& k : kiosks_) ASSERT_EQ(k->emit(5200), 0) << read_file(k->db_path().string() + ".log");
  std::this_thread::sleep_for(3s);
  for (auto& k : kiosks_) EXPECT_EQ(outbox_backlog(k->db_path()), 5200);
  hub_->start();
  expect_exactly_once();
  EXPECT_EQ(hub_total(), 3 * 5200);
}

}  // namespace
}  // namespace pantau::test
