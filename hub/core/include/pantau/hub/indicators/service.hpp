#pragma once
// Service volume and time (DESIGN §5): served = completed start/end pairs per (counter, ticket); mean and
// p90 service time; served per open counter-hour.
//
// p90 is the nearest-rank percentile: with n durations sorted ascending, p90 is the k-th one with
// k = ceil(0.9 * n) (n = 10 -> 9th, n = 1 -> 1st, n = 11 -> 10th). For merging, durations are kept in a
// fixed-bucket histogram: 1-second buckets (duration truncated to whole seconds) from 0 s up to 4 h, plus
// one overflow bucket for >= 4 h. Only non-empty buckets are stored, so a quiet day costs little. A p90
// that falls into the overflow is reported as 14400 s ("at least four hours").
// Thread-safety: pure functions and plain values; duration_histogram is a value type without locking.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pantau/shared/event.hpp"

namespace pantau::hub::indicators {

// Non-empty 1-second buckets (second, count), ascending: flat, so that summing thousands of
// counter-days for an office is a walk over two short sorted arrays instead of tree inserts.
using bucket_list = std::vector<std::pair<std::int64_t, std::int64_t>>;
// Adds n (which may be negative) to a second's bucket, dropping it when it reaches zero.
void add_to(bucket_list& b, std::int64_t second, std::int64_t n);
// a + b, bucket by bucket, zero buckets dropped.
bucket_list merged(const bucket_list& a, const bucket_list& b);

class duration_histogram {
 public:
  static constexpr std::int64_t bucket_limit_s = 4 * 3600;

  void add(std::int64_t duration_ms);  // negative durations count as 0 s
  void merge(const duration_histogram& o);
  // Many at once (an office's counter-days): one pass through a dense array instead of pairwise merges.
  void merge_all(std::span<const duration_histogram* const> parts);
  std::int64_t count() const { return count_; }
  std::int64_t overflow() const { return overflow_; }
  // Nearest-rank percentile in whole seconds, pct in 1..100; nullopt when empty or pct out of range.
  std::optional<std::int64_t> percentile_s(int pct) const;
  bool operator==(const duration_histogram&) const = default;
  // For storing a histogram and reading it back: non-empty 1-second buckets (second -> count), and
  // add_count(second, n), where a second >= bucket_limit_s lands in the overflow.
  const bucket_list& buckets() const { return buckets_; }
  void add_count(std::int64_t second, std::int64_t n);

 private:
  bucket_list buckets_;
  std::int64_t overflow_ = 0;
  std::int64_t count_ = 0;
};

struct service_mark {
  std::int64_t ts_ms = 0;
  std::string counter;
  std::string employee;
  std::string ticket;
  service_data::action_t action = service_data::action_t::start;
};
std::optional<service_mark> service_mark_of(const event& e);

struct counter_mark {
  std::int64_t ts_ms = 0;
  std::string counter;
  std::string employee;
  counter_data::action_t action = counter_data::action_t::open;
};
std::optional<counter_mark> counter_mark_of(const event& e);

struct served_item {
  std::string counter;
  std::string ticket;
  std::string employee;  // from the start event
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::int64_t duration_ms() const { return end_ms - start_ms; }
};

// Pairs start/end per (counter, ticket) in time order. Pass one local day at a time: tickets restart
// every day. An end closes the most recent open start (an earlier start without its own end was a
// call nobody answered and is not served); an end with nothing open is ignored. Result ordered by end.
std::vector<served_item> pair_services(std::span<const service_mark> marks);

struct open_interval {
  std::string counter;
  std::string employee;  // who opened or resumed it
  std::int64_t begin_ms = 0;
  std::int64_t end_ms = 0;
};

// Open time per counter from open/break/resume/close, clipped to [window_begin_ms, window_end_ms).
// open or resume starts an interval when the counter is not open; break or close ends it when it is;
// other transitions are repeats and ignored. A counter still open at the end is open until window_end.
// Marks before the window set the state the window starts with.
std::vector<open_interval> open_intervals(std::span<const counter_mark> marks, std::int64_t window_begin_ms,
                                          std::int64_t window_end_ms);
std::int64_t total_open_ms(std::span<const open_interval> intervals);

// Sums, counts and the histogram: merge days into any period and counters into any scope.
struct service_totals {
  std::int64_t served = 0;
  std::int64_t total_service_ms = 0;
  duration_histogram durations;
  std::int64_t open_ms = 0;

  void add(const served_item& s);
  void merge(const service_totals& o);
  // The same as merging each in turn, in one pass over the histograms.
  void merge_all(std::span<const service_totals* const> parts);
  std::optional<double> mean_s() const;
  std::optional<double> p90_s() const;
  std::optional<double> per_open_hour() const;  // nullopt without open time
  bool operator==(const service_totals&) const = default;
};

service_totals summarize(std::span<const served_item> served, std::span<const open_interval> open);

}  // namespace pantau::hub::indicators
