#pragma once
// The ingest worker: messages queue up from the MQTT callback; one thread takes batches of up to
// `batch_max`, runs the core decisions, writes the store in one transaction and, only after COMMIT,
// publishes one ack per kiosk. Thread-safety: push() and stop() from any thread; the rest is internal.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/metrics.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau::hub {

// One message as it came off the broker. `owner` keeps what the views point at alive.
struct queued_message {
  std::shared_ptr<const void> owner;
  std::string_view topic;
  std::string_view payload;
  std::int64_t received_ms = 0;  // UTC
  std::int64_t arrival_us = 0;   // steady clock
  bool retained = false;
};

// Makes a queued_message that owns copies of `topic` and `payload` (tests, tools).
queued_message make_queued(std::string topic, std::string payload, std::int64_t received_ms, bool retained = false);
std::int64_t steady_now_us();

// Where acks go. Thread-safety: called from the ingest worker only.
class ack_sink {
 public:
  virtual ~ack_sink() = default;
  // QoS 1, not retained. False when the publish could not even be started (logged by the sink).
  virtual bool publish_ack(const std::string& topic, const std::string& payload) = 0;
};

struct pipeline_options {
  std::size_t batch_max = 2000;
  std::chrono::milliseconds batch_wait{5};
  // Past this the MQTT callback waits: the broker and the kiosks' outboxes hold the rest.
  std::size_t queue_limit = 100'000;
  // Called on the worker between batches, at least every `progress_every` even when idle: proof that
  // the worker turns (the service watchdog). Must be cheap and must not block.
  std::function<void()> on_progress;
  std::chrono::milliseconds progress_every{1000};
  // Seals every ack (DESIGN §10); null: unsealed (tests of the pipeline alone).
  std::shared_ptr<const signing::secret_key> hub_key;
};

class ingest_pipeline {
 public:
  ingest_pipeline(ingest& engine, event_store& store, metrics& m, ack_sink& acks, pipeline_options options);
  ~ingest_pipeline();
  ingest_pipeline(const ingest_pipeline&) = delete;
  ingest_pipeline& operator=(const ingest_pipeline&) = delete;

  // Told after every commit (before the acks go out); set before start(). nullptr: nobody.
  void set_listener(change_listener* listener) { listener_ = listener; }
  void start();
  // False once stopping: the message is dropped unacked and its kiosk sends it again.
  bool push(queued_message m);
  // Everything queued so far is decided, committed and acked; then the worker ends.
  void stop();
  // The last store write succeeded (or none was tried yet).
  bool store_ok() const { return store_ok_.load(); }
  // Batches processed so far (tests wait on it).
  std::uint64_t batches_done() const { return batches_done_.load(); }

 private:
  void run();
  void process(std::vector<queued_message>& batch);
  void tell_listener(const write_outcome& outcome);

  ingest& engine_;
  event_store& store_;
  metrics& metrics_;
  ack_sink& acks_;
  pipeline_options options_;
  change_listener* listener_ = nullptr;

  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable space_cv_;
  std::deque<queued_message> queue_;
  bool stopping_ = false;
  std::thread worker_;
  std::atomic<bool> store_ok_{true};
  std::atomic<std::uint64_t> batches_done_{0};

  // Worker-only buffers, reused across batches.
  std::vector<inbound_message> views_;
  batch_plan plan_;
  std::vector<kiosk_info> live_kiosks_;
  std::vector<const pantau::event*> live_events_;
  std::vector<std::string> ack_payloads_;  // the batch's sealed acks, by plan_.acks index
};

}  // namespace pantau::hub
