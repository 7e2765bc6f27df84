#pragma once
// Runs the alert monitor inside the hub: committed ingest batches are copied and queued (the ingest
// worker never waits on it), one thread of its own feeds them to the monitor, ticks it every second,
// refreshes today's attendance per unit from the aggregates, takes each organisation it is told of
// (units, counters, targets edited by an admin) on that thread, and hands every raised or cleared alert to `on_change` (the live channel pushes it). At its start
// it restores the history and refills the satisfaction windows with the ratings of the last window.
// Thread-safety: committed() from the ingest worker, org_changed(), list() and knows_unit() from any
// thread; seed(), start() and stop() from the thread that owns the service.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pantau/hub/core/alert_monitor.hpp"
#include "pantau/hub/core/appraisal_query.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/indicators/attendance.hpp"

namespace pantau::hub::http {

struct alert_service_sources {
  org_source* org = nullptr;  // subscribed to for the service's lifetime; must outlive it
  aggregate_reader* aggregates = nullptr;  // today's attendance per unit; nullptr: no attendance alerts
  std::function<std::int64_t()> now_ms;    // UTC
  std::function<void(const alert_change&)> on_change;  // on the service thread; must not block
  alert_log* log = nullptr;  // keeps the history across restarts; nullptr: memory only
  rtl_store* rtl = nullptr;  // open follow-up items, for rtl_overdue; nullptr: no such alerts
};

struct alert_service_options {
  alert_monitor_options monitor;
  std::chrono::milliseconds tick{1000};
  // Attendance is re-read this often, and soon after a batch with attendance events.
  std::chrono::seconds attendance_every{60};
  std::chrono::milliseconds attendance_after_event{2000};
  // Each employee's unexcused absence this year (PP 94/2021) is counted again this often: it only grows
  // when a work day ends, and the count walks the whole year.
  std::chrono::seconds absence_every{3600};
  // ... and, after the organisation changed (leave, transfers, active dates), once this much has passed.
  std::chrono::seconds absence_after_change{60};
  std::size_t queue_limit = 10'000;  // batches waiting; past it the oldest are dropped with a log line
  // How the attendance count is judged (which leave kinds count as present), as /kpi judges it.
  indicators::attendance_policy attendance;
};

class alert_service final : public change_listener, public org_listener {
 public:
  explicit alert_service(alert_service_sources sources, alert_service_options options = {});
  ~alert_service() override;
  alert_service(const alert_service&) = delete;
  alert_service& operator=(const alert_service&) = delete;

  // The kiosks the store knows at start, so one that is already offline still alerts.
  void seed(std::span<const kiosk_info> kiosks);
  // Restores the history and replays the last window's ratings, then starts the thread. Call it
  // before the ingest link starts, so that no rating is both replayed and received.
  void start();
  void stop();  // idempotent; joins the thread

  void committed(const committed_batch& batch) override;
  // Queued for the service thread, which never reads the organisation from the store.
  void org_changed(std::shared_ptr<const organisation> org) override;

  // A follow-up item was written: the overdue check runs again soon (also every attendance_every).
  void rtl_changed();

  std::vector<alert_record> list(alert_filter filter) const;
  // The unit exists in the organisation the monitor works with.
  bool knows_unit(std::string_view unit) const;

 private:
  struct pending {
    std::vector<kiosk_info> kiosks;
    std::vector<pantau::event> ratings;
    bool attendance = false;
  };

  void run();
  void restore_history();        // in start(), before the thread
  void replay_recent_ratings();  // in start(), before the thread
  // Keeps each change in the log, then hands it to on_change.
  void publish(const std::vector<alert_change>& changes);
  void take_org();  // service thread (and start()): the newest organisation told, if any
  void refresh_attendance(std::int64_t now_ms, std::vector<alert_change>& out);  // service thread
  void refresh_rtl(std::int64_t now_ms, std::vector<alert_change>& out);         // service thread
  void refresh_absence(std::int64_t now_ms, std::vector<alert_change>& out);     // service thread

  alert_service_sources sources_;
  alert_service_options options_;

  mutable std::mutex monitor_mu_;
  alert_monitor monitor_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<pending> queue_;
  std::shared_ptr<const organisation> org_told_;  // not yet taken by the service thread
  bool rtl_told_ = false;
  bool stopping_ = false;
  std::thread worker_;

  // Service thread only (and start() before it runs).
  std::shared_ptr<const organisation> org_;  // null until the first one is told
  bool attendance_wanted_ = true;
  std::chrono::steady_clock::time_point attendance_read_{};
  std::optional<std::chrono::steady_clock::time_point> absence_read_;  // never before the first
  bool absence_wanted_ = false;
  std::chrono::steady_clock::time_point ticked_{};
};

}  // namespace pantau::hub::http
