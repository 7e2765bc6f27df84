#include "pantau/hub/core/export_tables.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <set>

#include "pantau/hub/indicators/kpi.hpp"
#include "pantau/shared/validate.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;

error bad_request(std::string message) { return error{errc::bad_request, std::move(message)}; }

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// Local wall-clock time of the office, "07:41:05".
std::string local_hms(std::int64_t utc_ms, ind::zone z) {
  const auto t = ind::to_local(utc_ms, z);
  const auto s = static_cast<int>(t.ms_of_day / 1000);
  return two(s / 3600) + ":" + two(s / 60 % 60) + ":" + two(s % 60);
}

export_cell opt_cell(const std::optional<double>& v) { return v ? export_cell{*v} : export_cell{}; }
export_cell text_cell(std::string_view s) { return s.empty() ? export_cell{} : export_cell{std::string(s)}; }
export_cell yes_no(bool b) { return std::string(b ? "Ya" : "Tidak"); }

result<ind::civil_date> date_param(std::optional<std::string_view> v, std::string_view name) {
  if (!v) return bad_request("parameter " + std::string(name) + " wajib (YYYY-MM-DD) / " + std::string(name) + " is required (YYYY-MM-DD)");
  auto d = ind::parse_date(*v);
  if (!d) return bad_request(std::string(name) + " bukan tanggal YYYY-MM-DD / " + std::string(name) + " is not a YYYY-MM-DD date");
  return *d;
}

}  // namespace

result<export_request> parse_export_request(std::string_view file, std::optional<std::string_view> unit,
                                            std::optional<std::string_view> from, std::optional<std::string_view> to,
                                            std::optional<std::string_view> period) {
  export_request r;
  const auto dot = file.rfind('.');
  const std::string_view base = file.substr(0, dot);
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : file.substr(dot + 1);
  if (base == "attendance") r.kind = export_kind::attendance;
  else if (base == "ratings") r.kind = export_kind::ratings;
  else if (base == "appraisal") r.kind = export_kind::appraisal;
  else return error{errc::not_found, "ekspor tidak dikenal (attendance, ratings, appraisal) / unknown export (attendance, ratings, appraisal)"};
  if (ext == "csv") r.format = export_format::csv;
  else if (ext == "xlsx") r.format = export_format::xlsx;
  else return error{errc::not_found, "format ekspor harus .csv atau .xlsx / export format must be .csv or .xlsx"};

  if (unit) {
    if (unit->empty() || unit->size() > 64) return bad_request("unit tidak sah / invalid unit");
    r.unit = std::string(*unit);
  }
  if (r.kind == export_kind::appraisal) {
    auto a = parse_appraisal_request(period, unit);
    if (!a) return a.err();
    r.of = a->of;
    r.from = r.of.first();
    r.to = r.of.last();
    return r;
  }
  auto f = date_param(from, "from");
  if (!f) return f.err();
  auto t = date_param(to, "to");
  if (!t) return t.err();
  if (*t < *f) return bad_request("from harus sebelum atau sama dengan to / from must not be after to");
  if (ind::days_from_civil(*t) - ind::days_from_civil(*f) >= kpi_max_days)
    return bad_request("periode terlalu panjang (maks. 3 tahun) / period too long (at most 3 years)");
  r.from = *f;
  r.to = *t;
  return r;
}

std::string export_file_name(const export_request& r) {
  std::string name = "pantau-";
  switch (r.kind) {
    case export_kind::attendance: name += "kehadiran"; break;
    case export_kind::ratings: name += "penilaian-layanan"; break;
    case export_kind::appraisal: name += "penilaian-kinerja"; break;
  }
  // Unit ids are [a-z0-9-] once validated; anything else is left out rather than trusted in a header.
  std::string unit = r.unit.value_or("semua");
  std::erase_if(unit, [](char c) { return !is_id_char(c); });
  name += "-" + (unit.empty() ? std::string("unit") : unit) + "-";
  if (r.kind == export_kind::appraisal) name += ind::to_string(r.of);
  else name += ind::format_date(r.from) + "_" + ind::format_date(r.to);
  name += r.format == export_format::csv ? ".csv" : ".xlsx";
  return name;
}

result<export_table> attendance_table(const organisation& org, std::span<const unit_info> units, ind::civil_date from,
                                      ind::civil_date to, aggregate_reader& rows, std::int64_t now_ms,
                                      const kpi_options& options) {
  export_table t;
  t.title = "Kehadiran";
  t.columns = {"Tanggal",       "NIP",          "Nama",        "Unit",       "Masuk pertama",
               "Pulang terakhir", "Terlambat (TL)", "Menit terlambat", "Pulang sebelum waktu (PSW)",
               "Menit pulang cepat", "Tidak hadir", "Potongan (%)", "Perlu ditinjau", "Status"};
  // A transfer puts an employee's earlier days in the old unit: both units' exports have them.
  const std::vector<employee_info> staff = org.staff_of(units);
  std::map<std::string, std::size_t, std::less<>> order;  // unit order, then org order
  for (std::size_t i = 0; i < staff.size(); ++i) order.emplace(staff[i].nip, i);
  if (staff.empty()) return t;
  std::vector<std::string> nips;
  for (const auto& e : staff) nips.push_back(e.nip);
  const std::int64_t from_day = ind::days_from_civil(from);
  const std::int64_t to_day = ind::days_from_civil(to);
  auto days = rows.employee_days(nips, from_day, to_day);
  if (!days) return days.err();

  struct line {
    ind::civil_date date;
    std::size_t who = 0;
    std::vector<export_cell> cells;
  };
  std::vector<line> lines;
  walk_attendance_days(org, staff, *days, from_day, to_day, now_ms, options.attendance,
                       [&](const employee_info& e, const unit_info& worked_in, const ind::attendance_day& d) {
                         const auto z = org.zone_of_office(worked_in.office);
                         // Only what was applied: a band withheld for review is neither shown nor deducted.
                         const auto status = ind::status_of(d);
                         std::vector<export_cell> c{
                             ind::format_date(d.date),
                             e.nip,
                             e.name,
                             worked_in.unit,
                             d.first_in_ms ? export_cell{local_hms(*d.first_in_ms, z)} : export_cell{},
                             d.last_out_ms ? export_cell{local_hms(*d.last_out_ms, z)} : export_cell{},
                             text_cell(ind::to_string(d.late)),
                             d.late != ind::late_band::none && d.late_minutes > 0 ? export_cell{std::int64_t{d.late_minutes}}
                                                                                  : export_cell{},
                             text_cell(ind::to_string(d.early)),
                             d.early != ind::early_band::none && d.early_minutes > 0
                                 ? export_cell{std::int64_t{d.early_minutes}}
                                 : export_cell{},
                             yes_no(d.absent),
                             d.deduction_pct,
                             yes_no(d.needs_review),
                             status.text_id,
                         };
                         lines.push_back({d.date, order.at(e.nip), std::move(c)});
                       },
                       units);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const line& a, const line& b) { return std::tie(a.date, a.who) < std::tie(b.date, b.who); });
  t.rows.reserve(lines.size());
  for (auto& l : lines) t.rows.push_back(std::move(l.cells));
  return t;
}

result<export_table> ratings_table(const organisation& org, std::span<const unit_info> units, ind::civil_date from,
                                   ind::civil_date to, aggregate_reader& rows, const kpi_options& options) {
  export_table t;
  t.title = "Penilaian layanan";
  t.columns = {"Tanggal", "Kantor", "Loket", "Unit", "Jumlah penilaian", "Nilai 1", "Nilai 2", "Nilai 3",
               "Nilai 4", "Penyalahgunaan (dikecualikan)", "Indeks cepat", "Puas (%)", "IKM", "Mutu IKM"};
  for (std::size_t i = 0; i < ind::element_count; ++i)
    t.columns.push_back("NRR " + std::string(ind::element_code(i)) + " " + std::string(ind::element_name(i)));
  t.columns.insert(t.columns.end(), {"Layanan selesai", "Rata-rata waktu layanan (detik)"});

  std::set<std::string, std::less<>> wanted;
  for (const auto& u : units) wanted.insert(u.unit);
  std::vector<counter_info> counters;
  for (const auto& c : org.counters)
    if (wanted.contains(c.unit)) counters.push_back(c);
  if (counters.empty()) return t;
  auto days = rows.counter_days(counters, ind::days_from_civil(from), ind::days_from_civil(to));
  if (!days) return days.err();
  std::sort(days->begin(), days->end(), [](const counter_day_row& a, const counter_day_row& b) {
    return std::tie(a.key.day, a.key.office, a.key.counter) < std::tie(b.key.day, b.key.office, b.key.counter);
  });
  for (const auto& d : *days) {
    ind::kpi_totals totals;
    totals.satisfaction = d.satisfaction;
    totals.service = d.service;
    const auto k = ind::make_kpi(totals, options.weights);
    std::string unit;
    for (const auto& c : counters)
      if (c.office == d.key.office && c.counter == d.key.counter) unit = c.unit;
    std::vector<export_cell> c{ind::format_date(ind::civil_from_days(d.key.day)),
                               d.key.office,
                               d.key.counter,
                               unit,
                               k.satisfaction.responses,
                               k.satisfaction.counts[0],
                               k.satisfaction.counts[1],
                               k.satisfaction.counts[2],
                               k.satisfaction.counts[3],
                               k.satisfaction.misuse_excluded,
                               opt_cell(k.satisfaction.quick_index),
                               k.satisfaction.csat ? export_cell{*k.satisfaction.csat * 100.0} : export_cell{},
                               opt_cell(k.satisfaction.ikm),
                               k.satisfaction.grade ? export_cell{*k.satisfaction.grade} : export_cell{}};
    for (const auto& n : k.satisfaction.nrr) c.push_back(opt_cell(n));
    c.push_back(k.service.served);
    c.push_back(opt_cell(k.service.mean_s));
    t.rows.push_back(std::move(c));
  }
  return t;
}

export_table appraisal_table(const appraisal_report& report) {
  export_table t;
  t.title = "Penilaian kinerja";
  t.columns = {"NIP", "Nama", "Unit", "Periode", "Predikat rekomendasi", "Hasil kerja", "Perilaku kerja"};
  // Every unit's policy measures the same indicators (only targets differ), so one column each.
  const auto policy = ind::default_appraisal_policy();
  std::vector<ind::metric> metrics;
  for (const auto* side : {&policy.results, &policy.behaviour})
    for (const auto& target : *side) {
      metrics.push_back(target.what);
      t.columns.push_back(std::string(ind::label(target.what)));
    }
  t.columns.insert(t.columns.end(), {"Berprestasi", "Perlu pembinaan", "Perhitungan"});
  const std::set<std::string> achievers(report.lists.berprestasi.begin(), report.lists.berprestasi.end());
  const std::set<std::string> coaching(report.lists.perlu_pembinaan.begin(), report.lists.perlu_pembinaan.end());
  const std::string period = ind::label_id(report.of);
  for (const auto& item : report.employees) {
    std::vector<export_cell> c{item.employee.nip, item.employee.name, item.employee.unit, period};
    if (item.outcome) {
      const auto& a = *item.outcome;
      c.push_back(std::string(ind::label(a.recommended)));
      c.push_back(std::string(ind::label(a.results_rating)));
      c.push_back(std::string(ind::label(a.behaviour_rating)));
      for (const auto m : metrics) {
        export_cell v;
        for (const auto* side : {&a.results, &a.behaviour})
          for (const auto& i : *side)
            if (i.what == m && i.value) v = ind::round2(*i.value);
        c.push_back(v);
      }
    } else {
      c.insert(c.end(), 3 + metrics.size(), export_cell{});
    }
    c.push_back(yes_no(achievers.contains(item.employee.nip)));
    c.push_back(yes_no(coaching.contains(item.employee.nip)));
    c.push_back(item.outcome ? item.outcome->calculation : item.error.value_or(""));
    t.rows.push_back(std::move(c));
  }
  return t;
}

}  // namespace pantau::hub
