#include "pantau/hub/core/unit_day_cache.hpp"

#include <variant>

#include "pantau/hub/core/day_aggregates.hpp"

namespace pantau::hub {
namespace {

std::string counter_key(std::string_view office, std::string_view counter) {
  std::string k(office);
  k += '/';
  k += counter;
  return k;
}

}  // namespace

void unit_day_cache::use_org(const organisation& org) {
  std::lock_guard lock(mu_);
  if (org == org_) return;
  org_ = org;
  unit_of_employee_.clear();
  unit_of_counter_.clear();
  for (const auto& u : org_.units) {
    const unit_zone uz{u.unit, org_.zone_of_office(u.office)};
    for (const auto& e : org_.employees)
      if (e.unit == u.unit) unit_of_employee_[e.nip] = uz;
    for (const auto& c : org_.counters)
      if (c.unit == u.unit) unit_of_counter_[counter_key(c.office, c.counter)] = uz;
  }
  attendance_.clear();
  counters_.clear();
  ++generation_;
}

void unit_day_cache::drop_around(const unit_zone& u, std::int64_t ts_ms, bool attendance) {
  const std::int64_t day = local_day_of(ts_ms, u.tz);
  for (std::int64_t d = day - 1; d <= day + 1; ++d) {
    const key k{u.unit, d};
    dropped_ |= (attendance ? attendance_.erase(k) : counters_.erase(k)) > 0;
  }
}

void unit_day_cache::committed(const committed_batch& batch) {
  std::lock_guard lock(mu_);
  if (attendance_.empty() && counters_.empty()) return;
  dropped_ = false;
  for (const auto* ev : batch.events) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, attendance_data>) {
            if (const auto it = unit_of_employee_.find(d.employee); it != unit_of_employee_.end())
              drop_around(it->second, ev->ts_ms, true);
          } else {
            // Ratings, services and counter opening all land in the counter's day.
            if (const auto it = unit_of_counter_.find(counter_key(ev->office, d.counter)); it != unit_of_counter_.end())
              drop_around(it->second, ev->ts_ms, false);
          }
        },
        ev->data);
  }
  if (dropped_) ++generation_;
}

std::uint64_t unit_day_cache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

std::optional<indicators::attendance_totals> unit_day_cache::find_attendance(std::string_view unit,
                                                                              std::int64_t day) const {
  std::lock_guard lock(mu_);
  const auto it = attendance_.find(key{std::string(unit), day});
  if (it == attendance_.end()) return std::nullopt;
  return it->second;
}

std::optional<counter_totals> unit_day_cache::find_counters(std::string_view unit, std::int64_t day) const {
  std::lock_guard lock(mu_);
  const auto it = counters_.find(key{std::string(unit), day});
  if (it == counters_.end()) return std::nullopt;
  return it->second;
}

void unit_day_cache::put_attendance(const std::string& unit, std::int64_t day, const indicators::attendance_totals& t,
                                    std::uint64_t read_at) {
  std::lock_guard lock(mu_);
  if (read_at == generation_) attendance_[{unit, day}] = t;
}

void unit_day_cache::put_counters(const std::string& unit, std::int64_t day, const counter_totals& t,
                                  std::uint64_t read_at) {
  std::lock_guard lock(mu_);
  if (read_at == generation_) counters_[{unit, day}] = t;
}

std::size_t unit_day_cache::size() const {
  std::lock_guard lock(mu_);
  return attendance_.size() + counters_.size();
}

}  // namespace pantau::hub
