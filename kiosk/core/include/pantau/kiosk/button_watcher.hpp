#pragma once
// Waits on a push_button on a thread of its own and calls `on_press` for each press (the screen's
// "next citizen"). A failing button is logged by the caller's `on_error` and retried after a pause,
// so a loose wire never stops the kiosk.
// Thread-safety: start/stop from one thread; the callbacks run on the watcher's thread.
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

#include "pantau/kiosk/push_button.hpp"

namespace pantau::kiosk {

class button_watcher {
 public:
  button_watcher(push_button& button, std::function<void()> on_press, std::function<void(const error&)> on_error,
                 std::int64_t poll_ms = 200);
  ~button_watcher();
  button_watcher(const button_watcher&) = delete;
  button_watcher& operator=(const button_watcher&) = delete;

  void start();
  void stop();  // returns within about one poll interval

 private:
  void run();

  push_button& button_;
  std::function<void()> on_press_;
  std::function<void(const error&)> on_error_;
  std::int64_t poll_ms_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace pantau::kiosk
