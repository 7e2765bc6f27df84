#pragma once
// The simulator feeding the outbox: `emit` (N events, then exit) and the daemon's generator thread
// ([simulate] rate), for demos and load tests.
// Thread-safety: a generator is started and stopped from one thread.
#include <cstdint>
#include <memory>
#include <optional>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/kiosk/simulator.hpp"
#include "pantau/service/stoppable_thread.hpp"
#include "pantau/shared/clock.hpp"

namespace pantau::kiosk {

// 0 means a random seed.
std::uint64_t resolve_seed(std::uint64_t seed);

// Commits `count` simulated events in transactions of `batch`; prints what was committed. Exit code.
int run_emit(outbox& box, std::int64_t count, sim_mix mix, std::size_t batch, std::uint64_t seed);

// Events at `rate` per second until `count` (if any) is reached, on a thread of its own.
class generator {
 public:
  generator(std::unique_ptr<outbox> box, const clock& clk, double rate, std::optional<std::int64_t> count,
            std::uint64_t seed);
  ~generator();
  generator(const generator&) = delete;
  generator& operator=(const generator&) = delete;
  void stop();  // wakes the thread and joins it; idempotent

 private:
  void run();

  std::unique_ptr<outbox> box_;
  const clock& clock_;
  double rate_;
  std::optional<std::int64_t> count_;
  std::uint64_t seed_;
  service::stoppable_thread worker_;  // last: joined before the members it uses go
};

}  // namespace pantau::kiosk
