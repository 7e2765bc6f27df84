// The Prometheus text the hub serves on /metrics.
#include <gtest/gtest.h>

#include <sstream>
#include <thread>
#include <vector>

#include "pantau/hub/core/metrics.hpp"

namespace pantau::hub {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l == line) return true;
  return false;
}

TEST(metrics_test, renders_counters_with_help_and_type) {
  metrics m;
  m.events_received.add(5);
  m.events_stored.add(3);
  m.events_duplicate.add();
  m.events_out_of_order.add(2);
  const auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE pantau_hub_events_received_total counter"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_received_total 5"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_stored_total 3"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_duplicate_total 1"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_out_of_order_total 2"));
}

TEST(metrics_test, every_known_rejection_reason_is_rendered_even_at_zero) {
  metrics m;
  m.rejected("too_large");
  m.rejected("bad_topic", 4);
  m.rejected("some_new_code");
  const auto text = m.render();
  EXPECT_TRUE(has_line(text, "pantau_hub_events_rejected_total{reason=\"too_large\"} 1"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_rejected_total{reason=\"bad_topic\"} 4"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_rejected_total{reason=\"unregistered_kiosk\"} 0"));
  EXPECT_TRUE(has_line(text, "pantau_hub_events_rejected_total{reason=\"some_new_code\"} 1"));
  EXPECT_EQ(m.rejected_count("some_new_code"), 1u);
  EXPECT_EQ(m.rejected_count("bad_topic"), 4u);
  // One HELP/TYPE for the whole family.
  std::size_t types = 0;
  for (std::size_t p = 0; (p = text.find("# TYPE pantau_hub_events_rejected_total", p)) != std::string::npos; ++p)
    ++types;
  EXPECT_EQ(types, 1u);
}

TEST(metrics_test, histograms_are_cumulative_with_sum_and_count) {
  metrics m;
  m.ack_latency_seconds.observe(0.0005);
  m.ack_latency_seconds.observe(0.003);
  m.ack_latency_seconds.observe(0.003);
  m.ack_latency_seconds.observe(60);
  const auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE pantau_hub_ack_latency_seconds histogram"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_bucket{le=\"0.001\"} 1"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_bucket{le=\"0.0025\"} 1"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_bucket{le=\"0.005\"} 3"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_bucket{le=\"10\"} 3"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_bucket{le=\"+Inf\"} 4"));
  EXPECT_TRUE(has_line(text, "pantau_hub_ack_latency_seconds_count 4"));
  EXPECT_NEAR(m.ack_latency_seconds.sum(), 60.0065, 1e-9);
}

TEST(metrics_test, a_value_on_a_bound_falls_in_that_bucket) {
  histogram h({1, 2, 5});
  h.observe(2);
  EXPECT_EQ(h.bucket(0), 0u);
  EXPECT_EQ(h.bucket(1), 1u);
}

TEST(metrics_test, counters_are_safe_from_many_threads) {
  metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        m.events_stored.add();
        m.rejected("invalid_json");
        m.batch_size.observe(10);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(m.events_stored.value(), 40000u);
  EXPECT_EQ(m.rejected_count("invalid_json"), 40000u);
  EXPECT_EQ(m.batch_size.count(), 40000u);
}

}  // namespace
}  // namespace pantau::hub
