#pragma once
// What one unit did on one finished local day, kept so that unit- and office-wide /api/v1/kpi over
// long periods does not read and walk every row again on each request (a city of 5,000 employees
// and 200 counters has 650,000 employee-days and 26,000 counter-days in a semester):
//   attendance  — the unit's employees' attendance totals (from the employee-day rows);
//   counters    — ratings and services at the unit's counters (from the counter-day rows).
// An entry is dropped when an ingest batch brings an event for that unit and day (a kiosk that was
// offline delivers late; the neighbouring days too, for night shifts), and a unit's entries are
// dropped when the organisation changes in a way that can alter them (its schedule, its office's
// zone or holidays, who or which counter belongs to it); the others stay. It hears every change
// (org_listener) and also checks the organisation each reader is about to use (use_org).
// Today and later are never kept: they change by the minute.
// Thread-safety: all members are safe from any thread (one mutex); committed() is cheap enough for
// the ingest worker (a hash lookup per event), org_changed() for the thread that edits the organisation.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>
#include <utility>

#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/indicators/attendance.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/hub/indicators/service.hpp"

namespace pantau::hub {

struct counter_totals {
  indicators::satisfaction_totals satisfaction;
  indicators::service_totals service;
};

class unit_day_cache final : public change_listener, public org_listener {
 public:
  void committed(const committed_batch& batch) override;
  void org_changed(std::shared_ptr<const organisation> org) override;

  // Call before reading with the organisation about to be used: entries another one may have made
  // differently go.
  void use_org(const organisation& org);
  // Changes with every invalidation: a value computed from rows read before a change must not be kept.
  std::uint64_t generation() const;

  std::optional<indicators::attendance_totals> find_attendance(std::string_view unit, std::int64_t day) const;
  std::optional<counter_totals> find_counters(std::string_view unit, std::int64_t day) const;
  // Ignored when the generation moved on since `read_at` (the rows may already be stale).
  void put_attendance(const std::string& unit, std::int64_t day, const indicators::attendance_totals& t,
                      std::uint64_t read_at);
  void put_counters(const std::string& unit, std::int64_t day, const counter_totals& t, std::uint64_t read_at);
  std::size_t size() const;  // entries of both kinds

 private:
  using key = std::pair<std::string, std::int64_t>;
  struct unit_zone {
    std::string unit;
    indicators::zone tz = indicators::zone::wib;
  };
  void drop_around(const unit_zone& u, std::int64_t ts_ms, bool attendance);

  mutable std::mutex mu_;
  organisation org_;
  std::unordered_map<std::string, std::vector<unit_zone>> units_of_employee_;  // every unit they worked in
  std::unordered_map<std::string, unit_zone> unit_of_counter_;  // "office/counter"
  std::map<key, indicators::attendance_totals> attendance_;
  std::map<key, counter_totals> counters_;
  std::uint64_t generation_ = 0;
  bool dropped_ = false;  // during committed()
};

}  // namespace pantau::hub
