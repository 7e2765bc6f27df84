// End-to-end ingest rate next to the raw rate of the same broker, in one run on one machine.
//   raw_broker_qos1:   plain libmosquitto QoS 1 publishers (one per kiosk) -> one subscriber, same
//                      message size as an event.
//   hub_ingest:        N kiosks with a pre-filled outbox drain through mosquitto into pantau-hub;
//                      the clock stops when every outbox is empty, i.e. every event is committed by
//                      the hub AND its ack has reached the kiosk.
//   kiosk_idle / kiosk_drain: the kiosk's RSS and CPU while idle and while draining 5,000 events.
// Environment: PANTAU_BENCH_EVENTS (per kiosk, default 20000), PANTAU_BENCH_KIOSKS (default 3).
#include <benchmark/benchmark.h>

#include <mosquitto.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <thread>

#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;


std::int64_t events_per_kiosk() { return env_int("PANTAU_BENCH_EVENTS", 20000); }
std::int64_t kiosk_count() { return env_int("PANTAU_BENCH_KIOSKS", 3); }

// A payload the size of a typical rating event.
std::string sample_payload() {
  return R"({"v":1,"id":"5f0c7a4e-2b7d-4c1e-9a3f-0d8e6b1c2a47","kiosk":"k-01","office":"binjai-dukcapil",)"
         R"("seq":1234,"boot":"0f3e8d2c-1b4a-4f5e-8c7d-6a5b4c3d2e1f","mono_ms":8123456,)"
         R"("ts":"2026-11-22T00:31:02.123Z","clock":"synced","type":"rating","data":{"counter":"loket-3",)"
         R"("employee":"199001012015031001","overall":4,"elements":null,"misuse":false}})";
}

// The broker's own client library on both sides: the fastest plain QoS 1 path this broker offers.
struct mosq_client {
  explicit mosq_client(const std::string& id, void* user) : m(mosquitto_new(id.c_str(), true, user)) {
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_int_option(m, MOSQ_OPT_SEND_MAXIMUM, 1000);
  }
  ~mosq_client() {
    mosquitto_disconnect(m);
    mosquitto_loop_stop(m, true);
    mosquitto_destroy(m);
  }
  bool connect(std::uint16_t port) {
    return mosquitto_connect(m, "127.0.0.1", port, 30) == MOSQ_ERR_SUCCESS &&
           mosquitto_loop_start(m) == MOSQ_ERR_SUCCESS;
  }
  mosquitto* m;
};

void raw_broker_qos1(benchmark::State& state) {
  const std::int64_t total = events_per_kiosk() * kiosk_count();
  mosquitto_lib_init();
  for (auto _ : state) {
    temp_dir dir("pantau-bench");
    mosquitto_broker broker(dir.path());
    broker.start();
    struct counts {
      std::atomic<std::int64_t> received{0};
      std::atomic<bool> subscribed{false};
    } seen;
    mosq_client sub("bench-sub", &seen);
    mosquitto_message_callback_set(sub.m, [](mosquitto*, void* user, const mosquitto_message*) {
      ++static_cast<counts*>(user)->received;
    });
    mosquitto_subscribe_callback_set(sub.m, [](mosquitto*, void* user, int, int, const int*) {
      static_cast<counts*>(user)->subscribed = true;
    });
    if (!sub.connect(broker.port())) state.SkipWithError("subscriber cannot connect");
    mosquitto_subscribe(sub.m, nullptr, "bench/raw", 1);
    wait_until([&] { return seen.subscribed.load(); }, 10s, 1ms);
    auto& received = seen.received;
    // One publisher per simulated kiosk, as in hub_ingest; the library keeps 1000 in flight each.
    const std::string payload = sample_payload();
    std::vector<std::unique_ptr<mosq_client>> pubs;
    for (std::int64_t k = 0; k < kiosk_count(); ++k) {
      pubs.push_back(std::make_unique<mosq_client>("bench-pub-" + std::to_string(k), nullptr));
      if (!pubs.back()->connect(broker.port())) state.SkipWithError("publisher cannot connect");
    }
    auto t0 = steady::now();
    for (std::int64_t i = 0; i < events_per_kiosk(); ++i)
      for (auto& p : pubs)
        mosquitto_publish(p->m, nullptr, "bench/raw", static_cast<int>(payload.size()), payload.data(), 1, false);
    wait_until([&] { return received.load() >= total; }, 300s, 1ms);
    auto secs = std::chrono::duration<double>(steady::now() - t0).count();
    state.SetIterationTime(secs);
    state.counters["events"] = static_cast<double>(received.load());
    state.counters["events_per_s"] = static_cast<double>(received.load()) / secs;
  }
}

// A broker of its own and a started hub in a fresh directory.
struct hub_stack {
  explicit hub_stack(hub_options o = {})
      : broker(dir.path()), hub((broker.start(), dir.path()), broker.url(), std::move(o)) {
    hub.start();
  }
  temp_dir dir{"pantau-bench"};
  mosquitto_broker broker;
  hub_process hub;
};

// state.range(0): 1 with the day aggregates kept in the ingest transaction (the default), 0 without
// (the foundation's path), so their cost is a ratio taken in one run.
void hub_ingest(benchmark::State& state) {
  const std::int64_t per_kiosk = events_per_kiosk();
  for (auto _ : state) {
    hub_options ho;
    ho.aggregates = state.range(0) != 0;
    hub_stack stack(ho);
    auto& dir = stack.dir;
    auto& broker = stack.broker;
    auto& hub = stack.hub;
    std::vector<std::unique_ptr<kiosk_process>> kiosks;
    for (std::int64_t k = 0; k < kiosk_count(); ++k) {
      kiosk_options o;
      o.id = "k-" + std::to_string(k + 1);
      kiosks.push_back(std::make_unique<kiosk_process>(dir.path(), broker.url(), o));
      if (kiosks.back()->emit(per_kiosk) != 0) state.SkipWithError("emit failed");
    }
    auto t0 = steady::now();
    for (auto& k : kiosks) k->start();
    bool drained = wait_until([&] {
      for (auto& k : kiosks)
        if (outbox_backlog(k->db_path()) != 0) return false;
      return true;
    }, 600s, 5ms);
    auto secs = std::chrono::duration<double>(steady::now() - t0).count();
    if (!drained) state.SkipWithError("kiosks did not drain");
    const auto stored = sql_int(hub.db_path(), "SELECT count(*) FROM events");
    state.SetIterationTime(secs);
    state.counters["events"] = static_cast<double>(stored);
    state.counters["events_per_s"] = static_cast<double>(stored) / secs;
    state.counters["hub_rss_mb"] = static_cast<double>(usage_of(hub.proc().pid()).rss_kb) / 1024.0;
    for (auto& k : kiosks) k->stop();
    hub.stop();
  }
}

// The kiosk's own footprint: idle (connected, nothing to send) and draining a 5,000-event backlog.
void kiosk_footprint(benchmark::State& state) {
  for (auto _ : state) {
    hub_stack stack;
    auto& dir = stack.dir;
    auto& broker = stack.broker;
    auto& hub = stack.hub;
    kiosk_options o;
    kiosk_process kiosk(dir.path(), broker.url(), o);
    kiosk.start();
    std::this_thread::sleep_for(2s);  // connected and settled
    auto idle0 = usage_of(kiosk.pid());
    std::this_thread::sleep_for(10s);
    auto idle1 = usage_of(kiosk.pid());
    if (kiosk.emit(5000) != 0) state.SkipWithError("emit failed");
    auto t0 = steady::now();
    auto drain0 = usage_of(kiosk.pid());
    std::int64_t peak_rss = drain0.rss_kb;
    wait_until([&] {
      peak_rss = std::max(peak_rss, usage_of(kiosk.pid()).rss_kb);
      return outbox_backlog(kiosk.db_path()) == 0;
    }, 300s, 5ms);
    auto secs = std::chrono::duration<double>(steady::now() - t0).count();
    auto drain1 = usage_of(kiosk.pid());
    state.SetIterationTime(secs);
    state.counters["idle_rss_mb"] = static_cast<double>(idle1.rss_kb) / 1024.0;
    state.counters["idle_cpu_pct"] = 100.0 * (idle1.cpu_s - idle0.cpu_s) / 10.0;
    state.counters["drain_peak_rss_mb"] = static_cast<double>(peak_rss) / 1024.0;
    state.counters["drain_cpu_pct"] = 100.0 * (drain1.cpu_s - drain0.cpu_s) / secs;
    state.counters["drain_s"] = secs;
    kiosk.stop();
    hub.stop();
  }
}

BENCHMARK(raw_broker_qos1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(hub_ingest)->ArgName("aggregates")->Arg(0)->Arg(1)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);
BENCHMARK(kiosk_footprint)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace pantau::test

BENCHMARK_MAIN();
