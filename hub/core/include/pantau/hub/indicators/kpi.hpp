#pragma once
// The mergeable per-day aggregate of one scope (employee, counter, unit or office) and the plain result
// that mirrors GET /api/v1/kpi (DESIGN §6). Any period is the merge of its days; no JSON library here,
// the HTTP adapter serialises `kpi` field by field (nullopt -> null).
// Thread-safety: pure functions and plain values.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "pantau/hub/indicators/attendance.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/hub/indicators/service.hpp"

namespace pantau::hub::indicators {

struct kpi_totals {
  attendance_totals attendance;
  satisfaction_totals satisfaction;
  service_totals service;

  void merge(const kpi_totals& o);
  bool operator==(const kpi_totals&) const = default;
};

// {"attendance":{...}} — the first six fields are the wire shape; the rest are extras the dashboard may
// show (the adapter decides whether to emit them).
struct kpi_attendance {
  std::int64_t expected = 0;
  std::int64_t present = 0;
  std::int64_t on_time = 0;
  std::array<std::int64_t, 4> late{};         // "TL1".."TL4"
  std::array<std::int64_t, 4> early_leave{};  // "PSW1".."PSW4"
  std::int64_t absent = 0;
  std::int64_t needs_review = 0;
  std::int64_t on_leave = 0;  // extra: expected days covered by leave
  double deduction_pct = 0.0;
  std::optional<double> present_rate;  // 0..1
  std::optional<double> on_time_rate;  // 0..1
};

struct kpi_satisfaction {
  std::int64_t responses = 0;
  std::array<std::int64_t, 4> counts{};  // c1..c4
  std::optional<double> csat;            // 0..1
  std::optional<double> quick_index;     // rounded to 2 decimals
  std::optional<double> ikm;             // rounded to 2 decimals
  std::optional<std::string> grade;      // of ikm: "A".."D"
  std::array<std::optional<double>, element_count> nrr;
  std::optional<std::string> quick_grade;  // extra: grade of quick_index
  std::int64_t misuse_excluded = 0;        // extra
};

struct kpi_service {
  std::int64_t served = 0;
  std::optional<double> mean_s;
  std::optional<double> p90_s;
  std::optional<double> per_hour;  // served per open counter-hour
};

struct kpi {
  kpi_attendance attendance;
  kpi_satisfaction satisfaction;
  kpi_service service;
};

// ikm and quick_index are rounded to 2 decimals first and graded from that, so the grade always
// matches the number shown.
kpi make_kpi(const kpi_totals& t, const element_weights& w = {});

}  // namespace pantau::hub::indicators
