#include "pantau/hub/indicators/alerts.hpp"

#include <algorithm>

#include "text.hpp"

namespace pantau::hub::indicators {

std::string_view to_string(alert_kind k) {
  switch (k) {
    case alert_kind::low_satisfaction: return "low_satisfaction";
    case alert_kind::kiosk_offline: return "kiosk_offline";
    case alert_kind::backlog_growing: return "backlog_growing";
    case alert_kind::attendance_below_target: return "attendance_below_target";
    case alert_kind::seq_gap: return "seq_gap";
    case alert_kind::rtl_overdue: return "rtl_overdue";
    case alert_kind::absence_discipline: return "absence_discipline";
  }
  return "unknown";
}

result<alert_policy> validate(alert_policy p) {
  const auto bad = [](const char* field, const char* what) {
    return error{errc::invalid_policy, std::string(field) + ": " + what};
  };
  if (p.rating_window_ms <= 0) return bad("rating_window_ms", "expected > 0");
  if (p.min_responses < 1) return bad("min_responses", "expected >= 1");
  if (p.low_score_max < 1 || p.low_score_max > 3) return bad("low_score_max", "expected 1..3");
  if (!(p.low_share_pct > 0.0 && p.low_share_pct <= 100.0)) return bad("low_share_pct", "expected 0 < x <= 100");
  if (p.offline_after_ms < 0) return bad("offline_after_ms", "expected >= 0");
  if (p.backlog_increases < 1) return bad("backlog_increases", "expected >= 1");
  if (p.backlog_min < 0) return bad("backlog_min", "expected >= 0");
  if (p.attendance_check_min < 0 || p.attendance_check_min >= minutes_per_day) {
    return bad("attendance_check_min", "expected 00:00..23:59");
  }
  if (!(p.attendance_target_pct >= 0.0 && p.attendance_target_pct <= 100.0)) {
    return bad("attendance_target_pct", "expected 0..100");
  }
  return p;
}

std::optional<alert> low_satisfaction_alert(std::string_view counter, std::span<const rating_sample> ratings,
                                            std::int64_t now_ms, zone z, const alert_policy& p) {
  std::int64_t n = 0;
  std::int64_t low = 0;
  for (const auto& r : ratings) {
    if (r.ts_ms <= now_ms - p.rating_window_ms || r.ts_ms > now_ms) continue;
    if (!r.overall || *r.overall < 1 || *r.overall > 4) continue;
    if (r.misuse && !p.include_misuse) continue;
    ++n;
    if (*r.overall <= p.low_score_max) ++low;
  }
  if (n < p.min_responses) return std::nullopt;
  // Integers times 100 against the percentage: exact at the 50 % boundary.
  if (static_cast<double>(low) * 100.0 < p.low_share_pct * static_cast<double>(n)) return std::nullopt;
  const auto minutes = p.rating_window_ms / ms_per_minute;
  return alert{alert_kind::low_satisfaction, std::string(counter), now_ms,
               "Kepuasan rendah di " + std::string(counter) + ": " + text::integer(low) + " dari " +
                   text::integer(n) + " penilaian bernilai " + text::integer(p.low_score_max) +
                   " atau kurang dalam " + text::integer(minutes) + " menit terakhir (sampai " +
                   text::clock_time(now_ms, z) + ")"};
}

std::optional<alert> kiosk_offline_alert(std::string_view kiosk, bool online, std::int64_t offline_since_ms,
                                         std::int64_t now_ms, const unit_schedule& hours, const alert_policy& p) {
  if (online || now_ms <= offline_since_ms) return std::nullopt;
  const std::int64_t first_day = days_from_civil(to_local(offline_since_ms, hours.tz).date);
  const std::int64_t last_day = days_from_civil(to_local(now_ms, hours.tz).date);
  std::int64_t in_hours_ms = 0;
  for (std::int64_t d = first_day; d <= last_day && in_hours_ms <= p.offline_after_ms; ++d) {
    const auto span = planned_span(hours, {}, civil_from_days(d));
    if (!span) continue;
    const std::int64_t b = std::max(span->start_ms, offline_since_ms);
    const std::int64_t e = std::min(span->end_ms, now_ms);
    if (e > b) in_hours_ms += e - b;
  }
  if (in_hours_ms <= p.offline_after_ms) return std::nullopt;
  return alert{alert_kind::kiosk_offline, std::string(kiosk), now_ms,
               "Kiosk " + std::string(kiosk) + " luring sejak " + format_date(to_local(offline_since_ms, hours.tz).date) +
                   " " + text::clock_time(offline_since_ms, hours.tz) + ", lebih dari " +
                   text::integer(p.offline_after_ms / ms_per_minute) + " menit dalam jam kerja"};
}

std::optional<alert> backlog_growing_alert(std::string_view kiosk, std::span<const status_sample> reports,
                                           const alert_policy& p) {
  const auto needed = static_cast<std::size_t>(p.backlog_increases) + 1;
  if (reports.size() < needed) return std::nullopt;
  const auto tail = reports.subspan(reports.size() - needed);
  for (std::size_t i = 1; i < tail.size(); ++i) {
    if (tail[i].backlog <= tail[i - 1].backlog) return std::nullopt;
  }
  if (tail.back().backlog < p.backlog_min) return std::nullopt;
  std::string trail;
  for (std::size_t i = 0; i < tail.size(); ++i) {
    if (i > 0) trail += " → ";
    trail += text::integer(tail[i].backlog);
  }
  return alert{alert_kind::backlog_growing, std::string(kiosk), tail.back().ts_ms,
               "Antrean kirim kiosk " + std::string(kiosk) + " terus bertambah dalam " +
                   text::integer(static_cast<std::int64_t>(tail.size())) + " laporan status berturut-turut: " +
                   trail + " peristiwa belum terkirim"};
}

std::optional<alert> seq_gap_alert(std::string_view kiosk, const seq_gap_summary& open) {
  if (open.gaps <= 0 || open.missing <= 0) return std::nullopt;
  return alert{alert_kind::seq_gap, std::string(kiosk), open.since_ms,
               "Kiosk " + std::string(kiosk) + ": " + text::integer(open.missing) +
                   " peristiwa tidak pernah sampai di hub (mulai seq " + text::integer(open.first_seq) + ", " +
                   text::integer(open.gaps) +
                   " celah); peristiwa sesudahnya tetap diterima. Periksa kiosk dan jalankan pantau-hub verify"};
}

std::optional<alert> attendance_below_target_alert(std::string_view unit, zone z, std::int64_t now_ms,
                                                   std::int64_t expected, std::int64_t present,
                                                   const alert_policy& p) {
  if (expected <= 0) return std::nullopt;
  if (to_local(now_ms, z).minute_of_day < p.attendance_check_min) return std::nullopt;
  const double pct_times_expected = static_cast<double>(present) * 100.0;
  if (pct_times_expected >= p.attendance_target_pct * static_cast<double>(expected)) return std::nullopt;
  const double rate_pct = pct_times_expected / static_cast<double>(expected);
  return alert{alert_kind::attendance_below_target, std::string(unit), now_ms,
               "Kehadiran " + std::string(unit) + " pukul " + text::clock_time(now_ms, z) + ": " +
                   text::integer(present) + " dari " + text::integer(expected) + " pegawai (" +
                   text::decimal(rate_pct) + " %), di bawah target " + text::decimal(p.attendance_target_pct) +
                   " % yang berlaku sejak pukul " + text::hhmm(p.attendance_check_min)};
}

std::optional<alert> rtl_overdue_alert(std::string_view unit, std::int64_t items, civil_date oldest_due,
                                       std::int64_t now_ms) {
  if (items <= 0) return std::nullopt;
  return alert{alert_kind::rtl_overdue, std::string(unit), now_ms,
               "Rencana tindak lanjut " + std::string(unit) + ": " + text::integer(items) +
                   " butir belum selesai melewati tenggat (tertua " + format_date(oldest_due) + ")"};
}

std::optional<alert> absence_discipline_alert(std::string_view nip, std::string_view name, int year,
                                              const absence_record& record, std::int64_t now_ms) {
  if (record.measure == absence_measure::none) return std::nullopt;
  std::string who = name.empty() ? std::string(nip) : std::string(name) + " (" + std::string(nip) + ")";
  return alert{alert_kind::absence_discipline, std::string(nip), now_ms,
               "Tidak masuk kerja tanpa keterangan " + who + ": " + text::integer(record.days) + " hari kerja pada " +
                   std::to_string(year) + ", terpanjang " + text::integer(record.longest_run) +
                   " hari berturut-turut. Ambang PP 94/2021: " + std::string(label_id(record.measure)) + " (" +
                   std::string(severity(record.measure)) +
                   "), setelah pemeriksaan oleh atasan; bukan hukuman otomatis"};
}

}  // namespace pantau::hub::indicators
