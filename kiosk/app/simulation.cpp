#include "simulation.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "pantau/kiosk/sim_driver.hpp"

namespace pantau::kiosk {

std::uint64_t resolve_seed(std::uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

int run_emit(outbox& box, std::int64_t count, sim_mix mix, std::size_t batch, std::uint64_t seed) {
  simulator sim({.seed = resolve_seed(seed), .mix = mix});
  std::int64_t first = 0, last = 0, done = 0;
  std::vector<event_data> events;
  while (done < count) {
    const auto n = std::min<std::int64_t>(static_cast<std::int64_t>(batch), count - done);
    events.clear();
    for (std::int64_t i = 0; i < n; ++i) events.push_back(sim.next());
    auto rows = box.append_many(events);
    if (!rows) {
      std::cerr << "gagal menyimpan / cannot commit: " << rows.err().message << "\n";
      if (done > 0) std::cerr << "committed " << done << " events, seq " << first << ".." << last << "\n";
      return 1;
    }
    if (done == 0) first = rows->front().seq;
    last = rows->back().seq;
    done += n;
  }
  if (done == 0)
    std::cout << "committed 0 events\n";
  else
    std::cout << "committed " << done << " events, seq " << first << ".." << last << "\n";
  return 0;
}

generator::generator(std::unique_ptr<outbox> box, const clock& clk, double rate, std::optional<std::int64_t> count,
                     std::uint64_t seed)
    : box_(std::move(box)), clock_(clk), rate_(rate), count_(count), seed_(seed) {
  worker_.start([this] { run(); });
}

generator::~generator() { stop(); }

void generator::stop() { worker_.stop(); }

void generator::run() {
  sim_drive_options o{.rate = rate_, .count = count_};
  sim_driver driver(simulator({.seed = resolve_seed(seed_)}), *box_, o, clock_.monotonic_ms());
  spdlog::info("simulator: {} events/s{}", o.rate,
               o.count ? " until last_seq reaches " + std::to_string(*o.count) : std::string());
  // Batches of at least a tick's worth keep high rates from turning into one fsync per event.
  constexpr std::int64_t min_tick_ms = 20;
  while (!worker_.wait_for_stop(std::chrono::milliseconds(0))) {
    auto n = driver.step(clock_.monotonic_ms());
    if (!n) {
      spdlog::error("simulator: {}", n.err().message);
      if (worker_.wait_for_stop(std::chrono::seconds(1))) break;
      continue;
    }
    if (driver.finished()) {
      spdlog::info("simulator: reached {} events; generator idle", o.count.value_or(0));
      return;
    }
    const std::int64_t wait = std::max(min_tick_ms, driver.next_due_ms() - clock_.monotonic_ms());
    if (worker_.wait_for_stop(std::chrono::milliseconds(std::min<std::int64_t>(wait, 1000)))) break;
  }
  spdlog::info("simulator: stopped after {} events", driver.committed());
}

}  // namespace pantau::kiosk
