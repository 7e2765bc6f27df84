#include "pantau/hub/http/alert_service.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <iterator>
#include <utility>
#include <variant>

namespace pantau::hub::http {
namespace {

using steady = std::chrono::steady_clock;

void append(std::vector<alert_change>& out, std::vector<alert_change>&& more) {
  std::move(more.begin(), more.end(), std::back_inserter(out));
}

}  // namespace

alert_service::alert_service(alert_service_sources sources, alert_service_options options)
    : sources_(std::move(sources)), options_(std::move(options)), monitor_(options_.monitor) {
  if (sources_.org != nullptr) sources_.org->subscribe(*this);
}

alert_service::~alert_service() {
  if (sources_.org != nullptr) sources_.org->unsubscribe(*this);
  stop();
}

void alert_service::seed(std::span<const kiosk_info> kiosks) {
  if (kiosks.empty()) return;
  // Queued like a batch: the thread feeds it after the organisation (zones, holidays) is loaded.
  pending p;
  p.kiosks.assign(kiosks.begin(), kiosks.end());
  std::lock_guard lock(queue_mu_);
  queue_.push_back(std::move(p));
}

void alert_service::start() {
  if (worker_.joinable()) return;
  restore_history();
  // The windows resolve counters to units through the organisation: take it before the replay.
  take_org();
  replay_recent_ratings();
  worker_ = std::thread([this] { run(); });
}

void alert_service::stop() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void alert_service::committed(const committed_batch& batch) {
  pending p;
  p.kiosks.assign(batch.kiosks.begin(), batch.kiosks.end());
  for (const pantau::event* e : batch.events) {
    if (e == nullptr) continue;
    if (std::holds_alternative<rating_data>(e->data)) p.ratings.push_back(*e);
    else if (std::holds_alternative<attendance_data>(e->data)) p.attendance = true;
  }
  if (p.kiosks.empty() && p.ratings.empty() && !p.attendance) return;
  {
    std::lock_guard lock(queue_mu_);
    if (queue_.size() >= options_.queue_limit) {
      // Alerts are a convenience next to the stored data: never hold up ingest for them.
      spdlog::warn("alerts: {} batches waiting, the oldest is dropped", queue_.size());
      queue_.erase(queue_.begin());
    }
    queue_.push_back(std::move(p));
  }
  queue_cv_.notify_one();
}

std::vector<alert_record> alert_service::list(alert_filter filter) const {
  std::lock_guard lock(monitor_mu_);
  return monitor_.list(filter);
}

bool alert_service::knows_unit(std::string_view unit) const {
  std::lock_guard lock(monitor_mu_);
  return monitor_.org().find_unit(unit) != nullptr;
}

void alert_service::org_changed(std::shared_ptr<const organisation> org) {
  {
    std::lock_guard lock(queue_mu_);
    org_told_ = std::move(org);
  }
  queue_cv_.notify_one();
}

void alert_service::take_org() {
  std::shared_ptr<const organisation> told;
  {
    std::lock_guard lock(queue_mu_);
    told.swap(org_told_);
  }
  if (!told) return;
  org_ = std::move(told);
  attendance_wanted_ = true;  // units or targets may have changed
  absence_wanted_ = true;     // leave, transfers or active dates may have changed
  std::lock_guard lock(monitor_mu_);
  monitor_.set_organisation(*org_);
}

void alert_service::refresh_attendance(std::int64_t now_ms, std::vector<alert_change>& out) {
  attendance_read_ = steady::now();
  attendance_wanted_ = false;
  if (sources_.aggregates == nullptr) return;
  struct count {
    std::string unit;
    std::int64_t expected = 0;
    std::int64_t present = 0;
  };
  std::vector<count> counts;
  // Read without holding the monitor: the endpoint must not wait on the store.
  const organisation& org = *org_;
  for (const auto& u : org.units) {
    kpi_request req;
    req.scope = kpi_scope::unit;
    req.id = u.unit;
    req.from = req.to = indicators::to_local(now_ms, org.zone_of_office(u.office)).date;
    auto scope = resolve_scope(org, req);
    if (!scope) continue;
    kpi_options judged;
    judged.attendance = options_.attendance;
    auto totals = compute_kpi_totals(org, *scope, req, *sources_.aggregates, now_ms, judged);
    if (!totals) {
      spdlog::warn("alerts: attendance of {} not read: {}", u.unit, totals.err().message);
      continue;
    }
    counts.push_back({u.unit, totals->attendance.expected, totals->attendance.present});
  }
  std::lock_guard lock(monitor_mu_);
  for (const auto& c : counts) append(out, monitor_.attendance(c.unit, c.expected, c.present, now_ms));
}

void alert_service::refresh_rtl(std::int64_t now_ms, std::vector<alert_change>& out) {
  if (sources_.rtl == nullptr) return;
  rtl_filter f;
  for (const auto& u : org_->units) f.units.push_back(u.unit);
  f.open_only = true;
  auto open = sources_.rtl->list_rtl(f);
  if (!open) return spdlog::warn("alerts: follow-up items not read: {}", open.err().message);
  std::lock_guard lock(monitor_mu_);
  append(out, monitor_.rtl_open_items(*open, now_ms));
}

void alert_service::refresh_absence(std::int64_t now_ms, std::vector<alert_change>& out) {
  absence_read_ = steady::now();
  absence_wanted_ = false;
  if (sources_.aggregates == nullptr) return;
  const organisation& org = *org_;
  kpi_options judged;
  judged.attendance = options_.attendance;
  std::vector<absence_standing_of> standing;
  // Office by office: the year is the office's local one, and one office's staff bounds what is read.
  for (const auto& o : org.offices) {
    std::vector<employee_info> staff;
    for (const auto& e : org.employees)
      if (const auto* u = org.find_unit(e.unit); u != nullptr && u->office == o.office) staff.push_back(e);
    const int year = indicators::to_local(now_ms, org.zone_of_office(o.office)).date.year;
    auto counted = compute_absence_standing(org, staff, year, *sources_.aggregates, now_ms, judged);
    if (!counted) {
      // Keep the alerts as they are rather than clearing them on a read that failed.
      return spdlog::warn("alerts: unexcused absence of {} not counted: {}", o.office, counted.err().message);
    }
    for (auto& s : *counted)
      if (s.record.measure != indicators::absence_measure::none)
        standing.push_back({s.employee.nip, s.employee.name, s.employee.unit, s.year, s.record});
  }
  std::lock_guard lock(monitor_mu_);
  append(out, monitor_.absence_standing(standing, now_ms));
}

void alert_service::rtl_changed() {
  {
    std::lock_guard lock(queue_mu_);
    rtl_told_ = true;
  }
  queue_cv_.notify_one();
}

void alert_service::restore_history() {
  if (sources_.log == nullptr) return;
  auto kept = sources_.log->recent(options_.monitor.history_limit);
  if (!kept) return spdlog::warn("alerts: history not read: {}", kept.err().message);
  const std::int64_t now = sources_.now_ms ? sources_.now_ms() : 0;
  for (const auto& a : close_at_restart(*kept, now))
    if (auto w = sources_.log->write(a); !w) spdlog::warn("alerts: {} not kept: {}", a.id, w.err().message);
  spdlog::info("alerts: {} from before the start kept in the history", kept->size());
  std::lock_guard lock(monitor_mu_);
  monitor_.restore_history(std::move(kept).value());
}

void alert_service::replay_recent_ratings() {
  if (sources_.log == nullptr) return;
  const std::int64_t now = sources_.now_ms ? sources_.now_ms() : 0;
  auto ratings = sources_.log->ratings_since(now - options_.monitor.policy.rating_window_ms);
  if (!ratings) return spdlog::warn("alerts: recent ratings not read: {}", ratings.err().message);
  std::vector<const pantau::event*> events;
  for (const auto& e : *ratings) events.push_back(&e);
  std::vector<alert_change> changes;
  {
    std::lock_guard lock(monitor_mu_);
    changes = monitor_.committed(committed_batch{{}, events}, now);
  }
  spdlog::info("alerts: {} ratings from before the start back in their windows", ratings->size());
  publish(changes);
}

void alert_service::publish(const std::vector<alert_change>& changes) {
  for (const auto& c : changes) {
    if (sources_.log != nullptr)
      if (auto w = sources_.log->write(c.alert); !w)
        spdlog::warn("alerts: {} not kept: {}", c.alert.id, w.err().message);
    spdlog::info("alert {} {}: {}", c.change == alert_change_kind::raised ? "raised" : "cleared", c.alert.id,
                 c.alert.message);
    if (!sources_.on_change) continue;
    try {
      sources_.on_change(c);
    } catch (const std::exception& e) {
      spdlog::warn("alerts: pushing {} failed: {}", c.alert.id, e.what());
    }
  }
}

void alert_service::run() {
  for (;;) {
    std::vector<pending> work;
    bool rtl_now = false;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait_until(lock, ticked_ + options_.tick,
                           [this] { return stopping_ || !queue_.empty() || org_told_ != nullptr || rtl_told_; });
      if (stopping_) return;
      work.swap(queue_);
      rtl_now = std::exchange(rtl_told_, false);
    }
    const auto now_steady = steady::now();
    const std::int64_t now = sources_.now_ms ? sources_.now_ms() : 0;

    // Before the batches: a rating at a counter added with it is resolved with the new organisation.
    take_org();
    for (const auto& p : work)
      if (p.attendance) attendance_wanted_ = true;

    std::vector<alert_change> changes;
    {
      std::lock_guard lock(monitor_mu_);
      std::vector<const pantau::event*> events;
      for (const auto& p : work) {
        events.clear();
        for (const auto& e : p.ratings) events.push_back(&e);
        append(changes, monitor_.committed(committed_batch{p.kiosks, events}, now));
      }
      if (now_steady - ticked_ >= options_.tick) {
        append(changes, monitor_.tick(now));
        ticked_ = now_steady;
      }
    }
    if (org_ && ((attendance_wanted_ && now_steady - attendance_read_ >= options_.attendance_after_event) ||
                    now_steady - attendance_read_ >= options_.attendance_every)) {
      refresh_attendance(now, changes);
      rtl_now = true;
    }
    if (org_ && rtl_now) refresh_rtl(now, changes);
    if (org_ && (!absence_read_ || now_steady - *absence_read_ >= options_.absence_every ||
                 (absence_wanted_ && now_steady - *absence_read_ >= options_.absence_after_change)))
      refresh_absence(now, changes);

    publish(changes);
  }
}

}  // namespace pantau::hub::http
