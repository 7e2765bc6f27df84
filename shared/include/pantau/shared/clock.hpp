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

class system_clock final : public clock {
 public:
  std::int64_t utc_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  }
  std::int64_t monotonic_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
  }
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
