#pragma once
// Counters and histograms of the hub, rendered in the Prometheus text format (names `pantau_hub_*`).
// Thread-safety: every member is safe to update and render from any thread (atomics; a mutex only
// for rejection reasons outside the known list).
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::hub {

class counter {
 public:
  void add(std::uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

class gauge {
 public:
  void set(std::int64_t v) { v_.store(v, std::memory_order_relaxed); }
  std::int64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> v_{0};
};

// Fixed upper bounds; observations are counted in the first bucket whose bound they do not exceed.
class histogram {
 public:
  explicit histogram(std::vector<double> upper_bounds);
  void observe(double v);
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& bounds() const { return bounds_; }
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1 (the last is +Inf)
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0.0};
};

class metrics {
 public:
  // Reasons an event is rejected; always rendered, so dashboards see zeros instead of gaps.
  static constexpr std::array<std::string_view, 12> known_reasons = {
      "too_large",     "invalid_utf8", "invalid_json",   "unsupported_version",
      "unknown_type",  "missing_field", "invalid_field", "unknown_field",
      "topic_mismatch", "unregistered_kiosk", "bad_topic", "seq_out_of_window"};
  // Why a message on an events topic was not authenticated (never stored as an event, never acked).
  enum class unauthenticated : std::size_t { unknown_kiosk, no_key, too_large, not_sealed, bad_signature };
  static constexpr std::array<std::string_view, 5> unauthenticated_reasons = {
      "unknown_kiosk", "no_key", "too_large", "not_sealed", "bad_signature"};

  metrics();

  counter messages_received;   // every MQTT message handed to the ingest
  counter events_received;     // messages on an events topic (or on no valid topic)
  counter events_stored;       // newly stored
  counter events_duplicate;    // id already stored: acked again, not stored
  counter events_out_of_order; // held back (seq beyond the next expected one)
  counter seq_gaps_recorded;   // missing seq ranges given up on after [ingest] gap_wait_s
  counter seq_gaps_filled;     // events stored late into a recorded gap
  counter status_messages;
  counter status_invalid;
  counter acks_sent;
  counter ack_failures;        // publish of an ack failed (the kiosk will resend)
  counter batches;
  counter store_failures;      // batches whose transaction failed (no acks were sent)
  counter messages_dropped;    // arrived after the ingest stopped (never acked, the kiosk resends)
  gauge queue_depth;
  gauge mqtt_connected;
  gauge kiosks_known;
  counter http_connections_refused;  // over [http] max_connections: answered 503 and closed
  gauge http_connections_open;       // set from the HTTP server just before rendering
  histogram ack_latency_seconds;  // message arrival -> ack publish, per acked event
  histogram batch_size;
  histogram commit_seconds;

  void rejected(std::string_view reason, std::uint64_t n = 1);
  std::uint64_t rejected_count(std::string_view reason) const;
  void count_unauthenticated(unauthenticated reason, std::uint64_t n = 1) {
    unauthenticated_[static_cast<std::size_t>(reason)].add(n);
  }
  std::uint64_t unauthenticated_count(unauthenticated reason) const {
    return unauthenticated_[static_cast<std::size_t>(reason)].value();
  }

  std::string render() const;

 private:
  std::array<counter, known_reasons.size()> rejected_known_;
  std::array<counter, unauthenticated_reasons.size()> unauthenticated_;
  mutable std::mutex other_mu_;
  std::map<std::string, std::uint64_t, std::less<>> rejected_other_;
};

}  // namespace pantau::hub
