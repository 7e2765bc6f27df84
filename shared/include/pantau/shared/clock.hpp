#pragma once
// The `clock` port: time comes through it so core logic is testable (DESIGN §8).
// Thread-safety: implementations must be safe to call from any thread.
#include <chrono>
#include <cstdint>

namespace pantau {

class clock {
 public:
  virtual ~clock() = default;
  virtual std::int64_t utc_ms() const = 0;        // wall clock, UTC ms since the epoch
  virtual std::int64_t monotonic_ms() const = 0;  // since boot; never goes back
};

// The machine's clocks. Production uses no offset. A test or a demo that must see a chosen day and hour
// gives every program one shared offset (PANTAU_CLOCK_OFFSET_MS, read by service::wall_clock_from_environment):
// the wall clock then reads real time plus that offset and still advances in real time, while the
// monotonic clock, condition variables and timers stay untouched.
class system_clock final : public clock {
 public:
  explicit system_clock(std::int64_t offset_ms = 0) : offset_ms_(offset_ms) {}
  std::int64_t utc_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count() + offset_ms_;
  }
  std::int64_t offset_ms() const { return offset_ms_; }
  std::int64_t monotonic_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
  }

 private:
  std::int64_t offset_ms_;
};

// A clock that moves only when told; for tests.
class manual_clock final : public clock {
 public:
  explicit manual_clock(std::int64_t utc_ms = 0, std::int64_t mono_ms = 0) : utc_(utc_ms), mono_(mono_ms) {}
  std::int64_t utc_ms() const override { return utc_; }
  std::int64_t monotonic_ms() const override { return mono_; }
  void advance(std::int64_t ms) { utc_ += ms; mono_ += ms; }

 private:
  std::int64_t utc_;
  std::int64_t mono_;
};

}  // namespace pantau
