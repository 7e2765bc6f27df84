#pragma once
// Period appraisal in the shape of PermenPANRB 6/2022 (DESIGN §5). It produces a RECOMMENDED predikat
// with its calculation spelled out for the supervisor; it is never an automatic sanction.
//
// 1. Each indicator of the employee is compared with its unit target, with a tolerance band of
//    +-tolerance_pct percent of the target (default 5): inside the band (bounds inclusive) is "Sesuai
//    Ekspektasi", better than the band "Di Atas", worse "Di Bawah" (lower-is-better metrics such as
//    service time are mirrored). Value and bounds are compared at 2 decimals, as they are shown.
// 2. Results (hasil kerja) and behaviour (perilaku kerja; U7 Perilaku Pelaksana and discipline) are each
//    combined from their indicators that have data (n of them):
//      Di Atas  when none is below and at least half are above;
//      Di Bawah when at least half are below;
//      Sesuai   otherwise.
// 3. Predikat from the PermenPANRB 6/2022 matrix (configurable):
//
//                              results Di Bawah   results Sesuai    results Di Atas
//      behaviour Di Atas       Butuh Perbaikan    Baik              Sangat Baik
//      behaviour Sesuai        Butuh Perbaikan    Baik              Baik
//      behaviour Di Bawah      Sangat Kurang      Kurang            Kurang
//
//    "Kurang" is the regulation's "Kurang/Misconduct". "Sangat Kurang" is exactly the cell where both
//    results and behaviour are below expectation; no further "far below" threshold is applied.
// Lists: "berprestasi" = Sangat Baik; "perlu pembinaan" = Butuh Perbaikan, Kurang or Sangat Kurang.
// Thread-safety: pure functions and plain values.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/indicators/attendance.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/hub/indicators/service.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

enum class period_kind { month, semester, year };

struct period {
  period_kind kind = period_kind::year;
  int year = 1970;
  int index = 0;  // month 1..12, semester 1..2, 0 for a year
  civil_date first() const;
  civil_date last() const;
  bool operator==(const period&) const = default;
};
// "2026-11" (month), "2026-S2" (semester: S1 January–June, S2 July–December), "2026" (year).
// Error code invalid_period.
result<period> parse_period(std::string_view s);
std::string to_string(const period& p);  // the same forms
std::string label_id(const period& p);   // "November 2026", "Semester II 2026", "Tahun 2026"

enum class expectation { below, as, above };
std::string_view label(expectation e);  // "Di Bawah Ekspektasi", "Sesuai Ekspektasi", "Di Atas Ekspektasi"

enum class predikat { sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang };
std::string_view label(predikat p);  // "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang"

enum class metric {
  present_rate_pct,   // present / expected days, %
  on_time_rate_pct,   // on time / present days, %
  deduction_pct,      // attendance deduction summed over the period (lower is better)
  ikm,                // 25..100
  quick_index,        // 25..100
  csat_pct,           // share of 3s and 4s, %
  u7_index,           // NRR of U7 Perilaku Pelaksana x 25
  served,             // count
  mean_service_s,     // lower is better
  p90_service_s,      // lower is better
  served_per_hour,    // per open counter-hour
};
std::string_view to_string(metric m);  // "present_rate_pct", ...
std::string_view label(metric m);      // Bahasa Indonesia, e.g. "Tingkat kehadiran"
bool lower_is_better(metric m);
bool is_attendance(metric m);  // present rate, on-time rate, deduction: judged only on enough watched days

// Everything measured for one employee over the period (merged daily totals).
struct employee_facts {
  std::string employee;
  attendance_totals attendance;
  satisfaction_totals satisfaction;
  service_totals service;
};
// nullopt when the employee has no data for that metric (e.g. no ratings).
std::optional<double> metric_value(metric m, const employee_facts& f, const element_weights& w = {});

struct indicator_target {
  metric what = metric::present_rate_pct;
  double target = 0.0;
  std::optional<double> tolerance_pct;  // overrides the policy's
};

// [results][behaviour], each indexed by expectation (below = 0, as = 1, above = 2).
using predikat_matrix = std::array<std::array<predikat, 3>, 3>;
predikat_matrix permenpanrb_6_2022_matrix();

struct appraisal_policy {
  std::vector<indicator_target> results;
  std::vector<indicator_target> behaviour;
  double tolerance_pct = 5.0;
  // Attendance indicators over fewer watched working days than this are "data belum cukup" (not rated).
  int min_watched_days = 10;
  predikat_matrix matrix = permenpanrb_6_2022_matrix();
  element_weights weights;
};
// Placeholders until a unit sets its own targets: results = IKM and quick index >= 76.61 (grade B);
// behaviour = U7 index >= 76.61, present rate 95 %, on-time rate 90 %. Units add volume and time targets.
appraisal_policy default_appraisal_policy();
// Error code invalid_policy: tolerances 0..100, targets finite and >= 0, at least one results indicator.
result<appraisal_policy> validate(appraisal_policy p);

struct indicator_assessment {
  metric what = metric::present_rate_pct;
  std::optional<double> value;
  double target = 0.0;
  double lower = 0.0;  // band, as compared (2 decimals)
  double upper = 0.0;
  std::optional<expectation> rating;  // nullopt without data
  bool insufficient = false;          // a value, on too few watched days to be rated
  std::string calculation;
};

struct appraisal {
  std::string employee;
  period of;
  std::vector<indicator_assessment> results;
  std::vector<indicator_assessment> behaviour;
  expectation results_rating = expectation::as;
  expectation behaviour_rating = expectation::as;
  predikat recommended = predikat::baik;
  std::string calculation;  // several lines, Bahasa Indonesia
};

// Error code insufficient_data when no results indicator or no behaviour indicator has data: a
// recommendation from nothing would look more certain than it is.
result<appraisal> appraise(const employee_facts& f, const period& of, const appraisal_policy& p);

// Exposed for tests and for the dashboard's "how was this computed" view.
expectation assess(double value, double target, double tolerance_pct, bool lower_better);
std::optional<expectation> combine(std::span<const expectation> ratings);

struct appraisal_lists {
  std::vector<std::string> berprestasi;      // Sangat Baik
  std::vector<std::string> perlu_pembinaan;  // Butuh Perbaikan, Kurang, Sangat Kurang
};
appraisal_lists classify(std::span<const appraisal> appraisals);

}  // namespace pantau::hub::indicators
