#pragma once
// Paces a simulator into an outbox at a steady rate: each step() commits, in one transaction, the
// events that have come due since the last one, and stops for good once the outbox's last_seq reaches
// `count` (counted across restarts, since last_seq lives in the outbox).
// Thread-safety: not thread-safe; one per generator thread, with that thread's own outbox.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/kiosk/simulator.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct sim_drive_options {
  double rate = 5.0;                  // events per second
  std::optional<std::int64_t> count{};  // stop once last_seq reaches this
  std::size_t max_batch = 2000;       // events per transaction at most
};

class sim_driver {
 public:
  sim_driver(simulator sim, outbox& box, sim_drive_options opts, std::int64_t start_ms);

  // Commits what is due at now_ms; returns how many events that was.
  result<std::size_t> step(std::int64_t now_ms);
  bool finished() const { return finished_; }
  // When the next event falls due (monotonic ms).
  std::int64_t next_due_ms() const;
  std::uint64_t committed() const { return committed_; }
  std::uint64_t skipped() const { return skipped_; }

 private:
  simulator sim_;
  outbox& box_;
  sim_drive_options opts_;
  std::int64_t start_ms_;
  std::uint64_t scheduled_ = 0;  // events accounted for since start_ms_ (committed or skipped)
  std::uint64_t committed_ = 0;
  std::uint64_t skipped_ = 0;
  bool finished_ = false;
};

}  // namespace pantau::kiosk
