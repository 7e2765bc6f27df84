// The ingest worker: batches, one transaction each, acks only after COMMIT, drain on stop.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "hub_fakes.hpp"
#include "pantau/hub/mqtt/ingest_pipeline.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "test_dir.hpp"

namespace pantau::hub {
namespace {

using namespace std::chrono_literals;
const std::string office = "binjai-dukcapil";

class recording_sink final : public ack_sink {
 public:
  bool publish_ack(const std::string& topic, const std::string& payload) override {
    std::lock_guard lock(mu_);
    if (refuse) return false;
    sent_.emplace_back(topic, payload);
    return true;
  }
  std::vector<std::pair<std::string, std::string>> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  // Every seq acked so far for one kiosk.
  std::vector<std::int64_t> acked(const std::string& kiosk) {
    std::vector<std::int64_t> out;
    for (const auto& [topic, payload] : sent()) {
      if (topic != topics::make(office, kiosk, topics::kind::ack)) continue;
      auto a = decode_ack(payload);
      EXPECT_TRUE(a.ok()) << payload;
      if (!a.ok()) continue;
      for (auto [from, to] : a->acked)
        for (auto s = from; s <= to; ++s) out.push_back(s);
    }
    return out;
  }
  std::atomic<bool> refuse{false};

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, std::string>> sent_;
};

bool wait_for(const std::function<bool()>& cond, std::chrono::milliseconds limit = 5s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return cond();
}

std::vector<std::int64_t> seq_range(std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> v;
  for (auto s = from; s <= to; ++s) v.push_back(s);
  return v;
}

class pipeline_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-pipeline");
    auto s = sqlite_store::open((dir_ / "hub.db").string());
    auto enrolment = sqlite_catalog::open((dir_ / "hub.db").string());
    ASSERT_TRUE(enrolment.ok() && test::enrol_test_kiosks(**enrolment, office, {"k-01", "k-02", "k-03", "k-04", "k-05", "k-06", "k-07", "k-08", "k-09"}));
    ASSERT_TRUE(s.ok()) << s.err().message;
    store_ = std::move(s).value();
  }
  void TearDown() override {
    pipeline_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  void start(pipeline_options o, event_store* store = nullptr) {
    pipeline_ = std::make_unique<ingest_pipeline>(engine_, store ? *store : *store_, metrics_, sink_, o);
    pipeline_->start();
  }
  void push_event(const std::string& kiosk, std::int64_t seq) {
    ASSERT_TRUE(pipeline_->push(make_queued(test::events_topic(office, kiosk),
                                            test::event_payload(office, kiosk, seq, test::uuid_of(seq, kiosk.back() - '0')),
                                            1000 + seq)));
  }

  std::filesystem::path dir_;
  std::unique_ptr<sqlite_store> store_;
  metrics metrics_;
  ingest engine_{ingest_options{}, metrics_};
  recording_sink sink_;
  std::unique_ptr<ingest_pipeline> pipeline_;
};

TEST_F(pipeline_test, events_are_stored_in_batches_and_acked_after_commit) {
  pipeline_options o;
  o.batch_max = 10;
  o.batch_wait = 20ms;
  start(o);
  for (int i = 1; i <= 35; ++i) push_event("k-01", i);
  ASSERT_TRUE(wait_for([&] { return sink_.acked("k-01").size() == 35; })) << sink_.acked("k-01").size();
  EXPECT_EQ(sink_.acked("k-01"), seq_range(1, 35));
  EXPECT_EQ(metrics_.events_stored.value(), 35u);
  EXPECT_GE(metrics_.batches.value(), 4u) << "batch_max bounds each transaction";
  EXPECT_EQ(metrics_.batch_size.count(), metrics_.batches.value());
  EXPECT_EQ(metrics_.ack_latency_seconds.count(), 35u);
  EXPECT_EQ(metrics_.acks_sent.value(), sink_.sent().size());
  EXPECT_TRUE(pipeline_->store_ok());
  auto kiosks = store_->load_kiosks();
  ASSERT_TRUE(kiosks.ok());
  ASSERT_EQ(kiosks->size(), 9u) << "the nine registered in SetUp";
  EXPECT_EQ((*kiosks)[0].kiosk, "k-01");
  EXPECT_EQ((*kiosks)[0].events, 35);
  EXPECT_EQ((*kiosks)[0].last_seq, 35);
}

TEST_F(pipeline_test, a_partial_batch_waits_at_most_batch_wait) {
  pipeline_options o;
  o.batch_max = 1000;
  o.batch_wait = 5ms;
  start(o);
  const auto t0 = std::chrono::steady_clock::now();
  push_event("k-01", 1);
  ASSERT_TRUE(wait_for([&] { return sink_.acked("k-01").size() == 1; }));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST_F(pipeline_test, nothing_is_acked_when_the_store_fails_and_the_resend_is_then_stored) {
  test::fake_store failing;
  failing.fail_writes = true;
  start(pipeline_options{}, &failing);
  for (int i = 1; i <= 3; ++i) push_event("k-01", i);
  ASSERT_TRUE(wait_for([&] { return metrics_.store_failures.value() >= 1; }));
  ASSERT_TRUE(wait_for([&] { return pipeline_->batches_done() >= 1 && !pipeline_->store_ok(); }));
  std::this_thread::sleep_for(20ms);
  EXPECT_TRUE(sink_.sent().empty());
  EXPECT_EQ(metrics_.events_stored.value(), 0u);
  failing.fail_writes = false;  // the disk is back; the kiosk resends
  for (int i = 1; i <= 3; ++i) push_event("k-01", i);
  ASSERT_TRUE(wait_for([&] { return sink_.acked("k-01").size() == 3; }));
  EXPECT_TRUE(pipeline_->store_ok());
  EXPECT_EQ(failing.stored_seqs, seq_range(1, 3));
}

TEST_F(pipeline_test, stop_drains_commits_and_acks_everything_queued) {
  pipeline_options o;
  o.batch_max = 50;
  start(o);
  for (int i = 1; i <= 2000; ++i) push_event("k-01", i);
  pipeline_->stop();
  EXPECT_EQ(sink_.acked("k-01"), seq_range(1, 2000));
  EXPECT_EQ(metrics_.events_stored.value(), 2000u);
  EXPECT_FALSE(pipeline_->push(make_queued(test::events_topic(office, "k-01"),
                                           test::event_payload(office, "k-01", 2001), 1)));
  EXPECT_EQ(metrics_.messages_dropped.value(), 1u);
}

TEST_F(pipeline_test, a_full_queue_pushes_back_instead_of_dropping) {
  pipeline_options o;
  o.batch_max = 10;
  o.queue_limit = 10;
  start(o);
  std::thread producer([&] {
    for (int i = 1; i <= 500; ++i) push_event("k-01", i);
  });
  producer.join();
  ASSERT_TRUE(wait_for([&] { return sink_.acked("k-01").size() == 500; }));
  EXPECT_EQ(sink_.acked("k-01"), seq_range(1, 500));
  EXPECT_EQ(metrics_.messages_dropped.value(), 0u);
}

TEST_F(pipeline_test, a_refused_ack_is_counted_and_the_redelivery_acked_again) {
  start(pipeline_options{});
  sink_.refuse = true;
  push_event("k-01", 1);
  ASSERT_TRUE(wait_for([&] { return metrics_.ack_failures.value() == 1; }));
  sink_.refuse = false;
  push_event("k-01", 1);
  ASSERT_TRUE(wait_for([&] { return sink_.acked("k-01").size() == 1; }));
  EXPECT_EQ(metrics_.events_stored.value(), 1u);
  EXPECT_EQ(metrics_.events_duplicate.value(), 1u);
}

TEST_F(pipeline_test, many_kiosks_get_one_ack_each_per_batch) {
  pipeline_options o;
  o.batch_max = 3000;
  o.batch_wait = 200ms;
  start(o);
  for (int i = 1; i <= 100; ++i)
    for (const char* k : {"k-01", "k-02", "k-03"}) push_event(k, i);
  ASSERT_TRUE(wait_for([&] {
    return sink_.acked("k-01").size() == 100 && sink_.acked("k-02").size() == 100 && sink_.acked("k-03").size() == 100;
  }));
  EXPECT_EQ(sink_.sent().size(), 3u * metrics_.batches.value());
}

}  // namespace
}  // namespace pantau::hub
