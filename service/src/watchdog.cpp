#include "pantau/service/watchdog.hpp"

#include <algorithm>

namespace pantau::service {

watchdog::watchdog(notifier& n, const clock& clk, std::optional<std::chrono::microseconds> timeout)
    : notifier_(n), clock_(clk) {
  if (timeout && timeout->count() > 0)
    interval_ms_ = std::max<std::int64_t>(1, std::chrono::duration_cast<std::chrono::milliseconds>(*timeout).count() / 2);
}

watchdog::~watchdog() { stop_thread(); }

void watchdog::ready() {
  if (ready_.exchange(true)) return;
  // Start-up itself is progress: the first ping is due one interval from now.
  progress_.store(true, std::memory_order_relaxed);
  notifier_.notify("READY=1");
}

void watchdog::status(const std::string& text) { notifier_.notify("STATUS=" + text); }

void watchdog::stopping() {
  if (stopping_.exchange(true)) return;
  notifier_.notify("STOPPING=1");
}

void watchdog::start() {
  if (!enabled() || thread_.joinable()) return;
  next_due_ms_ = clock_.monotonic_ms() + interval_ms_;
  thread_ = std::thread([this] {
    // A few polls per interval keep a ping from slipping by most of an interval.
    const auto step = std::chrono::milliseconds(std::max<std::int64_t>(1, interval_ms_ / 4));
    std::unique_lock lock(wake_m_);
    while (!wake_cv_.wait_for(lock, step, [this] { return quit_; })) {
      lock.unlock();
      poll();
      lock.lock();
    }
  });
}

bool watchdog::poll() {
  if (!enabled() || !ready_.load()) return false;
  const std::int64_t now = clock_.monotonic_ms();
  if (next_due_ms_ == 0) next_due_ms_ = now + interval_ms_;
  if (now < next_due_ms_) return false;
  next_due_ms_ = now + interval_ms_;
  if (!progress_.exchange(false, std::memory_order_relaxed)) return false;
  notifier_.notify("WATCHDOG=1");
  return true;
}

void watchdog::stop_thread() {
  {
    std::lock_guard lock(wake_m_);
    quit_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace pantau::service
