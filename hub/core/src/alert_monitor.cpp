#include "pantau/hub/core/alert_monitor.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

namespace pantau::hub {
namespace {

using indicators::alert_kind;

std::string slot_key(std::string_view office, std::string_view item) {
  std::string k(office);
  k += '/';
  k += item;
  return k;
}

// Units are unique across offices, so their alerts are keyed without one: an alert raised for a unit
// must still be found to clear it after the unit's office changed or the unit left the organisation.
std::string alert_key(alert_kind kind, std::string_view office, std::string_view subject) {
  std::string k(indicators::to_string(kind));
  k += '/';
  if (kind != alert_kind::attendance_below_target && kind != alert_kind::rtl_overdue &&
      kind != alert_kind::absence_discipline)
    k += office;
  k += '/';
  k += subject;
  return k;
}

}  // namespace

std::string_view to_string(alert_state s) { return s == alert_state::active ? "active" : "cleared"; }

bool may_see(const principal& who, const alert_record& a) {
  if (a.unit) return who.can_see_unit(*a.unit);
  return who.is_admin() || !who.units.empty();
}

indicators::alert_policy alert_policy_from(const alert_settings& s) {
  indicators::alert_policy p;
  p.rating_window_ms = std::int64_t{s.rating_window_minutes} * indicators::ms_per_minute;
  p.min_responses = s.min_responses;
  p.low_score_max = s.low_score_max;
  p.low_share_pct = s.low_share_pct;
  p.include_misuse = s.include_misuse;
  p.offline_after_ms = std::int64_t{s.offline_after_minutes} * indicators::ms_per_minute;
  p.backlog_increases = s.backlog_increases;
  p.backlog_min = s.backlog_min;
  p.attendance_check_min = parse_hh_mm(s.attendance_check).value_or(p.attendance_check_min);
  return p;
}

alert_monitor::alert_monitor(alert_monitor_options options) : options_(std::move(options)) {}

void alert_monitor::set_organisation(organisation org) { org_ = std::move(org); }

std::optional<std::string> alert_monitor::unit_of_counter(std::string_view office, std::string_view counter) const {
  for (const auto* c : org_.find_counters(counter))
    if (c->office == office) return c->unit;
  return std::nullopt;
}

std::vector<alert_change> alert_monitor::committed(const committed_batch& batch, std::int64_t now_ms) {
  std::vector<alert_change> out;
  for (const auto& k : batch.kiosks) {
    auto changes = kiosk_state(k, now_ms);
    std::move(changes.begin(), changes.end(), std::back_inserter(out));
  }
  std::vector<std::string> touched;
  for (const pantau::event* e : batch.events) {
    if (e == nullptr) continue;
    const auto* r = std::get_if<rating_data>(&e->data);
    if (r == nullptr || !r->overall) continue;  // only overall scores count toward the rule
    auto key = slot_key(e->office, r->counter);
    auto& w = counters_[key];
    if (w.counter.empty()) {
      w.office = e->office;
      w.counter = r->counter;
    }
    w.samples.push_back({e->ts_ms, r->overall, r->misuse});
    touched.push_back(std::move(key));
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const auto& key : touched) check_counter(counters_.at(key), now_ms, out);
  return out;
}

std::vector<alert_change> alert_monitor::kiosk_state(const kiosk_info& k, std::int64_t now_ms) {
  std::vector<alert_change> out;
  const auto key = slot_key(k.office, k.kiosk);
  auto [it, fresh] = kiosks_.try_emplace(key);
  kiosk_watch& w = it->second;
  if (fresh) {
    w.office = k.office;
    w.kiosk = k.kiosk;
  }
  const bool online = k.state != "offline";
  if (!online && (w.online || fresh)) {
    // Offline since the kiosk was last heard; a kiosk never heard counts from this notice.
    w.offline_since_ms = k.last_seen_ms > 0 ? k.last_seen_ms : now_ms;
  }
  w.online = online;

  // A batch of events repeats the last reported backlog: only a different value is a new report,
  // otherwise ordinary traffic would break every run of increases.
  if (w.backlog.empty() || w.backlog.back().backlog != k.backlog) {
    w.backlog.push_back({now_ms, k.backlog});
    const auto keep = static_cast<std::size_t>(options_.policy.backlog_increases) + 1;
    if (w.backlog.size() > keep)
      w.backlog.erase(w.backlog.begin(), w.backlog.begin() + static_cast<std::ptrdiff_t>(w.backlog.size() - keep));
  }
  settle(alert_kind::backlog_growing, w.office, w.kiosk, std::nullopt,
         indicators::backlog_growing_alert(w.kiosk, w.backlog, options_.policy), now_ms, out);
  indicators::seq_gap_summary gaps;
  for (const open_gap& g : k.gaps) {
    if (gaps.gaps == 0 || g.recorded_ms < gaps.since_ms) gaps.since_ms = g.recorded_ms;
    if (gaps.gaps == 0 || g.from_seq < gaps.first_seq) gaps.first_seq = g.from_seq;
    ++gaps.gaps;
    gaps.missing += g.missing;
  }
  settle(alert_kind::seq_gap, w.office, w.kiosk, std::nullopt, indicators::seq_gap_alert(w.kiosk, gaps), now_ms, out);
  check_kiosk_offline(w, now_ms, out);
  return out;
}

std::vector<alert_change> alert_monitor::attendance(std::string_view unit, std::int64_t expected,
                                                    std::int64_t present, std::int64_t now_ms) {
  std::vector<alert_change> out;
  const auto* u = org_.find_unit(unit);
  const auto z = u != nullptr ? org_.zone_of_office(u->office) : indicators::zone::wib;
  units_[std::string(unit)] = unit_count{indicators::to_local(now_ms, z).date, expected, present};
  check_unit(std::string(unit), now_ms, out);
  return out;
}

std::vector<alert_change> alert_monitor::rtl_open_items(std::span<const rtl_item> open, std::int64_t now_ms) {
  std::vector<alert_change> out;
  const auto overdue = summarise_overdue(open, [&](std::string_view unit) {
    const auto* u = org_.find_unit(unit);
    return indicators::to_local(now_ms, org_.zone_of_office(u != nullptr ? std::string_view(u->office) : "")).date;
  });
  std::vector<std::pair<std::string, std::string>> quiet;  // unit, office of active alerts that no longer hold
  for (const auto& [key, a] : active_)
    if (a.kind == alert_kind::rtl_overdue && !overdue.contains(a.subject)) quiet.emplace_back(a.subject, a.office);
  for (const auto& [unit, office] : quiet) settle(alert_kind::rtl_overdue, office, unit, unit, std::nullopt, now_ms, out);
  for (const auto& [unit, s] : overdue) {
    const auto* u = org_.find_unit(unit);
    settle(alert_kind::rtl_overdue, u != nullptr ? std::string_view(u->office) : std::string_view(), unit, unit,
           indicators::rtl_overdue_alert(unit, s.items, s.oldest_due, now_ms), now_ms, out);
  }
  return out;
}

std::vector<alert_change> alert_monitor::absence_standing(std::span<const absence_standing_of> standing,
                                                         std::int64_t now_ms) {
  std::vector<alert_change> out;
  const auto office_of = [&](std::string_view unit) {
    const auto* u = org_.find_unit(unit);
    return u != nullptr ? u->office : std::string();
  };
  std::map<std::string, const absence_standing_of*, std::less<>> listed;
  for (const auto& s : standing) listed.emplace(s.nip, &s);
  std::vector<std::pair<std::string, std::string>> quiet;  // NIP, office of alerts nobody listed
  for (const auto& [key, a] : active_)
    if (a.kind == alert_kind::absence_discipline && !listed.contains(a.subject)) quiet.emplace_back(a.subject, a.office);
  for (const auto& [nip, office] : quiet) {
    settle(alert_kind::absence_discipline, office, nip, std::nullopt, std::nullopt, now_ms, out);
    absence_raised_.erase(nip);
  }
  for (const auto& [nip, s] : listed) {
    const auto office = office_of(s->unit);
    const auto raised = absence_raised_.find(nip);
    // A heavier measure is news for the supervisor: the old alert closes and a new one says so.
    if (raised != absence_raised_.end() && raised->second != s->record.measure) {
      settle(alert_kind::absence_discipline, office, nip, s->unit, std::nullopt, now_ms, out);
      absence_raised_.erase(raised);
    }
    const auto found = indicators::absence_discipline_alert(nip, s->name, s->year, s->record, now_ms);
    settle(alert_kind::absence_discipline, office, nip, s->unit, found, now_ms, out);
    if (found) absence_raised_[nip] = s->record.measure;
  }
  return out;
}

std::vector<alert_change> alert_monitor::tick(std::int64_t now_ms) {
  std::vector<alert_change> out;
  for (auto it = counters_.begin(); it != counters_.end();) {
    check_counter(it->second, now_ms, out);
    const bool idle = it->second.samples.empty() &&
                      !active_.contains(alert_key(alert_kind::low_satisfaction, it->second.office, it->second.counter));
    it = idle ? counters_.erase(it) : std::next(it);
  }
  for (const auto& [key, k] : kiosks_) check_kiosk_offline(k, now_ms, out);
  for (const auto& [unit, count] : units_) check_unit(unit, now_ms, out);
  return out;
}

void alert_monitor::check_counter(counter_window& w, std::int64_t now_ms, std::vector<alert_change>& out) {
  const std::int64_t oldest = now_ms - options_.policy.rating_window_ms;
  std::erase_if(w.samples, [oldest](const indicators::rating_sample& s) { return s.ts_ms <= oldest; });
  if (w.samples.size() > options_.ratings_per_counter)
    w.samples.erase(w.samples.begin(),
                    w.samples.begin() + static_cast<std::ptrdiff_t>(w.samples.size() - options_.ratings_per_counter));
  settle(alert_kind::low_satisfaction, w.office, w.counter, unit_of_counter(w.office, w.counter),
         indicators::low_satisfaction_alert(w.counter, w.samples, now_ms, org_.zone_of_office(w.office),
                                            options_.policy),
         now_ms, out);
}

void alert_monitor::check_kiosk_offline(const kiosk_watch& k, std::int64_t now_ms, std::vector<alert_change>& out) {
  // A kiosk serves its office: the office's zone, holidays and default working week decide the hours.
  unit_info office_hours;
  office_hours.office = k.office;
  settle(alert_kind::kiosk_offline, k.office, k.kiosk, std::nullopt,
         indicators::kiosk_offline_alert(k.kiosk, k.online, k.offline_since_ms, now_ms,
                                         org_.schedule_of(office_hours), options_.policy),
         now_ms, out);
}

void alert_monitor::check_unit(const std::string& unit, std::int64_t now_ms, std::vector<alert_change>& out) {
  const auto* u = org_.find_unit(unit);
  std::optional<indicators::alert> found;
  if (u != nullptr) {
    const auto z = org_.zone_of_office(u->office);
    const auto& count = units_.at(unit);
    // Yesterday's count says nothing about today.
    if (count.day == indicators::to_local(now_ms, z).date) {
      auto policy = options_.policy;
      policy.attendance_target_pct = u->target_present_pct;
      found = indicators::attendance_below_target_alert(unit, z, now_ms, count.expected, count.present, policy);
    }
  }
  settle(alert_kind::attendance_below_target, u != nullptr ? std::string_view(u->office) : std::string_view(),
         unit, unit, found, now_ms, out);
}

void alert_monitor::settle(alert_kind kind, std::string_view office, std::string_view subject,
                           std::optional<std::string> unit, const std::optional<indicators::alert>& found,
                           std::int64_t now_ms, std::vector<alert_change>& out) {
  const auto key = alert_key(kind, office, subject);
  const auto it = active_.find(key);
  if (found && it == active_.end()) {
    alert_record a;
    a.id = std::string(indicators::to_string(kind)) + ":" + std::string(office) + ":" + std::string(subject) + ":" +
           std::to_string(now_ms);
    a.kind = kind;
    a.subject = std::string(subject);
    a.unit = std::move(unit);
    a.office = std::string(office);
    a.state = alert_state::active;
    a.raised_ms = now_ms;
    a.message = found->message;
    out.push_back({alert_change_kind::raised, a});
    active_.emplace(key, std::move(a));
  } else if (!found && it != active_.end()) {
    alert_record a = std::move(it->second);
    active_.erase(it);
    a.state = alert_state::cleared;
    a.cleared_ms = now_ms;
    out.push_back({alert_change_kind::cleared, a});
    cleared_.push_back(std::move(a));
    while (cleared_.size() > options_.history_limit) cleared_.pop_front();
  }
}

std::vector<alert_record> close_at_restart(std::vector<alert_record>& kept, std::int64_t now_ms) {
  std::vector<alert_record> closed;
  for (auto& a : kept) {
    if (a.state != alert_state::active) continue;
    a.state = alert_state::cleared;
    a.cleared_ms = std::max(now_ms, a.raised_ms);
    a.message += " (ditutup saat hub dimulai ulang / closed when the hub restarted)";
    closed.push_back(a);
  }
  return closed;
}

void alert_monitor::restore_history(std::vector<alert_record> cleared) {
  std::sort(cleared.begin(), cleared.end(), [](const alert_record& a, const alert_record& b) {
    return a.cleared_ms.value_or(a.raised_ms) < b.cleared_ms.value_or(b.raised_ms);
  });
  for (auto& a : cleared) {
    if (a.state != alert_state::cleared) continue;
    cleared_.push_back(std::move(a));
  }
  while (cleared_.size() > options_.history_limit) cleared_.pop_front();
}

std::vector<alert_record> alert_monitor::list(alert_filter filter) const {
  std::vector<alert_record> out;
  out.reserve(active_.size() + (filter == alert_filter::all ? cleared_.size() : 0));
  for (const auto& [key, a] : active_) out.push_back(a);
  if (filter == alert_filter::all) out.insert(out.end(), cleared_.begin(), cleared_.end());
  std::sort(out.begin(), out.end(), [](const alert_record& a, const alert_record& b) {
    if (a.raised_ms != b.raised_ms) return a.raised_ms > b.raised_ms;
    return a.id < b.id;
  });
  return out;
}

}  // namespace pantau::hub
