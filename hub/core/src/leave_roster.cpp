#include "pantau/hub/core/leave_roster_rules.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "pantau/shared/iso_time.hpp"
#include "pantau/shared/validate.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;

error invalid(std::string message) { return error{errc::invalid_org, std::move(message)}; }

bool valid_window(const ind::work_window& w) {
  const auto in_day = [](int m) { return m >= 0 && m < ind::minutes_per_day; };
  return in_day(w.start_min) && in_day(w.end_min) && w.start_min != w.end_min;
}

bool valid_code(std::string_view code) {
  return !code.empty() && code.size() <= 8 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool valid_note(std::string_view note) { return !note.empty() && note.size() <= 500 && is_valid_utf8(note); }

bool overlaps(ind::civil_date a_from, ind::civil_date a_to, ind::civil_date b_from, ind::civil_date b_to) {
  return !(a_to < b_from || b_to < a_from);
}

// A night shift runs into the next day's shift when that one starts before the night one ends.
bool runs_into(const std::optional<ind::work_window>& night, const std::optional<ind::work_window>& next) {
  return night && next && night->crosses_midnight() && next->start_min < night->end_min;
}

std::string range_text(ind::civil_date from, ind::civil_date to) {
  return ind::format_date(from) + ".." + ind::format_date(to);
}

std::string clash_message(std::string_view nip, ind::civil_date date, const std::optional<ind::work_window>& night,
                          const std::optional<ind::work_window>& next) {
  return "jadwal / roster " + std::string(nip) + " " + ind::format_date(date) + ": shift " + shift_text(night) +
         " bertabrakan dengan shift hari berikutnya / runs into the next day's shift " + shift_text(next);
}

// The leave records of one employee: org.leave is in (nip, id) order.
std::span<const leave_record> leave_of(const organisation& org, std::string_view nip) {
  const auto lo = std::lower_bound(org.leave.begin(), org.leave.end(), nip,
                                   [](const leave_record& l, std::string_view n) { return l.nip < n; });
  auto hi = lo;
  while (hi != org.leave.end() && hi->nip == nip) ++hi;
  return {lo, hi};
}

struct csv_row_checks {
  const organisation& org;
  const std::function<bool(const std::string&)>& allowed;
  // The employee, or a problem naming the field.
  std::optional<std::string> employee(const std::string& nip) const {
    if (!is_valid_nip(nip) || org.find_employee(nip) == nullptr)
      return "nip: pegawai tidak dikenal / unknown employee \"" + nip + "\"";
    if (allowed && !allowed(nip)) return "nip: tidak berhak atas pegawai ini / not allowed for this employee " + nip;
    return std::nullopt;
  }
};

}  // namespace

std::optional<std::optional<ind::work_window>> parse_shift_text(std::string_view text) {
  if (text == "-" || text == "off") return std::optional<ind::work_window>{};
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto from = parse_hh_mm(text.substr(0, 5));
  const auto to = parse_hh_mm(text.substr(6));
  if (!from || !to) return std::nullopt;
  const ind::work_window w{*from, *to, 0};
  if (!valid_window(w)) return std::nullopt;
  return std::optional<ind::work_window>{w};
}

std::string shift_text(const std::optional<ind::work_window>& shift) {
  return shift ? format_hh_mm(shift->start_min) + "-" + format_hh_mm(shift->end_min) : "-";
}

result<bool> validate_leave_roster(const organisation& org) {
  for (const auto& l : org.leave) {
    const std::string item = "cuti / leave " + l.nip + " " + range_text(l.from, l.to) + ": ";
    if (org.find_employee(l.nip) == nullptr) return invalid(item + "nip: pegawai tidak dikenal / unknown employee");
    if (l.id.size() != 16 || !std::all_of(l.id.begin(), l.id.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }))
      return invalid(item + "id: harus 16 angka heksadesimal / must be 16 hex digits");
    if (!ind::is_valid(l.from) || !ind::is_valid(l.to)) return invalid(item + "from/to: bukan tanggal / not a date");
    if (l.to < l.from) return invalid(item + "to: sebelum from / before from");
    if (ind::days_from_civil(l.to) - ind::days_from_civil(l.from) >= leave_max_days)
      return invalid(item + "to: lebih dari 5 tahun / longer than 5 years");
    if (!valid_note(l.note)) return invalid(item + "note: wajib, 1..500 byte UTF-8 / required, 1..500 bytes of UTF-8");
    if (!l.active() && !valid_note(l.cancel_note))
      return invalid(item + "note: alasan pembatalan wajib / a cancellation needs a reason");
  }
  // In-force leave of one employee never overlaps: records are in (nip, id) order, so group by nip.
  for (std::size_t i = 0; i < org.leave.size();) {
    std::size_t j = i;
    std::vector<const leave_record*> active;
    for (; j < org.leave.size() && org.leave[j].nip == org.leave[i].nip; ++j)
      if (org.leave[j].active()) active.push_back(&org.leave[j]);
    std::sort(active.begin(), active.end(), [](const auto* a, const auto* b) { return a->from < b->from; });
    for (std::size_t k = 1; k < active.size(); ++k)
      if (!(active[k - 1]->to < active[k]->from))
        return invalid("cuti / leave " + active[k]->nip + " " + range_text(active[k]->from, active[k]->to) +
                       ": from/to: bertumpang tindih dengan / overlaps " +
                       range_text(active[k - 1]->from, active[k - 1]->to));
    i = j;
  }
  for (const auto& d : org.shifts) {
    const std::string item = "shift " + d.unit + "/" + d.code + ": ";
    if (org.find_unit(d.unit) == nullptr) return invalid(item + "unit: tidak dikenal / unknown unit");
    if (!valid_code(d.code)) return invalid(item + "code: 1..8 huruf atau angka / 1..8 letters or digits");
    if (!valid_window(d.window)) return invalid(item + "window: harus \"HH:MM-HH:MM\" / must be \"HH:MM-HH:MM\"");
  }
  // Each night shift against the next day: the next roster entry of the same employee, or the unit's week.
  std::unordered_map<std::string, const unit_info*> unit_of;
  for (const auto& e : org.employees) unit_of[e.nip] = org.find_unit(e.unit);
  std::set<std::pair<std::string_view, ind::civil_date>> holidays;
  for (const auto& h : org.holidays) holidays.insert({h.office, h.date});
  for (std::size_t i = 0; i < org.roster.size(); ++i) {
    const auto& a = org.roster[i];
    const std::string item = "jadwal / roster " + a.nip + " " + ind::format_date(a.date) + ": ";
    const auto u = unit_of.find(a.nip);
    if (u == unit_of.end() || u->second == nullptr) return invalid(item + "nip: pegawai tidak dikenal / unknown employee");
    if (!ind::is_valid(a.date)) return invalid(item + "date: bukan tanggal / not a date");
    if (a.shift && !valid_window(*a.shift)) return invalid(item + "shift: harus \"HH:MM-HH:MM\" / must be \"HH:MM-HH:MM\"");
    if (!a.shift || !a.shift->crosses_midnight()) continue;
    const auto next_date = ind::add_days(a.date, 1);
    std::optional<ind::work_window> next;
    if (i + 1 < org.roster.size() && org.roster[i + 1].nip == a.nip && org.roster[i + 1].date == next_date) {
      next = org.roster[i + 1].shift;
    } else if (!holidays.contains({u->second->office, next_date})) {
      const auto week = u->second->weekly ? *u->second->weekly : ind::perpres_21_2023_week();
      next = week[static_cast<std::size_t>(ind::weekday_of(next_date))];
    }
    if (runs_into(a.shift, next)) return invalid(clash_message(a.nip, a.date, a.shift, next));
  }
  return true;
}

std::vector<const leave_record*> leave_overlapping(const organisation& org, std::string_view nip, ind::civil_date from,
                                                   ind::civil_date to) {
  std::vector<const leave_record*> out;
  for (const auto& l : leave_of(org, nip))
    if (l.active() && overlaps(l.from, l.to, from, to)) out.push_back(&l);
  return out;
}

void fill_employee_plan(const organisation& org, std::string_view nip, ind::civil_date from, ind::civil_date to,
                        ind::unit_schedule& s) {
  const std::int64_t lo = ind::days_from_civil(from) - 1;
  const std::int64_t hi = ind::days_from_civil(to) + 1;
  const std::string who(nip);
  for (const auto& l : leave_of(org, nip)) {
    if (!l.active()) continue;
    const std::int64_t first = std::max(lo, ind::days_from_civil(l.from));
    const std::int64_t last = std::min(hi, ind::days_from_civil(l.to));
    for (std::int64_t d = first; d <= last; ++d) s.leave[{who, ind::civil_from_days(d)}] = l.kind;
  }
  // org.roster is in (nip, date) order: start at the first entry of this employee from lo on.
  const ind::civil_date lo_date = ind::civil_from_days(lo);
  auto it = std::lower_bound(org.roster.begin(), org.roster.end(), std::pair{nip, lo_date},
                             [](const shift_assignment& a, const std::pair<std::string_view, ind::civil_date>& k) {
                               return std::tie(a.nip, a.date) < std::tie(k.first, k.second);
                             });
  for (; it != org.roster.end() && it->nip == nip; ++it) {
    if (ind::days_from_civil(it->date) > hi) break;
    s.roster[{who, it->date}] = it->shift;
  }
}

leave_csv_import parse_leave_csv(std::string_view text, const organisation& org,
                                 const std::function<bool(const std::string&)>& allowed) {
  leave_csv_import out;
  const csv_row_checks checks{org, allowed};
  struct taken {
    ind::civil_date from, to;
    std::size_t line;
  };
  std::map<std::string, std::vector<taken>> in_file;
  each_csv_row(text, {"nip", "from", "to", "kind", "note"}, out.problems,
               [&](std::size_t at, std::vector<std::string>& f) {
                 auto problem = [&](std::string m) { out.problems.push_back({at, std::move(m)}); };
                 if (auto p = checks.employee(f[0])) return problem(*p);
                 const auto from = ind::parse_date(f[1]);
                 if (!from) return problem("from: bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date: \"" + f[1] + "\"");
                 const auto to = ind::parse_date(f[2]);
                 if (!to) return problem("to: bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date: \"" + f[2] + "\"");
                 if (*to < *from) return problem("to: sebelum from / before from");
                 if (ind::days_from_civil(*to) - ind::days_from_civil(*from) >= leave_max_days)
                   return problem("to: lebih dari 5 tahun / longer than 5 years");
                 const auto kind = ind::parse_leave_kind(f[3]);
                 if (!kind) return problem("kind: jenis tidak dikenal / unknown kind \"" + f[3] + "\"");
                 if (!valid_note(f[4])) return problem("note: wajib, 1..500 byte / required, 1..500 bytes");
                 if (const auto stored = leave_overlapping(org, f[0], *from, *to); !stored.empty())
                   return problem("from/to: bertumpang tindih dengan cuti tersimpan / overlaps stored leave " +
                                  range_text(stored.front()->from, stored.front()->to));
                 auto& mine = in_file[f[0]];
                 for (const auto& t : mine)
                   if (overlaps(t.from, t.to, *from, *to))
                     return problem("from/to: bertumpang tindih dengan baris / overlaps line " + std::to_string(t.line));
                 mine.push_back({*from, *to, at});
                 leave_record l;
                 l.nip = f[0];
                 l.from = *from;
                 l.to = *to;
                 l.kind = *kind;
                 l.note = f[4];
                 out.rows.push_back(std::move(l));
               });
  return out;
}

roster_csv_import parse_roster_csv(std::string_view text, const organisation& org,
                                   const std::function<bool(const std::string&)>& allowed) {
  roster_csv_import out;
  const csv_row_checks checks{org, allowed};
  std::map<std::pair<std::string, ind::civil_date>, std::size_t> line_of;
  each_csv_row(text, {"nip", "date", "start", "end"}, out.problems, [&](std::size_t at, std::vector<std::string>& f) {
    auto problem = [&](std::string m) { out.problems.push_back({at, std::move(m)}); };
    if (auto p = checks.employee(f[0])) return problem(*p);
    const auto date = ind::parse_date(f[1]);
    if (!date) return problem("date: bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date: \"" + f[1] + "\"");
    std::optional<ind::work_window> shift;
    if (f[2] == "off" || f[2] == "-") {
      if (!f[3].empty() && f[3] != "-") return problem("end: harus kosong untuk hari libur / must be empty on a day off");
    } else {
      const auto start = parse_hh_mm(f[2]);
      if (!start) return problem("start: harus HH:MM atau off / must be HH:MM or off: \"" + f[2] + "\"");
      const auto end = parse_hh_mm(f[3]);
      if (!end) return problem("end: harus HH:MM / must be HH:MM: \"" + f[3] + "\"");
      if (*start == *end) return problem("end: sama dengan start / equals start");
      shift = ind::work_window{*start, *end, 0};
    }
    if (const auto [it, added] = line_of.insert({{f[0], *date}, at}); !added)
      return problem("date: pegawai dan tanggal sudah ada di baris / employee and date already on line " +
                     std::to_string(it->second));
    out.rows.push_back(shift_assignment{f[0], *date, shift, false, {}, 0});
  });
  if (!out.problems.empty()) return out;
  // Clashes with each other and with what is stored: each row against its neighbours in the merged roster.
  organisation plan;
  plan.roster = out.rows;
  const organisation merged = merge_org(org, plan);
  for (const auto& a : out.rows) {
    const auto* e = merged.find_employee(a.nip);
    const auto* u = e != nullptr ? merged.find_unit(e->unit) : nullptr;
    if (u == nullptr) continue;
    const auto prev = ind::add_days(a.date, -1), next = ind::add_days(a.date, 1);
    const auto s = merged.schedule_of(*u, a.nip, prev, next);
    const auto before = ind::planned_window(s, a.nip, prev), mine = ind::planned_window(s, a.nip, a.date),
               after = ind::planned_window(s, a.nip, next);
    const std::size_t at = line_of.at({a.nip, a.date});
    if (runs_into(mine, after)) out.problems.push_back({at, clash_message(a.nip, a.date, mine, after)});
    else if (runs_into(before, mine)) out.problems.push_back({at, clash_message(a.nip, prev, before, mine)});
  }
  return out;
}

result<std::vector<shift_assignment>> expand_pattern(const organisation& org, std::string_view unit,
                                                     std::string_view nip, std::span<const std::string> codes,
                                                     ind::civil_date start, ind::civil_date from, ind::civil_date to) {
  if (codes.empty()) return invalid("pattern: kosong / empty");
  std::vector<std::optional<ind::work_window>> cycle;
  for (const auto& code : codes) {
    if (code == "-") {
      cycle.emplace_back();
      continue;
    }
    const auto it = std::find_if(org.shifts.begin(), org.shifts.end(),
                                 [&](const shift_def& d) { return d.unit == unit && d.code == code; });
    if (it == org.shifts.end())
      return invalid("pattern: kode shift tidak dikenal di unit ini / unknown shift code for unit " +
                     std::string(unit) + ": \"" + code + "\"");
    cycle.push_back(it->window);
  }
  std::vector<shift_assignment> out;
  const auto n = static_cast<std::int64_t>(cycle.size());
  for (std::int64_t d = ind::days_from_civil(from); d <= ind::days_from_civil(to); ++d) {
    const std::int64_t i = ((d - ind::days_from_civil(start)) % n + n) % n;
    out.push_back(shift_assignment{std::string(nip), ind::civil_from_days(d), cycle[static_cast<std::size_t>(i)],
                                   false, {}, 0});
  }
  return out;
}

}  // namespace pantau::hub
