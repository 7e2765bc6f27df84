#pragma once
// Tells the service manager when the program is ready, what it is doing and that its main loop still
// makes progress. The heartbeat pings only when the owner called alive() since the previous ping, so a
// stalled loop stops the pings and the manager restarts the process (WatchdogSec=).
// Thread-safety: every member may be called from any thread; alive() is lock-free (atomics only).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "pantau/shared/clock.hpp"

namespace pantau::service {

// Where notifications go (sd_notify in production, a recorder in tests).
// Thread-safety: implementations must be safe to call from any thread.
class notifier {
 public:
  virtual ~notifier() = default;
  virtual void notify(const std::string& state) = 0;  // e.g. "READY=1", "WATCHDOG=1"
};

// sd_notify(3) to $NOTIFY_SOCKET; does nothing when the variable is unset.
class systemd_notifier final : public notifier {
 public:
  void notify(const std::string& state) override;
};

// The watchdog timeout the service manager asked for (sd_watchdog_enabled(3): WATCHDOG_USEC, and
// WATCHDOG_PID when set must be this process), or nothing when the watchdog is off.
std::optional<std::chrono::microseconds> watchdog_timeout_from_env();

class watchdog {
 public:
  // `timeout` empty: READY/STATUS/STOPPING still go out, no heartbeat. Pings go out every timeout / 2.
  watchdog(notifier& n, const clock& clk, std::optional<std::chrono::microseconds> timeout);
  ~watchdog();
  watchdog(const watchdog&) = delete;
  watchdog& operator=(const watchdog&) = delete;

  bool enabled() const { return interval_ms_ > 0; }
  // Between pings; the owner should call alive() at least this often (0 when disabled).
  std::chrono::milliseconds ping_interval() const { return std::chrono::milliseconds(interval_ms_); }

  void ready();  // READY=1, once; counts as progress
  void status(const std::string& text);
  void alive() noexcept { progress_.store(true, std::memory_order_relaxed); }
  // STOPPING=1. Pings go on while the owner still reports progress, so a shutdown that hangs is
  // caught as well; the heartbeat ends with the object.
  void stopping();

  // Starts the heartbeat thread, which calls poll() a few times per ping interval.
  void start();
  // One heartbeat step at the clock's time: pings when a ping is due, the program is ready and not
  // stopping, and alive() was called since the last due time. True when it pinged.
  bool poll();

 private:
  void stop_thread();

  notifier& notifier_;
  const clock& clock_;
  std::int64_t interval_ms_ = 0;
  std::atomic<bool> progress_{false};
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};
  std::int64_t next_due_ms_ = 0;  // heartbeat thread (or the test calling poll()) only

  std::mutex wake_m_;
  std::condition_variable wake_cv_;
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace pantau::service
