#pragma once
// GET /api/v1/appraisal without HTTP (DESIGN §5 "Appraisal", §6): which units a request covers, each
// unit's appraisal policy (its targets over the defaults), what every employee did in the period (from
// the day aggregates, never from raw events), and the appraisal of each with the two lists.
// Thread-safety: pure functions; aggregate_reader implementations must be safe from any thread.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/indicators/absence_discipline.hpp"
#include "pantau/hub/indicators/appraisal.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

struct appraisal_request {
  indicators::period of;
  std::optional<std::string> unit;  // nullopt: every unit the asker may see
};

// period= ("2026-11", "2026-S2", "2026") is required, unit= optional. Error code bad_request (HTTP 400),
// messages Indonesian / English.
result<appraisal_request> parse_appraisal_request(std::optional<std::string_view> period,
                                                  std::optional<std::string_view> unit);

// The unit named, or every unit `who` may see, in organisation order. Error codes not_found (HTTP 404)
// and forbidden (HTTP 403: a supervisor or viewer naming a unit that is not theirs).
result<std::vector<unit_info>> select_units(const organisation& org, const principal& who,
                                            const std::optional<std::string>& unit);

// default_appraisal_policy() with the unit's own targets: IKM and quick index against target_ikm,
// presence against target_present_pct; U7 and punctuality keep the defaults.
indicators::appraisal_policy appraisal_policy_of(const unit_info& u, const indicators::element_weights& weights = {});

// What each employee did from_day..to_day, in the order of `employees`: attendance (absent days
// included, days after today left out), the ratings naming them, the services they started.
result<std::vector<indicators::employee_facts>> collect_employee_facts(const organisation& org,
                                                                       std::span<const employee_info> employees,
                                                                       std::int64_t from_day, std::int64_t to_day,
                                                                       aggregate_reader& rows, std::int64_t now_ms,
                                                                       const kpi_options& options = {});

struct employee_appraisal {
  employee_info employee;
  std::optional<indicators::appraisal> outcome;  // nullopt when there is too little data to judge
  std::optional<std::string> error;              // then why, Indonesian / English
};

struct appraisal_report {
  indicators::period of;
  std::vector<employee_appraisal> employees;  // unit by unit in the order given, employees in org order
  indicators::appraisal_lists lists;          // NIPs
};

result<appraisal_report> compute_appraisal(const organisation& org, std::span<const unit_info> units,
                                           const indicators::period& of, aggregate_reader& rows,
                                           std::int64_t now_ms, const kpi_options& options = {});

// Unexcused absence of each employee in a calendar year (PP 94/2021 thresholds), in the order of
// `employees`: every watched working day of the year up to today, wherever they worked that day.
struct absence_standing {
  employee_info employee;
  int year = 0;
  indicators::absence_record record;
};
result<std::vector<absence_standing>> compute_absence_standing(const organisation& org,
                                                               std::span<const employee_info> employees, int year,
                                                               aggregate_reader& rows, std::int64_t now_ms,
                                                               const kpi_options& options = {});

}  // namespace pantau::hub
