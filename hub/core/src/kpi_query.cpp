#include "pantau/hub/core/kpi_query.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "pantau/hub/core/unit_day_cache.hpp"

namespace pantau::hub {
namespace {

error bad_request(std::string message) { return error{errc::bad_request, std::move(message)}; }
error not_found(std::string message) { return error{errc::not_found, std::move(message)}; }

std::vector<indicators::attendance_mark> marks_of(const std::string& nip, const attendance_marks& a) {
  std::vector<indicators::attendance_mark> out;
  if (a.first_in_ms)
    out.push_back({nip, *a.first_in_ms, attendance_data::action_t::in,
                   a.first_in_synced ? clock_state::synced : clock_state::unsynced});
  if (a.last_out_ms)
    out.push_back({nip, *a.last_out_ms, attendance_data::action_t::out,
                   a.last_out_synced ? clock_state::synced : clock_state::unsynced});
  return out;
}

}  // namespace

std::optional<kpi_scope> parse_kpi_scope(std::string_view s) {
  if (s == "office") return kpi_scope::office;
  if (s == "unit") return kpi_scope::unit;
  if (s == "counter") return kpi_scope::counter;
  if (s == "employee") return kpi_scope::employee;
  return std::nullopt;
}

result<kpi_request> parse_kpi_request(std::optional<std::string_view> scope, std::optional<std::string_view> id,
                                      std::optional<std::string_view> from, std::optional<std::string_view> to,
                                      std::optional<std::string_view> office) {
  kpi_request r;
  if (!scope) return bad_request("parameter scope wajib / scope is required (office|unit|counter|employee)");
  const auto s = parse_kpi_scope(*scope);
  if (!s) return bad_request("scope harus office|unit|counter|employee / scope must be office|unit|counter|employee");
  r.scope = *s;
  if (!id || id->empty()) return bad_request("parameter id wajib / id is required");
  if (id->size() > 64) return bad_request("id terlalu panjang / id too long");
  r.id = std::string(*id);
  if (!from || !to) return bad_request("parameter from dan to wajib / from and to are required (YYYY-MM-DD)");
  auto f = indicators::parse_date(*from);
  if (!f) return bad_request("from bukan tanggal YYYY-MM-DD / from is not a YYYY-MM-DD date");
  auto t = indicators::parse_date(*to);
  if (!t) return bad_request("to bukan tanggal YYYY-MM-DD / to is not a YYYY-MM-DD date");
  if (*t < *f) return bad_request("from harus sebelum atau sama dengan to / from must not be after to");
  if (indicators::days_from_civil(*t) - indicators::days_from_civil(*f) >= kpi_max_days)
    return bad_request("periode terlalu panjang (maks. 3 tahun) / period too long (at most 3 years)");
  r.from = *f;
  r.to = *t;
  if (office) r.office = std::string(*office);
  return r;
}

result<resolved_scope> resolve_scope(const organisation& org, const kpi_request& req) {
  resolved_scope out;
  const auto add_unit = [&](const unit_info& u) {
    out.units.push_back(u);
    for (const auto& c : org.counters)
      if (c.unit == u.unit) out.counters.push_back(c);
  };
  switch (req.scope) {
    case kpi_scope::office: {
      if (org.find_office(req.id) == nullptr) return not_found("kantor tidak ditemukan / office not found: " + req.id);
      for (const auto& u : org.units)
        if (u.office == req.id) add_unit(u);
      out.employees = org.staff_of(out.units);  // also those transferred out during any period
      break;
    }
    case kpi_scope::unit: {
      const auto* u = org.find_unit(req.id);
      if (u == nullptr) return not_found("unit tidak ditemukan / unit not found: " + req.id);
      add_unit(*u);
      out.employees = org.staff_of(out.units);
      break;
    }
    case kpi_scope::counter: {
      auto found = org.find_counters(req.id);
      if (req.office)
        std::erase_if(found, [&](const counter_info* c) { return c->office != *req.office; });
      if (found.empty()) return not_found("loket tidak ditemukan / counter not found: " + req.id);
      if (found.size() > 1)
        return bad_request("loket ada di beberapa kantor, sebutkan office= / counter exists in several offices, "
                           "add office=");
      out.counters.push_back(*found.front());
      if (const auto* u = org.find_unit(found.front()->unit)) out.units.push_back(*u);
      break;
    }
    case kpi_scope::employee: {
      const auto* e = org.find_employee(req.id);
      if (e == nullptr) return not_found("pegawai tidak ditemukan / employee not found: " + req.id);
      out.employees.push_back(*e);
      if (const auto* u = org.find_unit(e->unit)) out.units.push_back(*u);
      break;
    }
  }
  return out;
}

bool may_see(const principal& who, const resolved_scope& scope) {
  if (who.is_admin()) return true;
  if (scope.units.empty()) return false;
  return std::all_of(scope.units.begin(), scope.units.end(),
                     [&](const unit_info& u) { return who.can_see_unit(u.unit); });
}

void walk_attendance_days(const organisation& org, std::span<const employee_info> employees,
                          std::span<const std::pair<employee_day_key, employee_day>> rows, std::int64_t from_day,
                          std::int64_t to_day, std::int64_t now_ms, const indicators::attendance_policy& policy,
                          const attendance_visitor& visit, std::span<const unit_info> only_units) {
  // Rows in (employee, day) order, so each employee's days are walked with a cursor.
  std::vector<const std::pair<employee_day_key, employee_day>*> sorted;
  sorted.reserve(rows.size());
  for (const auto& row : rows) sorted.push_back(&row);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return std::tie(a->first.employee, a->first.day) < std::tie(b->first.employee, b->first.day);
  });
  // One schedule per unit: an employee transferred mid-period is judged by each unit's own week. Each
  // holds only the walked employee's leave and roster over the period, so it is made per employee.
  std::map<const unit_info*, indicators::unit_schedule> schedules;
  const employee_info* planned_for = nullptr;
  const auto period_from = indicators::civil_from_days(from_day);
  const auto period_to = indicators::civil_from_days(std::max(from_day, to_day));
  const auto schedule_of = [&](const employee_info& e, const unit_info* u) -> const indicators::unit_schedule& {
    if (planned_for != &e) {
      schedules.clear();
      planned_for = &e;
    }
    auto it = schedules.find(u);
    if (it == schedules.end()) it = schedules.emplace(u, org.schedule_of(*u, e.nip, period_from, period_to)).first;
    return it->second;
  };
  for (const auto& e : employees) {
    const auto* current = org.find_unit(e.unit);
    if (current == nullptr) continue;
    const std::int64_t today = local_day_of(now_ms, org.zone_of_office(current->office));
    const std::int64_t last = std::min(to_day, today);
    auto cursor = std::lower_bound(sorted.begin(), sorted.end(), e.nip,
                                   [](const auto* row, const std::string& nip) { return row->first.employee < nip; });
    const auto postings = org.postings_of(e);  // where and when the employee worked, once per employee
    auto posting = postings.begin();
    for (std::int64_t day = from_day; day <= last; ++day) {
      while (cursor != sorted.end() && (*cursor)->first.employee == e.nip && (*cursor)->first.day < day) ++cursor;
      const bool has_row = cursor != sorted.end() && (*cursor)->first.employee == e.nip && (*cursor)->first.day == day;
      const auto date = indicators::civil_from_days(day);
      while (posting != postings.end() && posting->to_day < day) ++posting;
      // Days nobody watched are not judged: before the unit went live, outside the employee's dates.
      if (posting == postings.end() || day < posting->watched_from_day || posting->unit == nullptr) continue;
      const auto* u = posting->unit;
      if (!only_units.empty() && std::none_of(only_units.begin(), only_units.end(),
                                              [&](const unit_info& o) { return o.unit == u->unit; }))
        continue;
      const auto& schedule = schedule_of(e, u);
      if (!has_row && !indicators::planned_window(schedule, e.nip, date)) continue;
      auto marks = has_row ? marks_of(e.nip, (*cursor)->second.attendance)
                           : std::vector<indicators::attendance_mark>{};
      // A night shift's check-out lies in the next calendar day's row (evaluate_day keeps what is its own).
      if (const auto w = indicators::planned_window(schedule, e.nip, date); w && w->crosses_midnight()) {
        const auto next = has_row ? cursor + 1 : cursor;
        if (next != sorted.end() && (*next)->first.employee == e.nip && (*next)->first.day == day + 1) {
          const auto more = marks_of(e.nip, (*next)->second.attendance);
          marks.insert(marks.end(), more.begin(), more.end());
        }
      }
      visit(e, *u, indicators::evaluate_day(schedule, policy, e.nip, date, marks, now_ms));
    }
  }
}

namespace {

// Unit and office totals through the cache: finished days it holds are summed as they are; the
// others are read and walked (once per unit, over the span of missing days) and kept; today is
// always read.
std::vector<std::int64_t> missing_days(std::int64_t from_day, std::int64_t last_day,
                                       const std::function<bool(std::int64_t)>& have) {
  std::vector<std::int64_t> missing;
  for (std::int64_t day = from_day; day <= last_day; ++day)
    if (!have(day)) missing.push_back(day);
  return missing;
}

result<bool> cached_unit_attendance(const organisation& org, const unit_info& u,
                                    std::span<const employee_info> employees, std::int64_t from_day,
                                    std::int64_t to_day, std::int64_t today, aggregate_reader& rows,
                                    std::int64_t now_ms, const kpi_options& options,
                                    indicators::attendance_totals& total) {
  auto& cache = *options.cache;
  const auto missing = missing_days(from_day, std::min(to_day, today - 1), [&](std::int64_t day) {
    const auto hit = cache.find_attendance(u.unit, day);
    if (hit) total.merge(*hit);
    return hit.has_value();
  });
  std::vector<std::string> nips;
  nips.reserve(employees.size());
  for (const auto& e : employees) nips.push_back(e.nip);
  if (!missing.empty()) {
    const std::uint64_t read_at = cache.generation();
    auto days = rows.employee_days(nips, missing.front(), missing.back());
    if (!days) return days.err();
    std::map<std::int64_t, indicators::attendance_totals> per_day;
    walk_attendance_days(org, employees, *days, missing.front(), missing.back(), now_ms, options.attendance,
                         [&per_day](const employee_info&, const unit_info&, const indicators::attendance_day& d) {
                           per_day[indicators::days_from_civil(d.date)].merge(indicators::tally(d));
                         },
                         std::span<const unit_info>(&u, 1));
    for (const std::int64_t day : missing) {
      const auto& t = per_day[day];  // a day nobody was expected stays empty, and is kept as such
      total.merge(t);
      cache.put_attendance(u.unit, day, t, read_at);
    }
  }
  if (to_day >= today) {
    const std::int64_t first = std::max(from_day, today);
    auto days = rows.employee_days(nips, first, to_day);
    if (!days) return days.err();
    walk_attendance_days(org, employees, *days, first, to_day, now_ms, options.attendance,
                         [&total](const employee_info&, const unit_info&, const indicators::attendance_day& d) {
                           total.merge(indicators::tally(d));
                         },
                         std::span<const unit_info>(&u, 1));
  }
  return true;
}

result<bool> cached_unit_counters(const unit_info& u, std::span<const counter_info> counters, std::int64_t from_day,
                                  std::int64_t to_day, std::int64_t today, aggregate_reader& rows,
                                  const kpi_options& options, indicators::satisfaction_totals& satisfaction,
                                  std::vector<counter_totals>& services) {
  auto& cache = *options.cache;
  const auto missing = missing_days(from_day, std::min(to_day, today - 1), [&](std::int64_t day) {
    auto hit = cache.find_counters(u.unit, day);
    if (!hit) return false;
    satisfaction.merge(hit->satisfaction);
    services.push_back(std::move(*hit));
    return true;
  });
  if (!missing.empty()) {
    const std::uint64_t read_at = cache.generation();
    auto days = rows.counter_days(counters, missing.front(), missing.back());
    if (!days) return days.err();
    std::map<std::int64_t, counter_totals> per_day;
    for (const auto& r : *days) {
      auto& t = per_day[r.key.day];
      t.satisfaction.merge(r.satisfaction);
      t.service.merge(r.service);
    }
    for (const std::int64_t day : missing) {
      const auto& t = per_day[day];
      satisfaction.merge(t.satisfaction);
      services.push_back(t);
      cache.put_counters(u.unit, day, t, read_at);
    }
  }
  if (to_day >= today) {
    auto days = rows.counter_days(counters, std::max(from_day, today), to_day);
    if (!days) return days.err();
    for (const auto& r : *days) {
      satisfaction.merge(r.satisfaction);
      services.push_back(counter_totals{{}, r.service});
    }
  }
  return true;
}

result<bool> cached_unit_totals(const organisation& org, const resolved_scope& scope, std::int64_t from_day,
                                std::int64_t to_day, aggregate_reader& rows, std::int64_t now_ms,
                                const kpi_options& options, indicators::kpi_totals& t) {
  options.cache->use_org(org);
  std::vector<counter_totals> services;
  for (const auto& u : scope.units) {
    const std::int64_t today = local_day_of(now_ms, org.zone_of_office(u.office));
    std::vector<employee_info> employees = org.staff_of(std::span<const unit_info>(&u, 1));
    std::vector<counter_info> counters;
    for (const auto& c : scope.counters)
      if (c.unit == u.unit) counters.push_back(c);
    if (!employees.empty())
      if (auto r = cached_unit_attendance(org, u, employees, from_day, to_day, today, rows, now_ms, options,
                                          t.attendance);
          !r)
        return r;
    if (!counters.empty())
      if (auto r = cached_unit_counters(u, counters, from_day, to_day, today, rows, options, t.satisfaction,
                                        services);
          !r)
        return r;
  }
  std::vector<const indicators::service_totals*> parts;
  parts.reserve(services.size());
  for (const auto& s : services) parts.push_back(&s.service);
  t.service.merge_all(parts);
  return true;
}

}  // namespace

result<indicators::kpi_totals> compute_kpi_totals(const organisation& org, const resolved_scope& scope,
                                                  const kpi_request& req, aggregate_reader& rows,
                                                  std::int64_t now_ms, const kpi_options& options) {
  indicators::kpi_totals t;
  const std::int64_t from_day = indicators::days_from_civil(req.from);
  const std::int64_t to_day = indicators::days_from_civil(req.to);

  std::vector<std::string> nips;
  nips.reserve(scope.employees.size());
  for (const auto& e : scope.employees) nips.push_back(e.nip);

  // Units and offices: through the cache when there is one (the counter scope is a part of a unit).
  if (options.cache != nullptr && (req.scope == kpi_scope::unit || req.scope == kpi_scope::office)) {
    if (auto r = cached_unit_totals(org, scope, from_day, to_day, rows, now_ms, options, t); !r) return r.err();
    return t;
  }

  // Attendance: every employee-day of the period, absent days included (they have no row).
  if (!nips.empty()) {
    auto days = rows.employee_days(nips, from_day, to_day);
    if (!days) return days.err();
    if (req.scope == kpi_scope::employee)
      for (const auto& row : *days) t.satisfaction.merge(row.second.satisfaction);
    walk_attendance_days(org, scope.employees, *days, from_day, to_day, now_ms, options.attendance,
                         [&t](const employee_info&, const unit_info&, const indicators::attendance_day& d) {
                           t.attendance.merge(indicators::tally(d));
                         },
                         // An employee's own figures follow them through transfers; a unit's or an
                         // office's count only the days worked there.
                         req.scope == kpi_scope::employee ? std::span<const unit_info>{}
                                                          : std::span<const unit_info>(scope.units));
  }

  if (req.scope == kpi_scope::employee) {
    auto service = rows.employee_service(nips, from_day, to_day);
    if (!service) return service.err();
    for (const auto& r : *service) t.service.merge(r.service);
  } else if (!scope.counters.empty()) {
    auto counters = rows.counter_days(scope.counters, from_day, to_day);
    if (!counters) return counters.err();
    std::vector<const indicators::service_totals*> services;
    services.reserve(counters->size());
    for (const auto& r : *counters) {
      t.satisfaction.merge(r.satisfaction);
      services.push_back(&r.service);
    }
    t.service.merge_all(services);
  }
  return t;
}

result<std::size_t> warm_unit_day_cache(const organisation& org, aggregate_reader& rows, std::int64_t now_ms,
                                        const kpi_options& options, const std::function<bool()>& stop) {
  if (options.cache == nullptr) return std::size_t{0};
  std::size_t warmed = 0;
  for (const office_info& office : org.offices) {
    if (stop && stop()) break;
    const indicators::civil_date today = indicators::to_local(now_ms, office.tz).date;
    // 1 January or 1 July of this half-year, and the half-year before it.
    const indicators::civil_date half_start{today.year, today.month <= 6 ? 1 : 7, 1};
    const indicators::civil_date previous_start =
        half_start.month == 1 ? indicators::civil_date{half_start.year - 1, 7, 1} : indicators::civil_date{half_start.year, 1, 1};
    kpi_request req;
    req.scope = kpi_scope::office;
    req.id = office.office;
    req.from = previous_start;
    req.to = today;
    auto scope = resolve_scope(org, req);
    if (!scope || scope->units.empty()) continue;
    auto totals = compute_kpi_totals(org, *scope, req, rows, now_ms, options);
    if (!totals) return totals.err();
    ++warmed;
  }
  return warmed;
}

}  // namespace pantau::hub
