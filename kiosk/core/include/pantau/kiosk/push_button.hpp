#pragma once
// The "next citizen" push button beside the counter, as a port: a GPIO line on the device (a libgpiod
// adapter), a fake in tests. The kiosk's button thread waits on it and asks the UI for the next citizen.
// Thread-safety: wait_for_press() from one thread; fake_push_button::press() from any thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

class push_button {
 public:
  virtual ~push_button() = default;
  // True when the button was pressed (one press, debounced), false when `timeout_ms` passed first.
  virtual result<bool> wait_for_press(std::int64_t timeout_ms) = 0;
};

// Presses made by the test; each press is delivered exactly once.
class fake_push_button final : public push_button {
 public:
  void press() {
    {
      std::lock_guard lock(m_);
      ++presses_;
    }
    cv_.notify_all();
  }
  result<bool> wait_for_press(std::int64_t timeout_ms) override {
    std::unique_lock lock(m_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return presses_ > 0; })) return false;
    --presses_;
    return true;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int presses_ = 0;
};

}  // namespace pantau::kiosk
