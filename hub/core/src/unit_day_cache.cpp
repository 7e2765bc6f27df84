#include "pantau/hub/core/unit_day_cache.hpp"

#include <set>
#include <utility>
#include <variant>
#include <vector>

#include "pantau/hub/core/day_aggregates.hpp"

namespace pantau::hub {
namespace {

std::string counter_key(std::string_view office, std::string_view counter) {
  std::string k(office);
  k += '/';
  k += counter;
  return k;
}

// Every item of `before` and `after` by key, so that the two can be walked side by side.
template <class T, class Key>
std::map<Key, std::pair<const T*, const T*>> side_by_side(const std::vector<T>& before, const std::vector<T>& after,
                                                          Key (*key)(const T&)) {
  std::map<Key, std::pair<const T*, const T*>> both;
  for (const auto& x : before) both[key(x)].first = &x;
  for (const auto& x : after) both[key(x)].second = &x;
  return both;
}

// The units whose finished days may come out differently with `after` than with `before`.
std::set<std::string, std::less<>> units_altered(const organisation& before, const organisation& after) {
  std::set<std::string, std::less<>> units;
  std::set<std::string, std::less<>> offices;
  const auto changed = [](const auto* a, const auto* b) { return (a == nullptr) != (b == nullptr) || (a && *a != *b); };
  for (const auto& [k, p] : side_by_side<office_info, std::string>(before.offices, after.offices,
                                                                     [](const office_info& o) { return o.office; }))
    if (changed(p.first, p.second)) offices.insert(k);
  using holiday_key = std::pair<std::string, indicators::civil_date>;
  for (const auto& [k, p] : side_by_side<holiday_info, holiday_key>(
           before.holidays, after.holidays, [](const holiday_info& h) { return holiday_key{h.office, h.date}; }))
    if (changed(p.first, p.second)) offices.insert(k.first);
  const auto add_unit = [&](const auto* item) {
    if (item != nullptr) units.insert(item->unit);
  };
  for (const auto& [k, p] :
       side_by_side<unit_info, std::string>(before.units, after.units, [](const unit_info& u) { return u.unit; }))
    if (changed(p.first, p.second) || offices.contains(p.second ? p.second->office : p.first->office)) {
      add_unit(p.first);
      add_unit(p.second);
    }
  for (const auto& [k, p] : side_by_side<employee_info, std::string>(before.employees, after.employees,
                                                                       [](const employee_info& e) { return e.nip; }))
    if (changed(p.first, p.second)) {
      add_unit(p.first);
      add_unit(p.second);
    }
  using transfer_key = std::pair<std::string, indicators::civil_date>;
  for (const auto& [k, p] : side_by_side<employee_transfer, transfer_key>(
           before.transfers, after.transfers, [](const employee_transfer& t) { return transfer_key{t.nip, t.date}; }))
    if (changed(p.first, p.second)) {
      for (const auto* t : {p.first, p.second})
        if (t != nullptr) units.insert(t->from_unit);
      for (const auto* org : {&before, &after})
        if (const auto* e = org->find_employee(k.first)) units.insert(e->unit);
    }
  // Leave and roster belong to an employee: every unit they worked in.
  const auto add_unit_of = [&](const std::string& nip) {
    for (const auto* org : {&before, &after})
      if (const auto* e = org->find_employee(nip))
        for (auto& unit : org->units_of(*e)) units.insert(std::move(unit));
  };
  using leave_key = std::pair<std::string, std::string>;
  for (const auto& [k, p] : side_by_side<leave_record, leave_key>(
           before.leave, after.leave, [](const leave_record& l) { return leave_key{l.nip, l.id}; }))
    if (changed(p.first, p.second)) add_unit_of(k.first);
  using roster_key_t = std::pair<std::string, indicators::civil_date>;
  if (before.roster != after.roster)
    for (const auto& [k, p] : side_by_side<shift_assignment, roster_key_t>(
             before.roster, after.roster, [](const shift_assignment& a) { return roster_key_t{a.nip, a.date}; }))
      if (changed(p.first, p.second)) add_unit_of(k.first);
  using counter_key_t = std::pair<std::string, std::string>;
  for (const auto& [k, p] : side_by_side<counter_info, counter_key_t>(
           before.counters, after.counters, [](const counter_info& c) { return counter_key_t{c.office, c.counter}; }))
    if (changed(p.first, p.second)) {
      add_unit(p.first);
      add_unit(p.second);
    }
  return units;
}

}  // namespace

void unit_day_cache::org_changed(std::shared_ptr<const organisation> org) {
  if (org) use_org(*org);
}

void unit_day_cache::use_org(const organisation& org) {
  std::lock_guard lock(mu_);
  if (org == org_) return;
  const auto altered = units_altered(org_, org);
  org_ = org;
  units_of_employee_.clear();
  unit_of_counter_.clear();
  for (const auto& e : org_.employees)
    for (const auto& unit : org_.units_of(e))
      if (const auto* u = org_.find_unit(unit)) units_of_employee_[e.nip].push_back({u->unit, org_.zone_of_office(u->office)});
  for (const auto& u : org_.units) {
    const unit_zone uz{u.unit, org_.zone_of_office(u.office)};
    for (const auto& c : org_.counters)
      if (c.unit == u.unit) unit_of_counter_[counter_key(c.office, c.counter)] = uz;
  }
  // A value being computed meanwhile may have read with either organisation: it is not kept.
  const auto drop = [&](auto& entries) {
    std::erase_if(entries, [&](const auto& e) { return altered.contains(e.first.first); });
  };
  drop(attendance_);
  drop(counters_);
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
            if (const auto it = units_of_employee_.find(d.employee); it != units_of_employee_.end())
              for (const auto& uz : it->second) drop_around(uz, ev->ts_ms, true);
          } else {
            // Ratings, services and counter opening all land in the counter's day.
            if (const auto it = unit_of_counter_.find(counter_key(ev->office, d.counter)); it != unit_of_counter_.end())
              drop_around(it->second, ev->ts_ms, false);
          }
        },
        ev->data);
  }
  for (const auto& m : batch.moved)
    if (const auto it = units_of_employee_.find(m.employee); it != units_of_employee_.end())
      for (const auto& uz : it->second) drop_around(uz, m.ts_ms, true);
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
