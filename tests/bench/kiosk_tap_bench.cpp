// The touch panel's tap -> confirmation path of a real pantau-kiosk: a WebSocket client taps a face
// ({"op":"rate"}) and waits for the reply, which the kiosk sends only after the outbox COMMIT
// (SQLite WAL, synchronous=FULL). Taps come back to back, as a burst: after the first, every tap falls
// in the anti-misuse lock and is stored flagged — still committed, so each reply is one commit.
// Reports p50/p99/max of tap -> reply (milliseconds) and the kiosk's RSS and CPU idle and under the burst,
// without a camera and with one: the camera thread watching a looped folder of frames (a person at the
// kiosk, opencv-doc's messi5.jpg, ten frames a second), its face cascade loaded.
#include <benchmark/benchmark.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "latency.hpp"
#include "pantau/test/beast_names.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace pantau::test::beast_names;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

void tap_burst(benchmark::State& state, bool camera) {
  temp_dir dir("pantau-bench-tap");
  mosquitto_broker broker(dir.path());
  broker.start();
  kiosk_options o;
  o.ui_port = free_port();
  if (camera) {
    const std::filesystem::path photo = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";
    const auto frames = dir.path() / "frames";
    std::filesystem::create_directories(frames);
    std::error_code ec;
    std::filesystem::copy_file(photo, frames / "0.jpg", ec);
    if (ec) return state.SkipWithError(("no frame to watch: " + ec.message()).c_str());
    write_file(dir.path() / "keys.toml", "k2026a = \"" + std::string(64, 'a') + "\"\n");
    o.extra_toml = "[camera]\nsource = \"" + frames.string() + "\"\nloop = true\nkeyring = \"" +
                   (dir.path() / "keys.toml").string() + "\"\nevidence_dir = \"" + (dir.path() / "evidence").string() +
                   "\"\n";
  }
  kiosk_process kiosk(dir.path(), broker.url(), o);
  kiosk.start();
  if (!wait_until([&] { return port_accepts(o.ui_port); }, 20s)) return state.SkipWithError("kiosk UI did not start");
  std::this_thread::sleep_for(2s);
  const auto idle0 = usage_of(kiosk.pid());
  std::this_thread::sleep_for(5s);
  const auto idle1 = usage_of(kiosk.pid());

  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), o.ui_port));
  ws.handshake("127.0.0.1", "/ws");
  beast::flat_buffer buf;

  std::vector<double> ms;
  std::int64_t peak_rss = 0;
  std::int64_t re = 0;
  const auto burst0 = usage_of(kiosk.pid());
  const auto t_burst = steady::now();
  for (auto _ : state) {
    const std::string tap = R"({"op":"rate","overall":4,"re":)" + std::to_string(++re) + "}";
    const std::string want = "\"re\":" + std::to_string(re);
    const auto t0 = steady::now();
    ws.write(net::buffer(tap));
    for (;;) {  // state pushes may come first; the reply names our tap
      buf.clear();
      ws.read(buf);
      const auto text = beast::buffers_to_string(buf.data());
      if (text.find("\"type\":\"reply\"") == std::string::npos || text.find(want) == std::string::npos) continue;
      if (text.find("\"ok\":true") == std::string::npos) {
        state.SkipWithError(("tap refused: " + text).c_str());
        break;
      }
      break;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(steady::now() - t0).count());
    if (re % 100 == 0) peak_rss = std::max(peak_rss, usage_of(kiosk.pid()).rss_kb);
  }
  const double burst_s = std::chrono::duration<double>(steady::now() - t_burst).count();
  const auto burst1 = usage_of(kiosk.pid());
  peak_rss = std::max(peak_rss, burst1.rss_kb);
  ws.close(websocket::close_code::normal);

  report_latency(state, std::move(ms));
  state.counters["idle_rss_mb"] = static_cast<double>(idle1.rss_kb) / 1024.0;
  state.counters["idle_cpu_pct"] = 100.0 * (idle1.cpu_s - idle0.cpu_s) / 5.0;
  state.counters["burst_peak_rss_mb"] = static_cast<double>(peak_rss) / 1024.0;
  state.counters["burst_cpu_pct"] = 100.0 * (burst1.cpu_s - burst0.cpu_s) / burst_s;
  state.counters["stored"] = static_cast<double>(outbox_committed(kiosk.db_path()));
  kiosk.stop();
}

void tap_burst_no_camera(benchmark::State& state) { tap_burst(state, false); }
void tap_burst_with_camera(benchmark::State& state) { tap_burst(state, true); }
BENCHMARK(tap_burst_no_camera)->Iterations(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(tap_burst_with_camera)->Iterations(2000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pantau::test

BENCHMARK_MAIN();
