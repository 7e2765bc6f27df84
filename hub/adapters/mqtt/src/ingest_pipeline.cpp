#include "pantau/hub/mqtt/ingest_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "pantau/shared/codec.hpp"
#include "pantau/shared/parallel.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {
namespace {

using steady = std::chrono::steady_clock;

struct owned_text {
  std::string topic;
  std::string payload;
};

spdlog::level::level_enum to_spdlog(ingest_note::level l) {
  switch (l) {
    case ingest_note::level::debug: return spdlog::level::debug;
    case ingest_note::level::info: return spdlog::level::info;
    case ingest_note::level::warn: return spdlog::level::warn;
  }
  return spdlog::level::warn;
}

}  // namespace

std::int64_t steady_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(steady::now().time_since_epoch()).count();
}

queued_message make_queued(std::string topic, std::string payload, std::int64_t received_ms, bool retained) {
  auto owned = std::make_shared<owned_text>(owned_text{std::move(topic), std::move(payload)});
  queued_message m;
  m.topic = owned->topic;
  m.payload = owned->payload;
  m.owner = std::move(owned);
  m.received_ms = received_ms;
  m.arrival_us = steady_now_us();
  m.retained = retained;
  return m;
}

ingest_pipeline::ingest_pipeline(ingest& engine, event_store& store, metrics& m, ack_sink& acks,
                                 pipeline_options options)
    : engine_(engine), store_(store), metrics_(m), acks_(acks), options_(options) {
  options_.batch_max = std::max<std::size_t>(1, options_.batch_max);
  options_.queue_limit = std::max(options_.queue_limit, options_.batch_max);
}

ingest_pipeline::~ingest_pipeline() { stop(); }

void ingest_pipeline::start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable() || stopping_) return;
  worker_ = std::thread([this] { run(); });
}

bool ingest_pipeline::push(queued_message m) {
  std::unique_lock lock(mu_);
  space_cv_.wait(lock, [&] { return queue_.size() < options_.queue_limit || stopping_; });
  if (stopping_) {
    metrics_.messages_dropped.add();
    return false;
  }
  queue_.push_back(std::move(m));
  const std::size_t n = queue_.size();
  metrics_.queue_depth.set(static_cast<std::int64_t>(n));
  lock.unlock();
  // Waking the worker for every message would cost a syscall each: only the first of a batch and a
  // full batch matter to it.
  if (n == 1 || n == options_.batch_max) work_cv_.notify_one();
  return true;
}

void ingest_pipeline::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  space_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void ingest_pipeline::run() {
  std::vector<queued_message> batch;
  batch.reserve(options_.batch_max);
  for (;;) {
    if (options_.on_progress) options_.on_progress();
    {
      std::unique_lock lock(mu_);
      if (!work_cv_.wait_for(lock, options_.progress_every, [&] { return !queue_.empty() || stopping_; }))
        continue;  // idle: report progress and wait again
      if (queue_.empty()) break;  // stopping and drained
      if (queue_.size() < options_.batch_max && !stopping_) {
        work_cv_.wait_for(lock, options_.batch_wait,
                          [&] { return queue_.size() >= options_.batch_max || stopping_; });
      }
      const std::size_t n = std::min(queue_.size(), options_.batch_max);
      std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n), std::back_inserter(batch));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      metrics_.queue_depth.set(static_cast<std::int64_t>(queue_.size()));
    }
    space_cv_.notify_all();
    process(batch);
    batch.clear();
    batches_done_.fetch_add(1);
  }
}

void ingest_pipeline::tell_listener(const write_outcome& outcome) {
  live_kiosks_.clear();
  live_events_.clear();
  for (const auto& row : plan_.writes.kiosks) {
    // The registry after committed() has the counters the store just added to.
    if (const auto* rec = engine_.registry().find(row.info.office, row.info.kiosk)) live_kiosks_.push_back(rec->info);
  }
  for (std::size_t i = 0; i < plan_.writes.events.size(); ++i)
    if (i < outcome.inserted.size() && outcome.inserted[i] != 0) live_events_.push_back(plan_.writes.events[i].ev);
  if (live_kiosks_.empty() && live_events_.empty()) return;
  try {
    listener_->committed(committed_batch{live_kiosks_, live_events_, outcome.moved});
  } catch (const std::exception& e) {
    // Live notices are a convenience: the data is committed and the acks must still go out.
    spdlog::warn("live change listener failed: {}", e.what());
  }
}

void ingest_pipeline::process(std::vector<queued_message>& batch) {
  views_.clear();
  views_.reserve(batch.size());
  for (const auto& m : batch) views_.push_back({m.topic, m.payload, m.received_ms, m.arrival_us, m.retained});

  auto decided = engine_.decide(
      views_, [this](std::string_view id) { return store_.contains_event(id); }, plan_,
      [this](std::string_view office, std::string_view kiosk) { return store_.find_kiosk(office, kiosk); });
  if (!decided) {
    store_ok_ = false;
    metrics_.store_failures.add();
    spdlog::error("store lookup failed, {} messages not acked (kiosks will resend): {}", batch.size(),
                  decided.err().message);
    return;
  }
  for (const auto& note : plan_.notes) spdlog::log(to_spdlog(note.lvl), "{}", note.text);

  const auto t0 = steady::now();
  auto written = store_.write(plan_.writes);
  metrics_.commit_seconds.observe(std::chrono::duration<double>(steady::now() - t0).count());
  if (!written) {
    // Nothing is acked: every kiosk keeps its events and sends them again.
    if (store_ok_.exchange(false) || metrics_.store_failures.value() % 100 == 0)
      spdlog::error("store write failed, {} messages not acked (kiosks will resend): {}", batch.size(),
                    written.err().message);
    metrics_.store_failures.add();
    return;
  }
  if (!store_ok_.exchange(true)) spdlog::info("store writes succeed again");
  engine_.committed(plan_, written.value());
  metrics_.batches.add();
  metrics_.batch_size.observe(static_cast<double>(batch.size()));
  if (listener_ != nullptr) tell_listener(written.value());

  // Sealing an ack costs as much as a few dozen inserts: a batch touching many kiosks seals on every core.
  ack_payloads_.resize(plan_.acks.size());
  parallel_chunks(plan_.acks.size(), 0, 32, [this](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      ack_payloads_[i] = encode_ack(plan_.acks[i].body);
      if (options_.hub_key) ack_payloads_[i] = signing::seal(ack_payloads_[i], *options_.hub_key);
    }
  });
  for (std::size_t i = 0; i < plan_.acks.size(); ++i) {
    const auto& a = plan_.acks[i];
    const std::string topic = topics::make(a.office, a.kiosk, topics::kind::ack);
    const std::string& payload = ack_payloads_[i];
    if (!acks_.publish_ack(topic, payload)) {
      metrics_.ack_failures.add();
      continue;
    }
    metrics_.acks_sent.add();
    const std::int64_t now = steady_now_us();
    for (std::int64_t arrival : a.arrivals_us)
      metrics_.ack_latency_seconds.observe(static_cast<double>(now - arrival) / 1e6);
  }
}

}  // namespace pantau::hub
