#include "pantau/hub/core/appraisal_query.hpp"

#include <map>

namespace pantau::hub {
namespace {

error bad_request(std::string message) { return error{errc::bad_request, std::move(message)}; }

}  // namespace

result<appraisal_request> parse_appraisal_request(std::optional<std::string_view> period,
                                                  std::optional<std::string_view> unit) {
  if (!period || period->empty())
    return bad_request("parameter period wajib (2026-11, 2026-S2 atau 2026) / period is required (2026-11, 2026-S2 or 2026)");
  auto p = indicators::parse_period(*period);
  if (!p)
    return bad_request("period harus bulan (2026-11), semester (2026-S1, 2026-S2) atau tahun (2026) / " + p.err().message);
  appraisal_request r;
  r.of = *p;
  if (unit) {
    if (unit->empty() || unit->size() > 64) return bad_request("unit tidak sah / invalid unit");
    r.unit = std::string(*unit);
  }
  return r;
}

result<std::vector<unit_info>> select_units(const organisation& org, const principal& who,
                                            const std::optional<std::string>& unit) {
  std::vector<unit_info> out;
  if (unit) {
    const auto* u = org.find_unit(*unit);
    if (u == nullptr) return error{errc::not_found, "unit tidak ditemukan / unit not found: " + *unit};
    if (!who.can_see_unit(u->unit)) return error{errc::forbidden, "tidak berhak / forbidden"};
    out.push_back(*u);
    return out;
  }
  for (const auto& u : org.units)
    if (who.can_see_unit(u.unit)) out.push_back(u);
  return out;
}

indicators::appraisal_policy appraisal_policy_of(const unit_info& u, const indicators::element_weights& weights) {
  auto p = indicators::default_appraisal_policy();
  for (auto& t : p.results)
    if (t.what == indicators::metric::ikm || t.what == indicators::metric::quick_index) t.target = u.target_ikm;
  for (auto& t : p.behaviour)
    if (t.what == indicators::metric::present_rate_pct) t.target = u.target_present_pct;
  p.weights = weights;
  return p;
}

result<std::vector<indicators::employee_facts>> collect_employee_facts(const organisation& org,
                                                                       std::span<const employee_info> employees,
                                                                       std::int64_t from_day, std::int64_t to_day,
                                                                       aggregate_reader& rows, std::int64_t now_ms,
                                                                       const kpi_options& options) {
  std::vector<indicators::employee_facts> facts(employees.size());
  std::vector<std::string> nips;
  std::map<std::string, std::size_t, std::less<>> index;
  nips.reserve(employees.size());
  for (std::size_t i = 0; i < employees.size(); ++i) {
    facts[i].employee = employees[i].nip;
    nips.push_back(employees[i].nip);
    index.emplace(employees[i].nip, i);
  }
  if (nips.empty()) return facts;

  // One read per kind for the whole group: a unit's semester is one query, not one per employee.
  auto days = rows.employee_days(nips, from_day, to_day);
  if (!days) return days.err();
  for (const auto& [key, day] : *days)
    if (const auto it = index.find(key.employee); it != index.end()) facts[it->second].satisfaction.merge(day.satisfaction);
  walk_attendance_days(org, employees, *days, from_day, to_day, now_ms, options.attendance,
                       [&](const employee_info& e, const unit_info&, const indicators::attendance_day& d) {
                         facts[index.at(e.nip)].attendance.merge(indicators::tally(d));
                       });

  auto service = rows.employee_service(nips, from_day, to_day);
  if (!service) return service.err();
  for (const auto& r : *service)
    if (const auto it = index.find(r.employee); it != index.end()) facts[it->second].service.merge(r.service);
  return facts;
}

result<appraisal_report> compute_appraisal(const organisation& org, std::span<const unit_info> units,
                                           const indicators::period& of, aggregate_reader& rows,
                                           std::int64_t now_ms, const kpi_options& options) {
  appraisal_report report;
  report.of = of;
  const std::int64_t from_day = indicators::days_from_civil(of.first());
  const std::int64_t to_day = indicators::days_from_civil(of.last());
  std::vector<indicators::appraisal> judged;
  for (const auto& u : units) {
    std::vector<employee_info> staff;
    for (const auto& e : org.employees)
      if (e.unit == u.unit) staff.push_back(e);
    auto facts = collect_employee_facts(org, staff, from_day, to_day, rows, now_ms, options);
    if (!facts) return facts.err();
    const auto policy = appraisal_policy_of(u, options.weights);
    for (std::size_t i = 0; i < staff.size(); ++i) {
      employee_appraisal item;
      item.employee = staff[i];
      auto a = indicators::appraise((*facts)[i], of, policy);
      if (a) {
        judged.push_back(*a);
        item.outcome = std::move(a).value();
      } else {
        item.error = "data belum cukup untuk penilaian / insufficient data: " + a.err().message;
      }
      report.employees.push_back(std::move(item));
    }
  }
  report.lists = indicators::classify(judged);
  return report;
}

result<std::vector<absence_standing>> compute_absence_standing(const organisation& org,
                                                               std::span<const employee_info> employees, int year,
                                                               aggregate_reader& rows, std::int64_t now_ms,
                                                               const kpi_options& options) {
  std::vector<absence_standing> out;
  if (employees.empty()) return out;
  std::vector<std::string> nips;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& e : employees) {
    index.emplace(e.nip, out.size());
    nips.push_back(e.nip);
    out.push_back({e, year, {}});
  }
  const std::int64_t from_day = indicators::days_from_civil({year, 1, 1});
  const std::int64_t to_day = indicators::days_from_civil({year, 12, 31});
  auto days = rows.employee_days(nips, from_day, to_day);
  if (!days) return days.err();
  std::vector<std::vector<indicators::attendance_day>> per_employee(employees.size());
  walk_attendance_days(org, employees, *days, from_day, to_day, now_ms, options.attendance,
                       [&](const employee_info& e, const unit_info&, const indicators::attendance_day& d) {
                         per_employee[index.at(e.nip)].push_back(d);
                       });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].record = indicators::count_unexcused_absence(per_employee[i]);
  return out;
}

}  // namespace pantau::hub
