#include "pantau/kiosk/button_watcher.hpp"

#include <chrono>

namespace pantau::kiosk {

button_watcher::button_watcher(push_button& button, std::function<void()> on_press,
                               std::function<void(const error&)> on_error, std::int64_t poll_ms)
    : button_(button), on_press_(std::move(on_press)), on_error_(std::move(on_error)), poll_ms_(poll_ms) {}

button_watcher::~button_watcher() { stop(); }

void button_watcher::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void button_watcher::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void button_watcher::run() {
  while (!stopping_) {
    auto pressed = button_.wait_for_press(poll_ms_);
    if (!pressed) {
      if (on_error_) on_error_(pressed.err());
      // Not a busy loop on a broken line: wait a second (in poll steps, to stop promptly).
      for (int i = 0; i < 5 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms_));
      continue;
    }
    if (*pressed && on_press_) on_press_();
  }
}

}  // namespace pantau::kiosk
