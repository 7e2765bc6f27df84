#pragma once
// The hub's MQTT v5 connection (Paho C++): clean start, QoS 1 subscriptions to the status and events
// filters (shared form when share_group is set), reconnect with capped backoff and re-subscribe, and
// the ack publisher. Paho stays behind this header.
// Thread-safety: all members are safe from any thread; the message handler runs on Paho's thread.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "pantau/hub/core/metrics.hpp"
#include "pantau/hub/mqtt/ingest_pipeline.hpp"
#include "pantau/shared/mqtt_config.hpp"

namespace pantau::hub {

struct mqtt_link_options {
  mqtt_config mqtt;
  std::chrono::milliseconds backoff_min{500};
  std::chrono::milliseconds backoff_max{10'000};
  std::chrono::milliseconds connect_timeout{10'000};
  // Stamps each message's arrival (kiosk last_seen); the program's wall clock, so an offset applies.
  std::function<std::int64_t()> utc_now_ms;
};

class mqtt_link final : public ack_sink {
 public:
  using message_handler = std::function<void(queued_message&&)>;

  mqtt_link(mqtt_link_options options, metrics& m);
  ~mqtt_link() override;
  mqtt_link(const mqtt_link&) = delete;
  mqtt_link& operator=(const mqtt_link&) = delete;

  // Set before start(): receives every message; it may block to push back on the broker.
  void on_message(message_handler handler);
  // Connects in the background and keeps reconnecting until stop().
  void start();
  // Connected and both subscriptions granted.
  bool connected() const;
  // Unsubscribes so no new work arrives; messages already delivered still reach the handler.
  void stop_intake(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  // Waits (bounded) until published acks are delivered to the broker, then disconnects.
  void stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

  bool publish_ack(const std::string& topic, const std::string& payload) override;
  // QoS 1, retained (the kiosks' config); true once the broker has it. Blocks up to 5 s.
  bool publish_retained(const std::string& topic, const std::string& payload);
  // Completed connections so far: a change tells that the broker may have lost retained messages.
  std::uint64_t connections() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
