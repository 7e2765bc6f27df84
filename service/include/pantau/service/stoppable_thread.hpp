#pragma once
// A worker thread whose body sleeps between steps yet wakes at once when asked to stop (the camera, the
// simulator's generator).
// Thread-safety: start()/stop() from the owning thread; wait_for_stop() from the worker.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace pantau::service {

class stoppable_thread {
 public:
  stoppable_thread() = default;
  ~stoppable_thread() { stop(); }
  stoppable_thread(const stoppable_thread&) = delete;
  stoppable_thread& operator=(const stoppable_thread&) = delete;

  void start(std::function<void()> body) { thread_ = std::thread(std::move(body)); }
  // Wakes the body and joins it; idempotent.
  void stop() {
    {
      std::lock_guard lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  // True when stop was requested before `d` passed (at once if it already was).
  bool wait_for_stop(std::chrono::milliseconds d) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, d, [this] { return stop_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace pantau::service
