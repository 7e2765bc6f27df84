#pragma once
// Who is at this counter: the last employee whose badge was scanned at this kiosk today, with the
// greeting the screen shows ("masuk 07:28 — tepat waktu" or the TL band) and their own figures of the
// day (transparency for the employee). Lateness follows DESIGN §5 through the same rule as the hub's
// indicators (pantau/shared/discipline.hpp): whole minutes with the seconds dropped against the unit's
// start time, in the bands, zone and holidays the hub's config names (TL1 1–30, TL2 31–60, TL3 61–90,
// TL4 ≥ 91 until it says otherwise).
// Thread-safety: lateness_of is pure; counter_presence is not thread-safe.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "pantau/shared/discipline.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/kiosk_settings.hpp"

namespace pantau::kiosk {

// The start of the working day in local minutes after midnight. Perpres 21/2023 default: 07:30 on
// every working day (Friday only ends later). The hub's config topic will carry the unit's own.
struct work_schedule {
  int start_minutes = 7 * 60 + 30;
  int grace_minutes = 0;
};

// A unit's start per local weekday, Monday first; empty: not a working day (no band is shown).
using weekly_schedule = std::array<std::optional<work_schedule>, 7>;

// 0 = Monday .. 6 = Sunday, in the zone `utc_offset_minutes` east of UTC.
int local_weekday(std::int64_t utc_ms, int utc_offset_minutes);

// on_time..tl4 are discipline_band 0..4. needs_review: the first check-in came while the kiosk's clock
// was not synced, so, as in the hub's indicators, no band is given until someone has checked the time.
enum class lateness { on_time, tl1, tl2, tl3, tl4, needs_review };

// "tepat waktu", "TL1".."TL4" (the code the screen and the hub use) or "perlu ditinjau".
const char* to_string(lateness l);
// Whole minutes after the start (seconds dropped); 0 or less is on time.
int minutes_late(std::int64_t scan_utc_ms, int utc_offset_minutes, const work_schedule& schedule);
lateness lateness_of(std::int64_t scan_utc_ms, int utc_offset_minutes, const work_schedule& schedule,
                     const band_bounds& bands = default_band_bounds);

// What the hub's config decides for the whole site: its zone, the band bounds and the holidays (local
// day numbers, local_day_number) on which nobody is late.
struct site_rules {
  int utc_offset_minutes = 7 * 60;
  band_bounds bands = default_band_bounds;
  std::set<std::int64_t> holidays;
  bool operator==(const site_rules&) const = default;
};

// The rules in the hub's retained config: its zone (or `fallback_offset_minutes` when it names none the
// kiosk knows), its holidays and band bounds. Dates that do not read as YYYY-MM-DD are left out.
site_rules site_rules_of(const kiosk_settings& settings, int fallback_offset_minutes);
// "HH:MM" in the site's zone.
std::string local_hh_mm(std::int64_t utc_ms, int utc_offset_minutes);

struct employee_figures {
  int served = 0;   // citizens served today at this kiosk (service ends)
  int ratings = 0;  // ratings received today at this kiosk, misuse excluded
  int rating_sum = 0;
};

struct employee_at_counter {
  std::string nip;
  std::string name;  // empty until the hub's roster names the NIP
  attendance_data::action_t action = attendance_data::action_t::in;
  std::int64_t scan_utc_ms = 0;
  std::string time;  // "07:28", local
  std::optional<lateness> band;  // for a check-in only; the first check-in of the day decides it
  std::optional<int> minutes_late;  // with a band TL1..TL4: whole minutes after the start (current())
  employee_figures today;
};

// One employee's day at this kiosk: their first check-in (it decides the band) and their figures.
struct employee_day {
  std::int64_t day = 0;  // local_day_number
  std::optional<std::int64_t> first_in_ms;
  bool first_in_unsynced = false;  // the first check-in's time is not trusted (kiosk clock unsynced)
  employee_figures figures;
  bool operator==(const employee_day&) const = default;
};

class counter_presence {
 public:
  counter_presence(int utc_offset_minutes, work_schedule schedule) : schedule_(schedule) {
    rules_.utc_offset_minutes = utc_offset_minutes;
  }
  // The hub's zone, bands and holidays; they apply to scans from now on.
  void set_rules(site_rules rules) { rules_ = std::move(rules); }
  const site_rules& rules() const { return rules_; }

  // A committed attendance scan at this kiosk; `clock` is the event's clock state.
  void record_scan(std::string_view nip, attendance_data::action_t action, std::int64_t utc_ms,
                   clock_state clock = clock_state::synced);
  void set_name(std::string_view nip, std::string_view name);
  // The employee's unit hours from the hub's roster; without them the default schedule applies.
  void set_schedule(std::string_view nip, const weekly_schedule& week);

  // The employee counter actions and ratings are credited to; nobody before the first scan of the
  // local day (yesterday's employee is not today's).
  std::optional<employee_at_counter> current(std::int64_t now_utc_ms) const;

  void count_served(std::string_view nip, std::int64_t utc_ms);
  void count_rating(std::string_view nip, int overall, std::int64_t utc_ms);

  int utc_offset_minutes() const { return rules_.utc_offset_minutes; }

  // What a restart must not forget (kiosk_ui keeps it in its state note): the last scan as it was
  // greeted, and each employee's day. Names and unit hours come again from the hub's roster.
  const std::optional<employee_at_counter>& last_scan() const { return last_; }
  const std::map<std::string, employee_day, std::less<>>& days() const { return days_; }
  void restore(std::optional<employee_at_counter> last, std::map<std::string, employee_day, std::less<>> days) {
    last_ = std::move(last);
    days_ = std::move(days);
  }

 private:
  using day_record = employee_day;
  // The start that applies to `nip` on the local day of `utc_ms`; empty on a day off or a holiday.
  std::optional<work_schedule> schedule_on(std::string_view nip, std::int64_t utc_ms) const;
  day_record& today_of(std::string_view nip, std::int64_t utc_ms);

  site_rules rules_;
  work_schedule schedule_;
  std::optional<employee_at_counter> last_;
  std::map<std::string, day_record, std::less<>> days_;
  std::map<std::string, std::string, std::less<>> names_;
  std::map<std::string, weekly_schedule, std::less<>> schedules_;
};

}  // namespace pantau::kiosk
