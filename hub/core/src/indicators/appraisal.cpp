#include "pantau/hub/indicators/appraisal.hpp"

#include <charconv>
#include <cmath>

#include "text.hpp"

namespace pantau::hub::indicators {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

constexpr std::array<std::string_view, 12> month_names{"Januari", "Februari", "Maret",     "April",
                                                      "Mei",     "Juni",     "Juli",      "Agustus",
                                                      "September", "Oktober", "November", "Desember"};

std::string_view short_label(expectation e) {
  switch (e) {
    case expectation::below: return "Di Bawah";
    case expectation::as: return "Sesuai";
    case expectation::above: return "Di Atas";
  }
  return "Sesuai";
}

std::string_view unit_of(metric m) {
  switch (m) {
    case metric::present_rate_pct:
    case metric::on_time_rate_pct:
    case metric::deduction_pct:
    case metric::csat_pct: return " %";
    case metric::mean_service_s:
    case metric::p90_service_s: return " detik";
    case metric::served: return " layanan";
    case metric::served_per_hour: return " layanan/jam";
    case metric::ikm:
    case metric::quick_index:
    case metric::u7_index: return "";
  }
  return "";
}

double bound(double target, double tolerance_pct, double sign) {
  return round2(target * (100.0 + sign * tolerance_pct) / 100.0);
}

indicator_assessment assess_indicator(const indicator_target& t, const employee_facts& f,
                                      const appraisal_policy& p) {
  indicator_assessment a;
  a.what = t.what;
  a.target = t.target;
  const double tol = t.tolerance_pct.value_or(p.tolerance_pct);
  a.lower = bound(t.target, tol, -1.0);
  a.upper = bound(t.target, tol, +1.0);
  a.value = metric_value(t.what, f, p.weights);
  const std::string unit(unit_of(t.what));
  std::string line = std::string(label(t.what)) + ": ";
  // Too few watched days say little about a person: shown, never judged (an office that went live
  // last week, a new employee, a long leave).
  a.insufficient = a.value && is_attendance(t.what) && f.attendance.expected < p.min_watched_days;
  if (!a.value) {
    line += "tidak ada data, tidak dinilai";
  } else if (a.insufficient) {
    line += text::decimal(round2(*a.value)) + unit + " dari " + std::to_string(f.attendance.expected) +
            " hari kerja teramati; data belum cukup (minimal " + std::to_string(p.min_watched_days) +
            " hari), tidak dinilai";
  } else {
    a.rating = assess(*a.value, t.target, tol, lower_is_better(t.what));
    line += text::decimal(round2(*a.value)) + unit + " terhadap target " + text::decimal(t.target) + unit +
            " (toleransi ±" + text::decimal(tol) + " %: " + text::decimal(a.lower) + "–" +
            text::decimal(a.upper) + unit + (lower_is_better(t.what) ? ", makin rendah makin baik" : "") +
            ") → " + std::string(label(*a.rating));
  }
  a.calculation = std::move(line);
  return a;
}

struct side {
  std::vector<indicator_assessment> items;
  std::optional<expectation> rating;
  std::string summary;
};

side assess_side(std::string_view name, const std::vector<indicator_target>& targets, const employee_facts& f,
                 const appraisal_policy& p) {
  side s;
  std::vector<expectation> ratings;
  std::array<int, 3> n{};
  for (const auto& t : targets) {
    s.items.push_back(assess_indicator(t, f, p));
    if (const auto& r = s.items.back().rating) {
      ratings.push_back(*r);
      ++n[static_cast<std::size_t>(*r)];
    }
  }
  s.rating = combine(ratings);
  s.summary = std::string(name) + ": " + std::to_string(n[2]) + " di atas, " + std::to_string(n[1]) +
              " sesuai, " + std::to_string(n[0]) + " di bawah dari " + std::to_string(ratings.size()) +
              " indikator bernilai";
  if (s.rating) s.summary += " → " + std::string(label(*s.rating));
  return s;
}

}  // namespace

civil_date period::first() const {
  switch (kind) {
    case period_kind::month: return civil_date{year, index, 1};
    case period_kind::semester: return civil_date{year, index == 1 ? 1 : 7, 1};
    case period_kind::year: return civil_date{year, 1, 1};
  }
  return civil_date{year, 1, 1};
}

civil_date period::last() const {
  switch (kind) {
    case period_kind::month: return civil_date{year, index, days_in_month(year, index)};
    case period_kind::semester: return index == 1 ? civil_date{year, 6, 30} : civil_date{year, 12, 31};
    case period_kind::year: return civil_date{year, 12, 31};
  }
  return civil_date{year, 12, 31};
}

result<period> parse_period(std::string_view s) {
  const auto bad = [&] {
    return error{errc::invalid_period, "period '" + std::string(s) +
                                       "' is not a month (2026-11), a semester (2026-S1, 2026-S2) or a year (2026)"};
  };
  if (s.size() < 4 || !all_digits(s.substr(0, 4)) || s[0] == '0') return bad();
  const int year = to_int(s.substr(0, 4));
  if (s.size() == 4) return period{period_kind::year, year, 0};
  if (s.size() != 7 || s[4] != '-') return bad();
  const std::string_view rest = s.substr(5);
  if (rest[0] == 'S') {
    if (rest[1] == '1' || rest[1] == '2') return period{period_kind::semester, year, rest[1] - '0'};
    return bad();
  }
  if (!all_digits(rest)) return bad();
  const int month = to_int(rest);
  if (month < 1 || month > 12) return bad();
  return period{period_kind::month, year, month};
}

std::string to_string(const period& p) {
  const std::string y = std::to_string(p.year);
  switch (p.kind) {
    case period_kind::month: return y + "-" + text::two_digits(p.index);
    case period_kind::semester: return y + "-S" + std::to_string(p.index);
    case period_kind::year: return y;
  }
  return y;
}

std::string label_id(const period& p) {
  const std::string y = std::to_string(p.year);
  switch (p.kind) {
    case period_kind::month:
      if (p.index >= 1 && p.index <= 12) return std::string(month_names[static_cast<std::size_t>(p.index - 1)]) + " " + y;
      return y;
    case period_kind::semester: return std::string(p.index == 1 ? "Semester I " : "Semester II ") + y;
    case period_kind::year: return "Tahun " + y;
  }
  return y;
}

std::string_view label(expectation e) {
  switch (e) {
    case expectation::below: return "Di Bawah Ekspektasi";
    case expectation::as: return "Sesuai Ekspektasi";
    case expectation::above: return "Di Atas Ekspektasi";
  }
  return "Sesuai Ekspektasi";
}

std::string_view label(predikat p) {
  switch (p) {
    case predikat::sangat_baik: return "Sangat Baik";
    case predikat::baik: return "Baik";
    case predikat::butuh_perbaikan: return "Butuh Perbaikan";
    case predikat::kurang: return "Kurang";
    case predikat::sangat_kurang: return "Sangat Kurang";
  }
  return "Baik";
}

std::string_view to_string(metric m) {
  switch (m) {
    case metric::present_rate_pct: return "present_rate_pct";
    case metric::on_time_rate_pct: return "on_time_rate_pct";
    case metric::deduction_pct: return "deduction_pct";
    case metric::ikm: return "ikm";
    case metric::quick_index: return "quick_index";
    case metric::csat_pct: return "csat_pct";
    case metric::u7_index: return "u7_index";
    case metric::served: return "served";
    case metric::mean_service_s: return "mean_service_s";
    case metric::p90_service_s: return "p90_service_s";
    case metric::served_per_hour: return "served_per_hour";
  }
  return "unknown";
}

std::string_view label(metric m) {
  switch (m) {
    case metric::present_rate_pct: return "Tingkat kehadiran";
    case metric::on_time_rate_pct: return "Ketepatan waktu masuk";
    case metric::deduction_pct: return "Potongan disiplin kehadiran";
    case metric::ikm: return "Indeks Kepuasan Masyarakat (IKM)";
    case metric::quick_index: return "Indeks kepuasan cepat";
    case metric::csat_pct: return "Persentase puas (nilai 3 dan 4)";
    case metric::u7_index: return "Perilaku Pelaksana (U7)";
    case metric::served: return "Jumlah layanan selesai";
    case metric::mean_service_s: return "Rata-rata waktu layanan";
    case metric::p90_service_s: return "Waktu layanan persentil 90";
    case metric::served_per_hour: return "Layanan per jam loket buka";
  }
  return "";
}

bool is_attendance(metric m) {
  return m == metric::present_rate_pct || m == metric::on_time_rate_pct || m == metric::deduction_pct;
}

bool lower_is_better(metric m) {
  return m == metric::deduction_pct || m == metric::mean_service_s || m == metric::p90_service_s;
}

std::optional<double> metric_value(metric m, const employee_facts& f, const element_weights& w) {
  const auto pct = [](std::optional<double> v) -> std::optional<double> {
    if (!v) return std::nullopt;
    return *v * 100.0;
  };
  switch (m) {
    case metric::present_rate_pct: return pct(f.attendance.present_rate());
    case metric::on_time_rate_pct: return pct(f.attendance.on_time_rate());
    case metric::deduction_pct:
      if (f.attendance.expected == 0) return std::nullopt;
      return f.attendance.deduction_pct;
    case metric::ikm: return ikm(f.satisfaction, w);
    case metric::quick_index: return quick_index(f.satisfaction);
    case metric::csat_pct: return pct(csat(f.satisfaction));
    case metric::u7_index: {
      const auto n = nrr(f.satisfaction)[6];
      if (!n) return std::nullopt;
      return *n * 25.0;
    }
    case metric::served:
      // No service and no open counter: not a counter role, rather than zero output.
      if (f.service.served == 0 && f.service.open_ms == 0) return std::nullopt;
      return static_cast<double>(f.service.served);
    case metric::mean_service_s: return f.service.mean_s();
    case metric::p90_service_s: return f.service.p90_s();
    case metric::served_per_hour: return f.service.per_open_hour();
  }
  return std::nullopt;
}

predikat_matrix permenpanrb_6_2022_matrix() {
  using enum predikat;
  return predikat_matrix{{
      // behaviour:   below          as               above
      /* results below */ {sangat_kurang, butuh_perbaikan, butuh_perbaikan},
      /* results as    */ {kurang, baik, baik},
      /* results above */ {kurang, baik, sangat_baik},
  }};
}

appraisal_policy default_appraisal_policy() {
  appraisal_policy p;
  p.results = {{metric::ikm, 76.61, std::nullopt}, {metric::quick_index, 76.61, std::nullopt}};
  p.behaviour = {{metric::u7_index, 76.61, std::nullopt},
                 {metric::present_rate_pct, 95.0, std::nullopt},
                 {metric::on_time_rate_pct, 90.0, std::nullopt}};
  return p;
}

result<appraisal_policy> validate(appraisal_policy p) {
  const auto ok_tol = [](double t) { return std::isfinite(t) && t >= 0.0 && t <= 100.0; };
  if (!ok_tol(p.tolerance_pct)) return error{errc::invalid_policy, "tolerance_pct: expected 0..100"};
  if (p.results.empty()) return error{errc::invalid_policy, "results: expected at least one indicator"};
  for (const auto* list : {&p.results, &p.behaviour}) {
    for (const auto& t : *list) {
      if (!std::isfinite(t.target) || t.target < 0.0) {
        return error{errc::invalid_policy, "target of " + std::string(to_string(t.what)) + ": expected a number >= 0"};
      }
      if (t.tolerance_pct && !ok_tol(*t.tolerance_pct)) {
        return error{errc::invalid_policy,
                     "tolerance_pct of " + std::string(to_string(t.what)) + ": expected 0..100"};
      }
    }
  }
  return p;
}

expectation assess(double value, double target, double tolerance_pct, bool lower_better) {
  const std::int64_t v = round_hundredths(value);
  const std::int64_t lo = round_hundredths(target * (100.0 - tolerance_pct) / 100.0);
  const std::int64_t hi = round_hundredths(target * (100.0 + tolerance_pct) / 100.0);
  if (lower_better) {
    if (v > hi) return expectation::below;
    if (v < lo) return expectation::above;
    return expectation::as;
  }
  if (v < lo) return expectation::below;
  if (v > hi) return expectation::above;
  return expectation::as;
}

std::optional<expectation> combine(std::span<const expectation> ratings) {
  if (ratings.empty()) return std::nullopt;
  std::size_t above = 0;
  std::size_t below = 0;
  for (const auto r : ratings) {
    if (r == expectation::above) ++above;
    if (r == expectation::below) ++below;
  }
  const std::size_t n = ratings.size();
  if (below == 0 && 2 * above >= n) return expectation::above;
  if (2 * below >= n) return expectation::below;
  return expectation::as;
}

result<appraisal> appraise(const employee_facts& f, const period& of, const appraisal_policy& p) {
  side results = assess_side("Hasil kerja", p.results, f, p);
  side behaviour = assess_side("Perilaku kerja", p.behaviour, f, p);
  if (!results.rating || !behaviour.rating) {
    return error{errc::insufficient_data, "employee " + f.employee + " has no data for any " +
                                          (results.rating ? "behaviour" : "results") + " indicator in " +
                                          to_string(of)};
  }
  appraisal a;
  a.employee = f.employee;
  a.of = of;
  a.results_rating = *results.rating;
  a.behaviour_rating = *behaviour.rating;
  a.recommended = p.matrix[static_cast<std::size_t>(a.results_rating)][static_cast<std::size_t>(a.behaviour_rating)];

  std::string c = "Penilaian kinerja " + label_id(of) + " (" + to_string(of) + "), pegawai " + f.employee + "\n";
  for (const auto* s : {&results, &behaviour}) {
    for (const auto& i : s->items) c += "- " + i.calculation + "\n";
    c += s->summary + "\n";
  }
  c += "Predikat (matriks PermenPANRB 6/2022): hasil kerja " + std::string(short_label(a.results_rating)) +
       " × perilaku kerja " + std::string(short_label(a.behaviour_rating)) + " → " +
       std::string(label(a.recommended)) + "\n";
  c += "Rekomendasi untuk atasan, bukan sanksi otomatis.";
  a.calculation = std::move(c);
  a.results = std::move(results.items);
  a.behaviour = std::move(behaviour.items);
  return a;
}

appraisal_lists classify(std::span<const appraisal> appraisals) {
  appraisal_lists l;
  for (const auto& a : appraisals) {
    switch (a.recommended) {
      case predikat::sangat_baik: l.berprestasi.push_back(a.employee); break;
      case predikat::baik: break;
      case predikat::butuh_perbaikan:
      case predikat::kurang:
      case predikat::sangat_kurang: l.perlu_pembinaan.push_back(a.employee); break;
    }
  }
  return l;
}

}  // namespace pantau::hub::indicators
