#pragma once
// GET /api/v1/kpi without HTTP (DESIGN §6): parse the request, resolve the scope against the
// organisation, check who may see it, and merge the day rows of the period into indicators::kpi_totals.
// Scopes: employee (their attendance, the ratings naming them, the services they started);
// counter (ratings and services at it; attendance is per person, so zero); unit (attendance of its
// employees, ratings and services at its counters); office (every unit of it).
// Thread-safety: pure functions; aggregate_reader implementations must be safe from any thread.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/day_aggregates.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/indicators/attendance.hpp"
#include "pantau/hub/indicators/kpi.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

struct employee_service_row {
  std::string employee;
  std::int64_t day = 0;
  indicators::service_totals service;  // open_ms stays 0: open time belongs to counters
};

struct counter_day_row {
  counter_day_key key;
  indicators::satisfaction_totals satisfaction;
  indicators::service_totals service;
};

// The respondent profiles of a counter-day (docs/survey.md).
struct profile_day_row {
  counter_day_key key;
  indicators::respondent_totals respondents;
};

// Day rows of a period (days inclusive). Thread-safety: safe from any thread.
class aggregate_reader {
 public:
  virtual ~aggregate_reader() = default;
  virtual result<std::vector<std::pair<employee_day_key, employee_day>>> employee_days(
      std::span<const std::string> nips, std::int64_t from_day, std::int64_t to_day) = 0;
  virtual result<std::vector<counter_day_row>> counter_days(std::span<const counter_info> counters,
                                                           std::int64_t from_day, std::int64_t to_day) = 0;
  virtual result<std::vector<employee_service_row>> employee_service(std::span<const std::string> nips,
                                                                    std::int64_t from_day, std::int64_t to_day) = 0;
  // Counter-days with at least one profile; merge them for any unit, office and period.
  virtual result<std::vector<profile_day_row>> profile_days(std::span<const counter_info> counters,
                                                           std::int64_t from_day, std::int64_t to_day) = 0;
};

enum class kpi_scope { office, unit, counter, employee };
std::optional<kpi_scope> parse_kpi_scope(std::string_view s);

struct kpi_request {
  kpi_scope scope = kpi_scope::office;
  std::string id;
  std::optional<std::string> office;  // only to tell apart counters of the same name in two offices
  indicators::civil_date from;
  indicators::civil_date to;
};

inline constexpr int kpi_max_days = 3 * 366 + 1;

// Error code bad_request (HTTP 400), messages Indonesian / English.
result<kpi_request> parse_kpi_request(std::optional<std::string_view> scope, std::optional<std::string_view> id,
                                      std::optional<std::string_view> from, std::optional<std::string_view> to,
                                      std::optional<std::string_view> office);

struct resolved_scope {
  std::vector<unit_info> units;          // every unit the answer draws on (for access checks)
  std::vector<employee_info> employees;  // attendance, and for employee scope satisfaction and service
  std::vector<counter_info> counters;    // satisfaction and service (not for employee scope)
};

// Error codes not_found (HTTP 404) and bad_request (an ambiguous counter without office).
result<resolved_scope> resolve_scope(const organisation& org, const kpi_request& req);

// Admins see all; others only when they may see every unit the answer draws on. A unit or office
// without any unit (empty) is visible to admins only.
bool may_see(const principal& who, const resolved_scope& scope);

class unit_day_cache;

struct kpi_options {
  indicators::attendance_policy attendance;
  indicators::element_weights weights;
  // When set, unit and office attendance of finished days comes from it (and fills it); the policy
  // must not change while it is in use (it is not part of the cache key).
  unit_day_cache* cache = nullptr;
};

// Called for every counted work day of an employee.
// `worked_in`: the unit whose schedule judged the day (the employee's unit that day).
using attendance_visitor =
    std::function<void(const employee_info& who, const unit_info& worked_in, const indicators::attendance_day& day)>;

// Every counted work day of `employees` from_day..to_day, employee by employee in day order: days
// with a stored row, and expected days without one (absent). Only watched days count
// (organisation::watched: the unit's tracking start, the employee's active dates); each day is judged
// by the schedule of the unit the employee worked in that day, and with `only_units` only the days
// worked in one of them are visited. Days after today (the unit's zone, from now_ms) are left out; today counts
// as a day in progress. `rows` are employee_days() rows in any order. Employees of unknown units are
// skipped.
void walk_attendance_days(const organisation& org, std::span<const employee_info> employees,
                          std::span<const std::pair<employee_day_key, employee_day>> rows, std::int64_t from_day,
                          std::int64_t to_day, std::int64_t now_ms, const indicators::attendance_policy& policy,
                          const attendance_visitor& visit, std::span<const unit_info> only_units = {});

// Attendance days after today (in the office's zone, from now_ms) are not counted; today counts as
// a day in progress.
result<indicators::kpi_totals> compute_kpi_totals(const organisation& org, const resolved_scope& scope,
                                                  const kpi_request& req, aggregate_reader& rows,
                                                  std::int64_t now_ms, const kpi_options& options = {});

// Fills options.cache with the finished days of every office's units for the half-year that holds
// today and the one before (what dashboards and appraisals ask for first), office by office, so the
// first supervisor of the morning does not wait for a cold cache (about 1.4 s on a city store).
// `stop` is asked between offices. Returns the offices warmed. Without a cache it does nothing.
result<std::size_t> warm_unit_day_cache(const organisation& org, aggregate_reader& rows, std::int64_t now_ms,
                                        const kpi_options& options, const std::function<bool()>& stop = {});

}  // namespace pantau::hub
