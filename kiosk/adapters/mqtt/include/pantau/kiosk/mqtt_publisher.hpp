#pragma once
// Publishes the outbox to the hub over MQTT v5 (Paho) as docs/delivery.md describes: QoS 1 in seq
// order through a delivery_window, deletes rows only when the hub's ack covers them, resends after
// a timeout and on every reconnect, reconnects itself with capped exponential backoff, and keeps the
// retained status (last will: offline) up to date.
// Thread-safety: run() on one thread; stop() and stats() from any thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "pantau/kiosk/delivery_window.hpp"
#include "pantau/kiosk/event_factory.hpp"
#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/mqtt_config.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau::kiosk {

struct publisher_options {
  mqtt_config mqtt;  // empty client_id: "pantau-kiosk-{office}-{kiosk}"
  std::string office;
  std::string kiosk;
  delivery_options delivery;
  int status_interval_s = 5;
  std::string version;
  std::string camera = "none";
  // When set, asked at every status publish instead of `camera`; must be thread-safe (the camera
  // thread changes what it returns).
  std::function<std::string()> camera_state;
  // When set, asked at every status publish: the wall clock's offset and maximum error in ms (as
  // adjtimex gives them); nullopt leaves them out. Must be thread-safe.
  std::function<std::optional<std::pair<std::int64_t, std::int64_t>>()> clock_reading;
  std::chrono::milliseconds poll_interval{25};  // other processes append too; this finds their rows
  // Called on the publisher thread at every poll tick, whatever the connection state: proof that the
  // loop turns (the service watchdog). Must be cheap and must not block.
  std::function<void()> on_tick;
  // When set, the publisher also subscribes to the kiosk's retained config topic and hands it every
  // config that opened with hub_key and names this kiosk and key (the signed bytes, otherwise not
  // validated), on Paho's thread: it must be thread-safe and quick.
  std::function<void(const std::string&)> on_config;
  // The hub's public key (DESIGN §10): acks and configs that do not open with it, or that name another
  // office, kiosk or key id than `key_id` (this install's), are ignored and counted ("refused" in the
  // status). Unset only in tests of the publisher alone: then plain acks and configs are taken.
  std::optional<signing::public_key> hub_key;
  std::string key_id;
  // This install's secret key: the status and the offline will are sealed with it, as every event is,
  // so that nobody else can change what the hub keeps of this kiosk. Unset only in publisher tests.
  std::shared_ptr<const signing::secret_key> signing_key;
  std::chrono::milliseconds stop_grace{1000};   // on stop, wait this long for in-flight acks
  std::int64_t backoff_initial_ms = 500;
  std::int64_t backoff_max_ms = 10000;
};

struct publisher_stats {
  std::uint64_t published = 0;  // publishes handed to the client, resends included
  std::uint64_t acked = 0;      // outbox rows deleted because the hub acked them
  std::uint64_t rejected = 0;   // of those, rows the hub rejected (it keeps them with the reason)
  std::uint64_t resends = 0;    // restarts from the oldest unacked event after a timeout
  std::uint64_t connects = 0;   // connections that reached the point of publishing
  std::uint64_t refused = 0;    // acks and configs ignored: not sealed by the hub, or not for this kiosk
  bool ready = false;           // connected, subscribed to acks, publishing
};

class mqtt_publisher {
 public:
  // Fails on an unusable MQTT URL or option; nothing is connected yet.
  static result<std::unique_ptr<mqtt_publisher>> create(publisher_options opts, std::unique_ptr<outbox> box,
                                                        const clock& clk, clock_probe probe = {});
  ~mqtt_publisher();
  mqtt_publisher(const mqtt_publisher&) = delete;
  mqtt_publisher& operator=(const mqtt_publisher&) = delete;

  // Connects and publishes until stop(); returns after the clean shutdown (offline status sent when
  // connected, disconnected). A stop() that comes before run() makes run() return at once.
  void run();
  void stop();
  publisher_stats stats() const;

 private:
  struct impl;
  explicit mqtt_publisher(std::unique_ptr<impl> d);
  std::unique_ptr<impl> d_;
};

}  // namespace pantau::kiosk
