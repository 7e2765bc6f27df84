#include "pantau/hub/indicators/attendance.hpp"

#include <algorithm>

#include "pantau/shared/discipline.hpp"

namespace pantau::hub::indicators {
namespace {

double weight_of(int band, const std::array<double, 4>& weights) {
  return band == 0 ? 0.0 : weights[static_cast<std::size_t>(band - 1)];
}

}  // namespace

std::string_view to_string(late_band b) {
  static constexpr std::array<std::string_view, 5> names{"", "TL1", "TL2", "TL3", "TL4"};
  return names[static_cast<std::size_t>(b)];
}

std::string_view to_string(early_band b) {
  static constexpr std::array<std::string_view, 5> names{"", "PSW1", "PSW2", "PSW3", "PSW4"};
  return names[static_cast<std::size_t>(b)];
}

result<attendance_policy> validate(attendance_policy p) {
  if (!valid_band_bounds(p.band_upper_minutes)) {
    return error{errc::invalid_policy, "band_upper_minutes: expected 1 <= TL1 < TL2 < TL3 upper bounds"};
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (!(p.late_weight_pct[i] >= 0.0) || !(p.early_weight_pct[i] >= 0.0)) {
      return error{errc::invalid_policy, "late/early weights: expected >= 0"};
    }
  }
  if (!(p.absent_weight_pct >= 0.0)) return error{errc::invalid_policy, "absent_weight_pct: expected >= 0"};
  return p;
}

std::optional<attendance_mark> attendance_mark_of(const event& e) {
  const auto* a = std::get_if<attendance_data>(&e.data);
  if (a == nullptr) return std::nullopt;
  return attendance_mark{a->employee, e.ts_ms, a->action, e.clock};
}

attendance_day evaluate_day(const unit_schedule& s, const attendance_policy& p, std::string_view employee,
                            civil_date work_date, std::span<const attendance_mark> marks,
                            std::optional<std::int64_t> as_of_ms) {
  attendance_day day;
  day.employee = std::string(employee);
  day.date = work_date;

  const attendance_mark* first_in = nullptr;
  const attendance_mark* last_out = nullptr;
  for (const auto& m : marks) {
    if (m.employee != employee || work_date_of(s, employee, m.ts_ms) != work_date) continue;
    if (m.action == attendance_data::action_t::in) {
      if (first_in == nullptr || m.ts_ms < first_in->ts_ms) first_in = &m;
    } else {
      if (last_out == nullptr || m.ts_ms > last_out->ts_ms) last_out = &m;
    }
  }
  if (first_in != nullptr) day.first_in_ms = first_in->ts_ms;
  if (last_out != nullptr) day.last_out_ms = last_out->ts_ms;
  day.present = first_in != nullptr || last_out != nullptr;

  const auto span = planned_span(s, employee, work_date);
  if (!span) return day;  // not expected: presence is noted, nothing is judged
  day.complete = !as_of_ms || *as_of_ms >= span->end_ms;
  if (const auto kind = leave_on(s, employee, work_date)) {
    // Covered: presence is noted, nothing is judged, nothing is deducted.
    day.leave = kind;
    day.expected = p.leave.counts_present(*kind);
    if (day.expected) day.present = true;
    return day;
  }
  day.expected = true;

  if (!day.present) {
    day.absent = true;
    if (day.complete) day.deduction_pct = p.absent_weight_pct;
    return day;
  }

  // Lateness rests on the check-in, or (TL4 without a check-in) on the check-out proving presence.
  int late = 4;
  bool late_trusted = false;
  if (first_in != nullptr) {
    day.late_minutes = whole_minutes_after(span->start_ms, first_in->ts_ms);
    late = discipline_band(day.late_minutes, s.grace_minutes, p.band_upper_minutes);
    late_trusted = first_in->clock == clock_state::synced;
  } else {
    late_trusted = last_out->clock == clock_state::synced;
  }

  int early = 0;
  bool early_trusted = true;
  if (last_out != nullptr) {
    day.early_minutes = whole_minutes_after(last_out->ts_ms, span->end_ms);
    early = discipline_band(day.early_minutes, s.early_grace_minutes, p.band_upper_minutes);
    early_trusted = last_out->clock == clock_state::synced;
  } else if (day.complete) {
    early = 4;
    early_trusted = first_in->clock == clock_state::synced;
  }

  if (late_trusted) {
    day.late = static_cast<late_band>(late);
  } else {
    day.unverified_late = static_cast<late_band>(late);
  }
  if (early_trusted) {
    day.early = static_cast<early_band>(early);
  } else {
    day.unverified_early = static_cast<early_band>(early);
  }
  // Flagged even when the unsynced time looks punctual: a wrong clock can hide lateness as well.
  day.needs_review = !late_trusted || !early_trusted;
  day.on_time = first_in != nullptr && late_trusted && late == 0;

  double deduction = weight_of(static_cast<int>(day.late), p.late_weight_pct) +
                     weight_of(static_cast<int>(day.early), p.early_weight_pct);
  if (p.cap_day_at_absent) deduction = std::min(deduction, p.absent_weight_pct);
  day.deduction_pct = deduction;
  return day;
}

std::vector<attendance_day> evaluate_period(const unit_schedule& s, const attendance_policy& p,
                                            std::string_view employee, civil_date from, civil_date to,
                                            std::span<const attendance_mark> marks,
                                            std::optional<std::int64_t> as_of_ms) {
  std::vector<attendance_day> days;
  // Only this employee's marks, so each day scans a short list.
  std::vector<attendance_mark> mine;
  for (const auto& m : marks) {
    if (m.employee == employee) mine.push_back(m);
  }
  const std::int64_t first = days_from_civil(from);
  const std::int64_t last = days_from_civil(to);
  for (std::int64_t d = first; d <= last; ++d) {
    attendance_day day = evaluate_day(s, p, employee, civil_from_days(d), mine, as_of_ms);
    if (day.expected || day.present || day.leave) days.push_back(std::move(day));
  }
  return days;
}

void attendance_totals::merge(const attendance_totals& o) {
  expected += o.expected;
  present += o.present;
  on_time += o.on_time;
  for (std::size_t i = 0; i < 4; ++i) {
    late[i] += o.late[i];
    early_leave[i] += o.early_leave[i];
  }
  absent += o.absent;
  needs_review += o.needs_review;
  unscheduled_present += o.unscheduled_present;
  on_leave += o.on_leave;
  deduction_pct += o.deduction_pct;
}

std::optional<double> attendance_totals::present_rate() const {
  if (expected == 0) return std::nullopt;
  return static_cast<double>(present) / static_cast<double>(expected);
}

std::optional<double> attendance_totals::on_time_rate() const {
  if (present == 0) return std::nullopt;
  return static_cast<double>(on_time) / static_cast<double>(present);
}

attendance_totals tally(const attendance_day& d) {
  attendance_totals t;
  t.on_leave = d.leave ? 1 : 0;
  if (!d.expected) {
    if (d.present) t.unscheduled_present = 1;
    return t;
  }
  t.expected = 1;
  t.present = d.present ? 1 : 0;
  t.absent = d.absent ? 1 : 0;
  t.on_time = d.on_time ? 1 : 0;
  if (d.late != late_band::none) t.late[static_cast<std::size_t>(d.late) - 1] = 1;
  if (d.early != early_band::none) t.early_leave[static_cast<std::size_t>(d.early) - 1] = 1;
  t.needs_review = d.needs_review ? 1 : 0;
  t.deduction_pct = d.deduction_pct;
  return t;
}

attendance_totals summarize(std::span<const attendance_day> days) {
  attendance_totals t;
  for (const auto& d : days) t.merge(tally(d));
  return t;
}

std::string_view to_string(day_state s) {
  switch (s) {
    case day_state::not_expected: return "not_expected";
    case day_state::in_progress: return "in_progress";
    case day_state::on_time: return "on_time";
    case day_state::late: return "late";
    case day_state::early_leave: return "early_leave";
    case day_state::late_and_early: return "late_and_early";
    case day_state::needs_review: return "needs_review";
    case day_state::absent: return "absent";
    case day_state::on_leave: return "on_leave";
  }
  return "not_expected";
}

day_status status_of(const attendance_day& d) {
  day_status s;
  const auto minutes = [](int n, bool en) { return std::to_string(n) + (en ? " minutes" : " menit"); };
  if (d.leave) {  // leave decides the day whatever the kiosk saw
    s.state = day_state::on_leave;
    s.text_id = std::string(label_id(*d.leave));
    s.text_en = std::string(label_en(*d.leave));
    return s;
  }
  if (!d.expected) {
    s.state = day_state::not_expected;
    s.text_id = d.present ? "Hadir di luar jadwal" : "Tidak dijadwalkan";
    s.text_en = d.present ? "Present outside the schedule" : "Not scheduled";
    return s;
  }
  if (d.absent) {
    s.state = d.complete ? day_state::absent : day_state::in_progress;
    s.text_id = d.complete ? "Tidak hadir" : "Belum absen masuk";
    s.text_en = d.complete ? "Absent" : "Not checked in yet";
    return s;
  }
  if (d.needs_review) {
    s.state = day_state::needs_review;
    s.text_id = "Hadir; perlu ditinjau (jam kiosk belum sinkron, tidak dipotong)";
    s.text_en = "Present; needs review (kiosk clock not synchronised, not deducted)";
    return s;
  }
  const bool late = d.late != late_band::none;
  const bool early = d.early != early_band::none;
  if (late) {
    const std::string band(to_string(d.late));
    // TL4 without a check-in has no minutes to show.
    s.text_id = "Terlambat " + band + (d.first_in_ms ? " (" + minutes(d.late_minutes, false) + ")" : " (tanpa absen masuk)");
    s.text_en = "Late " + band + (d.first_in_ms ? " (" + minutes(d.late_minutes, true) + ")" : " (no check-in)");
  }
  if (early) {
    const std::string band(to_string(d.early));
    const bool out = d.last_out_ms.has_value();
    s.text_id += std::string(late ? "; " : "") + "Pulang sebelum waktunya " + band +
                 (out ? " (" + minutes(d.early_minutes, false) + ")" : " (tanpa absen pulang)");
    s.text_en += std::string(late ? "; " : "") + "Left early " + band +
                 (out ? " (" + minutes(d.early_minutes, true) + ")" : " (no check-out)");
  }
  if (late || early) {
    s.state = late && early ? day_state::late_and_early : late ? day_state::late : day_state::early_leave;
    return s;
  }
  s.state = d.complete ? day_state::on_time : day_state::in_progress;
  s.text_id = d.complete ? "Hadir tepat waktu" : "Hadir, belum pulang";
  s.text_en = d.complete ? "Present, on time" : "Present, not checked out yet";
  return s;
}

}  // namespace pantau::hub::indicators
