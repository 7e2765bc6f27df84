#include "pantau/kiosk/mqtt_publisher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <mqtt/async_client.h>
#include <optional>
#include <vector>
#include <utility>

#include "pantau/kiosk/backoff.hpp"
#include "pantau/mqtt/paho_options.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::kiosk {

namespace asio = boost::asio;
// Bound to the concrete io_context executor: the type-erased default executor costs for nothing here.
using loop_timer = asio::basic_waitable_timer<std::chrono::steady_clock, asio::wait_traits<std::chrono::steady_clock>,
                                              asio::io_context::executor_type>;

namespace {

// Message ids are 16-bit, and after a resend the previous window may still be on its way.
constexpr std::size_t max_window = 20000;
constexpr auto shutdown_wait = std::chrono::seconds(2);
// Ranges waiting for the next delete transaction, at most.
constexpr std::size_t max_pending_deletes = 4096;

// Sorted, overlapping and adjacent ranges joined: per-event acks collapse into a few statements.
std::vector<seq_range> merge_ranges(std::vector<seq_range> r) {
  std::sort(r.begin(), r.end());
  std::vector<seq_range> out;
  for (const auto& [from, to] : r) {
    if (!out.empty() && from <= out.back().second + 1)
      out.back().second = std::max(out.back().second, to);
    else
      out.emplace_back(from, to);
  }
  return out;
}

// Forwards Paho's completion callbacks (on Paho's threads) to plain functions.
class forwarding_listener final : public mqtt::iaction_listener {
 public:
  std::function<void(const mqtt::token&)> success;
  std::function<void(const mqtt::token&)> failure;

 private:
  void on_success(const mqtt::token& tok) override {
    if (success) success(tok);
  }
  void on_failure(const mqtt::token& tok) override {
    if (failure) failure(tok);
  }
};

std::string reason_text(int reason) {
  std::string s = mqtt::exception::reason_code_str(reason);
  return s.empty() ? std::to_string(reason) : std::to_string(reason) + " " + s;
}

}  // namespace

struct mqtt_publisher::impl {
  enum class state { idle, connecting, subscribing, ready, waiting, stopping, stopped };

  publisher_options opts;
  std::unique_ptr<outbox> box;
  const clock& clk;
  clock_probe probe;

  // Declared before the client so that the client (and its callback threads) go first.
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{asio::make_work_guard(io)};
  loop_timer tick_timer{io.get_executor()};
  loop_timer status_timer{io.get_executor()};
  loop_timer reconnect_timer{io.get_executor()};

  std::string events_topic, ack_topic, status_topic, config_topic, client_id;
  std::string tls_hint;  // appended to connect failures: Paho's own words are vague about TLS
  mqtt::connect_options connect_opts;
  forwarding_listener connect_listener, subscribe_listener, delivery_listener;
  std::unique_ptr<mqtt::async_client> client;

  delivery_window window;
  backoff retry;
  state at = state::idle;
  std::uintptr_t epoch = 0;  // counts connections, so late results from an old one are ignored
  // Publishes not yet PUBACKed by the broker, kept within its receive maximum: Paho would queue the
  // excess and send it only on its slow retry cycle (~150 msg/s against a default mosquitto).
  std::size_t broker_limit = 65535;
  std::size_t broker_in_flight = 0;
  // Acked rows are deleted in batches: one fsync'd transaction per ack message would cap delivery
  // at the disk's commit rate. A row whose delete is still pending at a crash is only sent again.
  std::vector<seq_range> acked_ranges;
  std::int64_t stop_deadline_ms = 0;
  bool publish_blocked_logged = false;
  std::int64_t last_error_log_ms = -1000000;
  std::uint64_t logged_published = 0, logged_acked = 0;

  std::atomic<bool> stop_requested{false};
  std::atomic<std::uint64_t> n_published{0}, n_acked{0}, n_rejected{0}, n_resends{0}, n_connects{0}, n_refused{0};
  std::atomic<std::int64_t> last_refusal_log_ms{-1000000};
  std::atomic<bool> is_ready{false};

  impl(publisher_options o, std::unique_ptr<outbox> b, const clock& c, clock_probe p)
      : opts(std::move(o)),
        box(std::move(b)),
        clk(c),
        probe(std::move(p)),
        window(opts.delivery),
        retry(opts.backoff_initial_ms, opts.backoff_max_ms) {}

  std::int64_t now() const { return clk.monotonic_ms(); }

  void set_state(state s) {
    at = s;
    is_ready = s == state::ready;
  }

  // Errors that repeat every poll are logged at most once a second.
  bool error_log_due() {
    if (now() - last_error_log_ms < 1000) return false;
    last_error_log_ms = now();
    return true;
  }

  void init_client() {
    events_topic = topics::make(opts.office, opts.kiosk, topics::kind::events);
    ack_topic = topics::make(opts.office, opts.kiosk, topics::kind::ack);
    status_topic = topics::make(opts.office, opts.kiosk, topics::kind::status);
    config_topic = topics::make(opts.office, opts.kiosk, topics::kind::config);
    client_id = opts.mqtt.client_id.empty() ? "pantau-kiosk-" + opts.office + "-" + opts.kiosk
                                            : opts.mqtt.client_id;
    const int window_size = static_cast<int>(opts.delivery.window);
    // Every publish waits in Paho's queue until the broker's receive maximum lets it go; the queue
    // must hold a full window plus one still draining after a resend, or Paho would refuse.
    auto paho_opts = paho::make_client_options(
        opts.mqtt, {2 * window_size + 64, window_size + 16, std::chrono::seconds(5),
                    mqtt::will_options(status_topic, sealed(std::string(offline_will_payload)), 1, true)});
    client = std::make_unique<mqtt::async_client>(opts.mqtt.url, client_id, paho_opts.create, nullptr);
    connect_opts = std::move(paho_opts.connect);
    tls_hint = paho::tls_hint(opts.mqtt);

    // Paho threads only post; all state lives on the loop thread.
    client->set_message_callback([this](mqtt::const_message_ptr msg) {
      if (!msg) return;
      if (msg->get_topic() == config_topic) {
        // Retained: arrives after every subscribe too. The handler keeps and applies it (thread-safe).
        if (!opts.on_config) return;
        std::string scratch;
        auto body = open_from_hub(msg->get_payload_str(), "config", scratch);
        if (!body) return;
        if (auto named = decode_settings(*body); named && !names_us(named->office, named->kiosk, named->key))
          return refuse("config", "it names " + named->office + "/" + named->kiosk + " key " + named->key);
        opts.on_config(std::string(*body));
        return;
      }
      if (msg->get_topic() != ack_topic) return;
      asio::post(io, [this, payload = msg->to_string()] { on_ack(payload); });
    });
    client->set_connection_lost_handler([this](const std::string& cause) {
      asio::post(io, [this, cause] { on_lost(cause.empty() ? "connection lost" : cause); });
    });
    client->set_disconnected_handler([this](const mqtt::properties&, mqtt::ReasonCode rc) {
      asio::post(io, [this, rc] { on_lost("broker disconnected us: " + reason_text(rc)); });
    });
    connect_listener.success = [this](const mqtt::token& tok) {
      std::size_t receive_max = 65535;
      try {
        const auto rsp = tok.get_connect_response();
        if (rsp.get_properties().contains(mqtt::property::RECEIVE_MAXIMUM))
          receive_max = mqtt::get<std::uint16_t>(rsp.get_properties(), mqtt::property::RECEIVE_MAXIMUM);
      } catch (const std::exception&) {
      }
      asio::post(io, [this, receive_max] { on_connected(receive_max); });
    };
    delivery_listener.success = delivery_listener.failure = [this](const mqtt::token& tok) {
      auto ctx = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
      asio::post(io, [this, ctx] { on_delivered(ctx); });
    };
    connect_listener.failure = [this](const mqtt::token& tok) {
      // With MQTT v5, Paho reports the CONNACK reason code as the return code.
      const int rc = tok.get_return_code();
      const int reason = tok.get_reason_code() != mqtt::ReasonCode::SUCCESS ? tok.get_reason_code() : rc;
      std::string why = reason >= mqtt::ReasonCode::UNSPECIFIED_ERROR ? "reason " + reason_text(reason)
                                                                       : mqtt::exception::error_str(rc);
      if (why.empty()) why = "rc " + std::to_string(rc);
      // Bad credentials (134) or no permission (135) will not fix themselves: worth an error line.
      const bool refused = reason == mqtt::ReasonCode::BAD_USER_NAME_OR_PASSWORD ||
                           reason == mqtt::ReasonCode::NOT_AUTHORIZED;
      asio::post(io, [this, why, refused] { on_connect_failed(why, refused); });
    };
    subscribe_listener.success = [this](const mqtt::token& tok) {
      auto ctx = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
      int refused = 0;
      try {
        const auto response = tok.get_subscribe_response();
        for (auto rc : response.get_reason_codes())
          if (rc >= mqtt::ReasonCode::UNSPECIFIED_ERROR) refused = rc;
      } catch (const mqtt::exception&) {
      }
      asio::post(io, [this, ctx, refused] { on_subscribed(ctx, refused); });
    };
    subscribe_listener.failure = [this](const mqtt::token& tok) {
      auto ctx = reinterpret_cast<std::uintptr_t>(tok.get_user_context());
      int reason = tok.get_reason_code();
      if (reason == mqtt::ReasonCode::SUCCESS) reason = mqtt::ReasonCode::UNSPECIFIED_ERROR;
      asio::post(io, [this, ctx, reason] { on_subscribed(ctx, reason); });
    };
  }

  // ---- connection ------------------------------------------------------------------------------

  void connect() {
    if (stop_requested) return;
    set_state(state::connecting);
    try {
      client->connect(connect_opts, nullptr, connect_listener);
    } catch (const mqtt::exception& e) {
      on_connect_failed(e.what(), false);
    }
  }

  void schedule_reconnect() {
    set_state(state::waiting);
    const std::int64_t delay = retry.next_delay_ms();
    spdlog::info("reconnecting to {} in {} ms", opts.mqtt.url, delay);
    reconnect_timer.expires_after(std::chrono::milliseconds(delay));
    reconnect_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec && at == state::waiting) connect();
    });
  }

  void on_connect_failed(const std::string& why, bool refused) {
    if (at == state::stopping) return finish_stop();
    if (at != state::connecting) return;
    if (refused)
      spdlog::error("broker {} refused {}: {}; check the kiosk's MQTT credentials and ACL", opts.mqtt.url,
                    client_id, why);
    else
      spdlog::warn("cannot connect to {} as {}: {}{}{}", opts.mqtt.url, client_id, why, tls_hint.empty() ? "" : "; ",
                   tls_hint);
    schedule_reconnect();
  }

  void on_connected(std::size_t receive_max) {
    if (at == state::stopping) return finish_stop();
    if (at != state::connecting) return;
    set_state(state::subscribing);
    ++epoch;
    // One slot stays free for the status message.
    broker_limit = std::max<std::size_t>(1, receive_max - 1);
    broker_in_flight = 0;
    spdlog::info("connected to {} as {} (broker receive maximum {})", opts.mqtt.url, client_id, receive_max);
    try {
      auto filters = mqtt::string_collection::create({ack_topic});
      mqtt::iasync_client::qos_collection qos{1};
      if (opts.on_config) {
        filters->push_back(config_topic);
        qos.push_back(1);
      }
      client->subscribe(filters, qos, reinterpret_cast<void*>(epoch), subscribe_listener);
    } catch (const mqtt::exception& e) {
      spdlog::warn("cannot subscribe to {}: {}", ack_topic, e.what());
      drop_connection();
    }
  }

  void on_subscribed(std::uintptr_t for_epoch, int refused) {
    if (for_epoch != epoch || at != state::subscribing) return;
    if (refused != 0) {
      spdlog::error("broker refused the subscription to {} (reason {}); without acks nothing can be "
                    "delivered", ack_topic, reason_text(refused));
      return drop_connection();
    }
    set_state(state::ready);
    retry.reset();
    ++n_connects;
    flush_deletes();  // a restart reads from the lowest seq: acked rows must be gone by then
    window.on_connected();
    const auto backlog = box->backlog();
    spdlog::info("ready: publishing {} (window {}, backlog {})", events_topic, opts.delivery.window,
                 backlog ? *backlog : -1);
    publish_status("online");
    pump();
  }

  // Our side gives up on this connection (e.g. no ack subscription) and tries again later.
  void drop_connection() {
    window.on_disconnected();
    try {
      client->disconnect(0);
    } catch (const mqtt::exception&) {
    }
    schedule_reconnect();
  }

  void on_lost(const std::string& cause) {
    if (at == state::stopping) return finish_stop();
    if (at != state::ready && at != state::subscribing) return;
    spdlog::warn("connection to {} lost: {} ({} in flight)", opts.mqtt.url, cause, window.in_flight());
    window.on_disconnected();
    schedule_reconnect();
  }

  // ---- publishing ------------------------------------------------------------------------------

  void pump() {
    while (at == state::ready) {
      auto want = window.next_fetch();
      if (!want) return;
      auto rows = box->pending(want->after_seq, want->limit);
      if (!rows) {
        if (error_log_due()) spdlog::error("outbox: {}", rows.err().message);
        return;
      }
      auto batch = window.to_publish(*rows);
      if (batch.empty()) return;
      for (const auto& row : batch) {
        if (broker_in_flight >= broker_limit) return;  // on_delivered() resumes
        try {
          client->publish(mqtt::make_message(events_topic, row.payload, 1, false),
                          reinterpret_cast<void*>(epoch), delivery_listener);
        } catch (const mqtt::exception& e) {
          // Not published means not in flight: the row is tried again on the next tick.
          if (!publish_blocked_logged) spdlog::warn("publish of seq {} refused for now: {}", row.seq, e.what());
          publish_blocked_logged = true;
          return;
        }
        publish_blocked_logged = false;
        window.on_published(row.seq, now());
        ++broker_in_flight;
        ++n_published;
      }
      if (rows->size() < want->limit) return;
    }
  }

  // The broker took (or failed) one publish. A failure needs nothing here: the row is still in the
  // outbox and the hub's missing ack brings it back.
  void on_delivered(std::uintptr_t for_epoch) {
    if (for_epoch != epoch || broker_in_flight == 0) return;
    --broker_in_flight;
    // Refill in batches rather than one SELECT per PUBACK.
    if (at == state::ready && broker_in_flight <= broker_limit / 2) pump();
  }

  // Counts and logs (at most once a second; callable from Paho's threads) an ack or config ignored.
  void refuse(const char* what, const std::string& why) {
    ++n_refused;
    const std::int64_t t = clk.monotonic_ms();
    std::int64_t last = last_refusal_log_ms.load();
    if (t - last >= 1000 && last_refusal_log_ms.compare_exchange_strong(last, t))
      spdlog::warn("ignoring a {} not from the hub for this kiosk ({} so far): {}", what, n_refused.load(), why);
  }

  // The signed bytes of an ack or config from the hub, or nothing (counted) when it is not one.
  std::optional<std::string_view> open_from_hub(std::string_view payload, const char* what, std::string& scratch) {
    if (!opts.hub_key) return payload;
    auto opened = signing::open(payload, *opts.hub_key, scratch);
    if (!opened) {
      refuse(what, opened.err().message);
      return std::nullopt;
    }
    return *opened;
  }

  // Sealed by the hub for another kiosk, or for this one before it was re-provisioned: not for us.
  bool names_us(const std::string& office, const std::string& kiosk, const std::string& key) const {
    if (!opts.hub_key) return true;
    return office == opts.office && kiosk == opts.kiosk && key == opts.key_id;
  }

  void on_ack(const std::string& payload) {
    std::string scratch;
    auto body = open_from_hub(payload, "ack", scratch);
    if (!body) return;
    auto decoded = decode_ack(*body);
    if (!decoded) {
      if (error_log_due()) spdlog::warn("ignoring a malformed ack on {}: {}", ack_topic, decoded.err().message);
      return;
    }
    if (!names_us(decoded->office, decoded->kiosk, decoded->key))
      return refuse("ack", "it names " + decoded->office + "/" + decoded->kiosk + " key " + decoded->key);
    auto out = window.on_ack(*decoded, now());
    if (out.ignored > 0 && error_log_due())
      spdlog::warn("ack names {} seq(s) this kiosk never published; ignored", out.ignored);
    for (const auto& r : out.rejected) spdlog::warn("hub rejected seq {}: {}", r.seq, r.error);
    acked_ranges.insert(acked_ranges.end(), out.remove_ranges.begin(), out.remove_ranges.end());
    for (auto seq : out.remove_seqs) acked_ranges.emplace_back(seq, seq);
    n_rejected += out.rejected.size();
    if (acked_ranges.size() >= max_pending_deletes) flush_deletes();
    if (at == state::stopping) return maybe_finish_stop();
    pump();
  }

  void flush_deletes() {
    if (acked_ranges.empty()) return;
    const auto ranges = merge_ranges(std::move(acked_ranges));
    acked_ranges.clear();
    auto removed = box->remove(ranges, {});
    if (!removed) {
      // The rows stay and go out again; the hub acks duplicates, so this heals itself.
      spdlog::error("outbox: {}", removed.err().message);
      return;
    }
    n_acked += static_cast<std::uint64_t>(*removed);
  }

  std::string sealed(std::string payload) const {
    return opts.signing_key ? signing::seal(payload, *opts.signing_key) : payload;
  }

  void publish_status(const char* state_name) {
    flush_deletes();
    kiosk_status s;
    s.state = state_name;
    s.version = opts.version;
    if (auto b = box->backlog()) s.backlog = *b;
    if (auto l = box->last_seq()) s.last_seq = *l;
    s.clock = (probe ? probe() : clock_state::synced) == clock_state::synced ? "synced" : "unsynced";
    s.camera = opts.camera_state ? opts.camera_state() : opts.camera;
    if (opts.clock_reading)
      if (const auto r = opts.clock_reading()) {
        s.clock_offset_ms = r->first;
        s.clock_error_ms = r->second;
      }
    s.refused = static_cast<std::int64_t>(n_refused.load());
    try {
      auto tok = client->publish(mqtt::make_message(status_topic, sealed(encode_status(s)), 1, true));
      if (at == state::stopping) tok->wait_for(shutdown_wait);
    } catch (const mqtt::exception& e) {
      spdlog::warn("cannot publish status: {}", e.what());
    }
    const auto sent = n_published.load();
    const auto acked = n_acked.load();
    if (sent != logged_published || acked != logged_acked || s.backlog != 0) {
      spdlog::info("status {}: backlog {}, last_seq {}, in flight {}, published {}, acked {}, resends {}",
                   state_name, s.backlog, s.last_seq, window.in_flight(), sent, acked, window.resends());
      logged_published = sent;
      logged_acked = acked;
    }
  }

  // ---- timers ----------------------------------------------------------------------------------

  void arm_tick() {
    tick_timer.expires_after(opts.poll_interval);
    tick_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      on_tick();
      if (at != state::stopped) arm_tick();
    });
  }

  void on_tick() {
    if (opts.on_tick) opts.on_tick();
    flush_deletes();
    if (at == state::stopping) return maybe_finish_stop();
    if (at != state::ready) return;
    if (window.on_tick(now())) {
      ++n_resends;
      spdlog::warn("no ack progress for {} ms: sending again from the oldest unacked event (resend {})",
                   opts.delivery.resend_after_ms, window.resends());
    }
    pump();
  }

  void arm_status() {
    status_timer.expires_after(std::chrono::seconds(std::max(1, opts.status_interval_s)));
    status_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      if (at == state::ready) publish_status("online");
      if (at != state::stopped && at != state::stopping) arm_status();
    });
  }

  // ---- stopping --------------------------------------------------------------------------------

  void begin_stop() {
    if (at == state::stopping || at == state::stopped) return;
    const state was = at;
    set_state(state::stopping);
    reconnect_timer.cancel();
    status_timer.cancel();
    if (was == state::ready && window.in_flight() > 0) {
      stop_deadline_ms = now() + opts.stop_grace.count();
      spdlog::info("stopping: waiting up to {} ms for acks of {} in-flight events", opts.stop_grace.count(),
                   window.in_flight());
      return;  // on_tick / on_ack finish it
    }
    finish_stop();
  }

  void maybe_finish_stop() {
    if (window.in_flight() == 0 || now() >= stop_deadline_ms) finish_stop();
  }

  void finish_stop() {
    if (at == state::stopped) return;
    flush_deletes();
    set_state(state::stopping);
    if (client && client->is_connected()) {
      publish_status("offline");
      try {
        client->disconnect(static_cast<int>(std::chrono::milliseconds(shutdown_wait).count()))
            ->wait_for(shutdown_wait);
      } catch (const mqtt::exception& e) {
        spdlog::warn("disconnect: {}", e.what());
      }
    }
    set_state(state::stopped);
    tick_timer.cancel();
    status_timer.cancel();
    reconnect_timer.cancel();
    const auto backlog = box->backlog();
    const auto last = box->last_seq();
    spdlog::info("stopped: backlog {}, last_seq {}, published {}, acked {}", backlog ? *backlog : -1,
                 last ? *last : -1, n_published.load(), n_acked.load());
    work.reset();
    io.stop();
  }
};

result<std::unique_ptr<mqtt_publisher>> mqtt_publisher::create(publisher_options opts, std::unique_ptr<outbox> box,
                                                               const clock& clk, clock_probe probe) {
  if (!topics::is_valid_name(opts.office) || !topics::is_valid_name(opts.kiosk))
    return error{errc::invalid_field, "kiosk/office must be lowercase [a-z0-9-]{1,48}"};
  if (opts.delivery.window > max_window) {
    spdlog::warn("window {} is more than {} and is capped", opts.delivery.window, max_window);
    opts.delivery.window = max_window;
  }
  auto d = std::make_unique<impl>(std::move(opts), std::move(box), clk, std::move(probe));
  try {
    d->init_client();
  } catch (const mqtt::exception& e) {
    return error{errc::invalid_field, "MQTT " + d->opts.mqtt.url + ": " + e.what()};
  }
  return std::unique_ptr<mqtt_publisher>(new mqtt_publisher(std::move(d)));
}

mqtt_publisher::mqtt_publisher(std::unique_ptr<impl> d) : d_(std::move(d)) {}

mqtt_publisher::~mqtt_publisher() {
  if (!d_ || !d_->client) return;
  try {
    d_->client->disable_callbacks();
    // Only reached connected when a connect finished after stop(): let the broker publish the will
    // so the retained status does not stay "online".
    if (d_->client->is_connected()) {
      mqtt::disconnect_options o;
      o.set_reason_code(mqtt::ReasonCode::DISCONNECT_WITH_WILL_MESSAGE);
      d_->client->disconnect(o)->wait_for(shutdown_wait);
    }
  } catch (const mqtt::exception&) {
    // Nothing left to tell anyone; the broker publishes the will if the connection just drops.
  }
}

void mqtt_publisher::run() {
  impl& d = *d_;
  asio::post(d.io, [&d] {
    if (d.stop_requested) return d.finish_stop();
    d.arm_tick();
    d.arm_status();
    d.connect();
  });
  d.io.run();
}

void mqtt_publisher::stop() {
  impl& d = *d_;
  d.stop_requested = true;
  asio::post(d.io, [&d] { d.begin_stop(); });
}

publisher_stats mqtt_publisher::stats() const {
  publisher_stats s;
  s.published = d_->n_published;
  s.acked = d_->n_acked;
  s.rejected = d_->n_rejected;
  s.resends = d_->n_resends;
  s.connects = d_->n_connects;
  s.refused = d_->n_refused;
  s.ready = d_->is_ready;
  return s;
}

}  // namespace pantau::kiosk
