// Live fan-out: 200 dashboard WebSocket connections on /api/v1/live of a real hub; one rating event
// per round is published over MQTT and the clock runs until every connection has its "kpi" notice.
// Reports the event -> screen latency over all connections and rounds (p50/p99/max, milliseconds)
// and the hub's RSS with the connections open. Environment: PANTAU_BENCH_DASHBOARDS (default 200).
#include <benchmark/benchmark.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <mqtt/async_client.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "latency.hpp"
#include "pantau/test/beast_names.hpp"
#include "pantau/test/services.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace pantau::test::beast_names;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const std::string kiosk = "k-bench";

// One rating per round from a kiosk that exists only on the wire.
const wire_kiosk bench_kiosk(office, kiosk);
std::string rating_event(std::int64_t seq) {
  return bench_kiosk.event(seq, "2026-11-16T02:00:00.000Z", "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt));
}

// One dashboard: reads frames forever and notes when the latest "kpi" notice arrived.
struct dashboard : std::enable_shared_from_this<dashboard> {
  explicit dashboard(net::io_context& ioc) : ws(ioc) {}
  void read() {
    ws.async_read(buf, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      const auto text = beast::buffers_to_string(self->buf.data());
      self->buf.consume(self->buf.size());
      if (text.find("\"type\":\"kpi\"") != std::string::npos)
        self->last_kpi_ns.store(steady::now().time_since_epoch().count());
      self->read();
    });
  }
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buf;
  std::atomic<steady::rep> last_kpi_ns{0};
};

void live_fanout(benchmark::State& state) {
  const auto dashboards = static_cast<std::size_t>(env_int("PANTAU_BENCH_DASHBOARDS", 200));
  temp_dir dir("pantau-bench-live");
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  std::string out;
  if (hub.run_command({"seed-demo"}, &out) != 0) return state.SkipWithError("seed-demo failed");
  hub.start();
  const std::string cookie = hub.login();

  net::io_context ioc;
  std::vector<std::shared_ptr<dashboard>> boards;
  for (std::size_t i = 0; i < dashboards; ++i) {
    auto d = std::make_shared<dashboard>(ioc);
    beast::get_lowest_layer(d->ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), hub.http_port()));
    d->ws.set_option(websocket::stream_base::decorator(
        [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
    d->ws.handshake("127.0.0.1", "/api/v1/live");
    d->read();
    boards.push_back(d);
  }
  std::thread io([&] { ioc.run(); });

  mqtt::async_client pub(broker.url(), "bench-live-publisher", mqtt::create_options(MQTTVERSION_5));
  pub.connect(mqtt::connect_options_builder().mqtt_version(MQTTVERSION_5).clean_start(true).finalize())->wait();
  const std::string topic = "pantau/v1/" + office + "/" + kiosk + "/events";

  std::vector<double> ms;
  std::int64_t seq = 0;
  std::size_t missed = 0;
  for (auto _ : state) {
    const auto t0 = steady::now();
    const auto payload = rating_event(++seq);
    pub.publish(topic, payload.data(), payload.size(), 1, false)->wait();
    const bool all = wait_until(
        [&] {
          for (const auto& b : boards)
            if (b->last_kpi_ns.load() < t0.time_since_epoch().count()) return false;
          return true;
        },
        5s, 1ms);
    for (const auto& b : boards) {
      const auto at = b->last_kpi_ns.load();
      if (at < t0.time_since_epoch().count()) {
        ++missed;
        continue;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(steady::duration(at) - t0.time_since_epoch()).count());
    }
    state.SetIterationTime(std::chrono::duration<double>(steady::now() - t0).count());
    if (!all) break;
    std::this_thread::sleep_for(300ms);  // past the hub's coalescing interval: one notice per round
  }
  report_latency(state, std::move(ms));
  state.counters["dashboards"] = static_cast<double>(dashboards);
  state.counters["missed"] = static_cast<double>(missed);
  state.counters["hub_rss_mb"] = static_cast<double>(usage_of(hub.proc().pid()).rss_kb) / 1024.0;

  pub.disconnect()->wait();
  ioc.stop();
  io.join();
  hub.stop();
}

BENCHMARK(live_fanout)->Iterations(20)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pantau::test

BENCHMARK_MAIN();
