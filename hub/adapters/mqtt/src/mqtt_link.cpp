#include "pantau/hub/mqtt/mqtt_link.hpp"

#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "pantau/mqtt/paho_options.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {
namespace {

// Paho's default of 100 buffered requests would turn a burst of acks into exceptions: acks are
// bounded by kiosks per batch, so this only has to be comfortably large.
constexpr int max_buffered_requests = 100'000;
constexpr int max_inflight = 65'535;

std::string default_client_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0') return "pantau-hub";
  return std::string("pantau-hub-") + host;
}

// Logs the 1st, 10th, 100th, ... occurrence: enough to notice, never a flood.
bool worth_logging(std::atomic<std::uint64_t>& n) {
  const std::uint64_t k = ++n;
  for (std::uint64_t p = 1; p <= k; p *= 10)
    if (p == k) return true;
  return false;
}

}  // namespace

struct mqtt_link::impl final : public ::mqtt::iaction_listener {
  impl(mqtt_link_options o, metrics& m)
      : opts(std::move(o)),
        metrics_(m),
        client_id(opts.mqtt.client_id.empty() ? default_client_id() : opts.mqtt.client_id),
        paho_opts(paho::make_client_options(
            opts.mqtt, {max_buffered_requests, max_inflight,
                        std::chrono::duration_cast<std::chrono::seconds>(opts.connect_timeout), std::nullopt})),
        client(opts.mqtt.url, client_id, paho_opts.create),
        status_filter(topics::filter(topics::kind::status)),
        events_filter(topics::filter(topics::kind::events, opts.mqtt.share_group)) {
    client.set_message_callback([this](::mqtt::const_message_ptr msg) {
      if (!msg) return;
      queued_message q;
      q.topic = msg->get_topic();
      q.payload = msg->get_payload_str();
      q.retained = msg->is_retained();
      q.received_ms = opts.utc_now_ms ? opts.utc_now_ms() : pantau::system_clock().utc_ms();
      q.arrival_us = steady_now_us();
      q.owner = std::move(msg);
      if (handler) handler(std::move(q));
    });
    client.set_connection_lost_handler([this](const std::string& cause) {
      connection_lost(cause.empty() ? std::string("no reason given") : cause);
    });
    client.set_disconnected_handler([this](const ::mqtt::properties&, ::mqtt::ReasonCode rc) {
      connection_lost("broker disconnected us, reason code " + std::to_string(static_cast<int>(rc)));
    });
  }

  // Delivery of an ack failed after it was handed to Paho (for example the connection dropped).
  void on_failure(const ::mqtt::token& tok) override {
    metrics_.ack_failures.add();
    if (worth_logging(ack_failures))
      spdlog::warn("ack publish failed (rc {}, reason {}); the kiosk will resend and be acked again "
                   "[{} so far]", tok.get_return_code(), static_cast<int>(tok.get_reason_code()),
                   ack_failures.load());
  }
  void on_success(const ::mqtt::token&) override {}

  void connection_lost(const std::string& cause) {
    const bool was_ready = ready.exchange(false);
    metrics_.mqtt_connected.set(0);
    if (was_ready) spdlog::warn("mqtt connection lost: {}; reconnecting", cause);
    {
      std::lock_guard lock(mu);
      lost = true;
    }
    cv.notify_all();
  }

  bool connect_and_subscribe() {
    try {
      auto tok = client.connect(paho_opts.connect);
      if (!tok->wait_for(opts.connect_timeout + std::chrono::seconds(1))) {
        spdlog::warn("mqtt connect to {} timed out", opts.mqtt.url);
        drop_connection();
        return false;
      }
      // Status first: its retained messages then arrive before any event, so a kiosk's first
      // contact can be placed by the backlog its status reports.
      for (const std::string* filter : {&status_filter, &events_filter}) {
        auto sub = client.subscribe(*filter, 1);
        if (!sub->wait_for(opts.connect_timeout)) {
          spdlog::warn("mqtt subscribe to {} timed out", *filter);
          drop_connection();
          return false;
        }
        const auto response = sub->get_subscribe_response();
        for (auto rc : response.get_reason_codes()) {
          if (rc > ::mqtt::ReasonCode::GRANTED_QOS_2) {
            spdlog::error("mqtt subscribe to {} refused by the broker: reason code {}{}", *filter,
                          static_cast<int>(rc), rc == ::mqtt::ReasonCode::NOT_AUTHORIZED ? " (not authorized)" : "");
            drop_connection();
            return false;
          }
        }
      }
    } catch (const ::mqtt::exception& e) {
      const std::string hint = paho::tls_hint(opts.mqtt);
      spdlog::warn("mqtt connect to {} failed: {}{}{}", opts.mqtt.url, e.what(), hint.empty() ? "" : "; ", hint);
      drop_connection();
      return false;
    }
    ready = true;
    connections.fetch_add(1);
    metrics_.mqtt_connected.set(1);
    spdlog::info("mqtt connected to {} as {} and subscribed (QoS 1) to {} and {}", opts.mqtt.url, client_id,
                 status_filter, events_filter);
    return true;
  }

  void drop_connection() {
    try {
      if (client.is_connected()) client.disconnect()->wait_for(std::chrono::seconds(2));
    } catch (const ::mqtt::exception&) {
      // Already gone: nothing to tidy.
    }
  }

  void run() {
    auto backoff = opts.backoff_min;
    std::unique_lock lock(mu);
    while (!stopping) {
      lost = false;
      lock.unlock();
      const bool ok = connect_and_subscribe();
      lock.lock();
      if (ok) {
        backoff = opts.backoff_min;
        cv.wait(lock, [&] { return stopping || lost; });
        continue;  // lost: try again at once; backoff only after a failed attempt
      }
      if (stopping) break;
      spdlog::info("mqtt retrying in {} ms", backoff.count());
      cv.wait_for(lock, backoff, [&] { return stopping; });
      backoff = std::min(backoff * 2, opts.backoff_max);
    }
  }

  mqtt_link_options opts;
  metrics& metrics_;
  std::string client_id;
  paho::client_options paho_opts;  // before the client, which is made from it
  ::mqtt::async_client client;
  std::string status_filter;
  std::string events_filter;
  message_handler handler;

  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  bool lost = false;
  std::atomic<bool> ready{false};
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> ack_failures{0};
  std::thread supervisor;
};

mqtt_link::mqtt_link(mqtt_link_options options, metrics& m)
    : impl_(std::make_unique<impl>(std::move(options), m)) {}

mqtt_link::~mqtt_link() { stop(std::chrono::milliseconds(1000)); }

void mqtt_link::on_message(message_handler handler) { impl_->handler = std::move(handler); }

void mqtt_link::start() {
  if (impl_->supervisor.joinable()) return;
  impl_->supervisor = std::thread([this] { impl_->run(); });
}

bool mqtt_link::connected() const { return impl_->ready.load(); }
std::uint64_t mqtt_link::connections() const { return impl_->connections.load(); }

bool mqtt_link::publish_retained(const std::string& topic, const std::string& payload) {
  try {
    // Waited for: the caller remembers what it published and must know it reached the broker.
    return impl_->client.publish(topic, payload.data(), payload.size(), 1, true)->wait_for(std::chrono::seconds(5));
  } catch (const ::mqtt::exception& e) {
    spdlog::warn("retained message to {} not published: {}", topic, e.what());
    return false;
  }
}

void mqtt_link::stop_intake(std::chrono::milliseconds timeout) {
  if (!impl_->ready.load()) return;
  try {
    for (const std::string* filter : {&impl_->events_filter, &impl_->status_filter})
      impl_->client.unsubscribe(*filter)->wait_for(timeout);
    spdlog::info("mqtt unsubscribed; finishing the messages already received");
  } catch (const ::mqtt::exception& e) {
    spdlog::warn("mqtt unsubscribe failed: {}", e.what());
  }
}

void mqtt_link::stop(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping && !impl_->supervisor.joinable()) return;
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  if (impl_->supervisor.joinable()) impl_->supervisor.join();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    if (impl_->client.is_connected()) {
      for (auto& tok : impl_->client.get_pending_delivery_tokens()) {
        try {
          if (tok) tok->wait_until(deadline);
        } catch (const ::mqtt::exception&) {
          // Counted by on_failure already.
        }
      }
      impl_->client.disconnect()->wait_for(std::chrono::seconds(2));
    }
  } catch (const ::mqtt::exception& e) {
    spdlog::warn("mqtt disconnect: {}", e.what());
  }
  impl_->ready = false;
  impl_->metrics_.mqtt_connected.set(0);
}

bool mqtt_link::publish_ack(const std::string& topic, const std::string& payload) {
  try {
    impl_->client.publish(topic, payload.data(), payload.size(), 1, false, nullptr, *impl_);
    return true;
  } catch (const ::mqtt::exception& e) {
    if (worth_logging(impl_->ack_failures))
      spdlog::warn("ack to {} not published: {}; the kiosk will resend and be acked again [{} so far]", topic,
                   e.what(), impl_->ack_failures.load());
    return false;
  }
}

}  // namespace pantau::hub
