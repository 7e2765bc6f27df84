#pragma once
// Live alert rules (DESIGN §5) as pure predicates: the caller keeps the recent samples and asks after
// each event, status report or timer tick; a returned alert means "the condition holds now". De-duplication
// and clearing belong to the caller, which knows what it has already pushed.
// Messages are in Bahasa Indonesia for the dashboard.
// Thread-safety: pure functions and plain values.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "pantau/hub/indicators/absence_discipline.hpp"
#include "pantau/hub/indicators/schedule.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::indicators {

enum class alert_kind {
  low_satisfaction,
  kiosk_offline,
  backlog_growing,
  attendance_below_target,
  seq_gap,
  rtl_overdue,
  absence_discipline,
};
std::string_view to_string(alert_kind k);  // "low_satisfaction", ...

struct alert {
  alert_kind kind = alert_kind::low_satisfaction;
  std::string subject;  // counter, kiosk or unit id
  std::int64_t at_ms = 0;
  std::string message;
};

struct alert_policy {
  // Low satisfaction at a counter: within the window, at least min_responses overall scores and at
  // least low_share_pct of them <= low_score_max.
  std::int64_t rating_window_ms = 15 * ms_per_minute;
  int min_responses = 4;
  int low_score_max = 2;
  double low_share_pct = 50.0;
  bool include_misuse = false;
  // Kiosk offline for more than this much of the unit's working hours (weekly pattern and holidays).
  std::int64_t offline_after_ms = 5 * ms_per_minute;
  // Outbox backlog: this many strict increases in a row over consecutive status reports, ending at or
  // above backlog_min, so an ordinary burst that drains in seconds does not page anyone.
  int backlog_increases = 3;
  std::int64_t backlog_min = 10;
  // Unit attendance: from this local time on, present / expected below the target.
  int attendance_check_min = hm(8, 0);
  double attendance_target_pct = 90.0;
};
// Error code invalid_policy naming the field.
result<alert_policy> validate(alert_policy p);

struct rating_sample {
  std::int64_t ts_ms = 0;
  std::optional<int> overall;  // ratings without an overall score are not counted
  bool misuse = false;
};
// Considers samples with now - window < ts <= now.
std::optional<alert> low_satisfaction_alert(std::string_view counter, std::span<const rating_sample> ratings,
                                            std::int64_t now_ms, zone z, const alert_policy& p = {});

// `offline_since_ms`: when the kiosk was last seen (or its will arrived). Only the part of [since, now]
// inside working hours counts, so a kiosk switched off overnight alerts 5 minutes after opening time,
// not at 00:00. The alert stays true until the kiosk is back online.
std::optional<alert> kiosk_offline_alert(std::string_view kiosk, bool online, std::int64_t offline_since_ms,
                                         std::int64_t now_ms, const unit_schedule& hours,
                                         const alert_policy& p = {});

struct status_sample {
  std::int64_t ts_ms = 0;
  std::int64_t backlog = 0;
};
// `reports` in arrival order, oldest first; only the last backlog_increases + 1 are looked at.
std::optional<alert> backlog_growing_alert(std::string_view kiosk, std::span<const status_sample> reports,
                                           const alert_policy& p = {});

// Seqs of a kiosk the hub stopped waiting for (recorded gaps still open): `gaps` ranges holding
// `missing` events in all, the oldest recorded at `since_ms` from `first_seq`. Holds while any is open.
struct seq_gap_summary {
  std::int64_t gaps = 0;
  std::int64_t missing = 0;
  std::int64_t first_seq = 0;
  std::int64_t since_ms = 0;
};
std::optional<alert> seq_gap_alert(std::string_view kiosk, const seq_gap_summary& open);

// expected / present: today's counts for the unit so far (attendance_totals of today).
std::optional<alert> attendance_below_target_alert(std::string_view unit, zone z, std::int64_t now_ms,
                                                   std::int64_t expected, std::int64_t present,
                                                   const alert_policy& p = {});

// Follow-up (RTL) items of a unit still open after their due date: `items` of them, the oldest due on
// `oldest_due`. Holds while any is.
std::optional<alert> rtl_overdue_alert(std::string_view unit, std::int64_t items, civil_date oldest_due,
                                       std::int64_t now_ms);

// An employee's unexcused absence in `year` has reached a PP 94/2021 threshold (absence_discipline.hpp).
// Holds while the record names a measure; the subject is the NIP. The text says it is a warning for the
// supervisor's examination, never the measure itself.
std::optional<alert> absence_discipline_alert(std::string_view nip, std::string_view name, int year,
                                              const absence_record& record, std::int64_t now_ms);

}  // namespace pantau::hub::indicators
