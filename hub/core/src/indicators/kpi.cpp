#include "pantau/hub/indicators/kpi.hpp"

namespace pantau::hub::indicators {
namespace {

std::optional<std::string> grade_text(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  const auto g = grade_of(*v);
  if (!g) return std::nullopt;
  return std::string(1, letter(*g));
}

std::optional<double> rounded(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  return round2(*v);
}

}  // namespace

void kpi_totals::merge(const kpi_totals& o) {
  attendance.merge(o.attendance);
  satisfaction.merge(o.satisfaction);
  service.merge(o.service);
}

kpi make_kpi(const kpi_totals& t, const element_weights& w) {
  kpi k;
  const auto& a = t.attendance;
  k.attendance.expected = a.expected;
  k.attendance.present = a.present;
  k.attendance.on_time = a.on_time;
  k.attendance.late = a.late;
  k.attendance.early_leave = a.early_leave;
  k.attendance.absent = a.absent;
  k.attendance.needs_review = a.needs_review;
  k.attendance.on_leave = a.on_leave;
  k.attendance.deduction_pct = a.deduction_pct;
  k.attendance.present_rate = a.present_rate();
  k.attendance.on_time_rate = a.on_time_rate();

  const auto& s = t.satisfaction;
  k.satisfaction.responses = s.responses;
  k.satisfaction.counts = s.counts;
  k.satisfaction.csat = csat(s);
  k.satisfaction.quick_index = rounded(quick_index(s));
  k.satisfaction.ikm = rounded(ikm(s, w));
  k.satisfaction.grade = grade_text(k.satisfaction.ikm);
  k.satisfaction.nrr = nrr(s);
  k.satisfaction.quick_grade = grade_text(k.satisfaction.quick_index);
  k.satisfaction.misuse_excluded = s.misuse_excluded;

  k.service.served = t.service.served;
  k.service.mean_s = t.service.mean_s();
  k.service.p90_s = t.service.p90_s();
  k.service.per_hour = t.service.per_open_hour();
  return k;
}

}  // namespace pantau::hub::indicators
