#pragma once
// Live alerts (DESIGN §5) with memory: the predicates of indicators/alerts.hpp say whether a condition
// holds now; the monitor keeps the samples they need (ratings of the last window per counter, backlog
// reports per kiosk, the latest attendance count per unit), knows which alerts are active, raises each
// one once and clears it when its condition ends. It returns those changes so the caller can push them.
// Time is always passed in (UTC ms); nothing here reads a clock or does I/O.
// Thread-safety: not thread-safe; one owner serialises every call (the hub wraps it in a mutex).
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/alert_settings.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/indicators/alerts.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::hub {

// One employee's PP 94 count for the alert monitor (the appraisal query computes it).
struct absence_standing_of {
  std::string nip;
  std::string name;
  std::string unit;
  int year = 0;
  indicators::absence_record record;
};

enum class alert_state { active, cleared };
std::string_view to_string(alert_state s);  // "active", "cleared"

struct alert_record {
  std::string id;  // stable for the alert's lifetime: kind, office, subject and when it was raised
  indicators::alert_kind kind = indicators::alert_kind::low_satisfaction;
  std::string subject;              // counter, kiosk or unit id
  std::optional<std::string> unit;  // kiosks belong to offices, so their alerts have none
  std::string office;
  alert_state state = alert_state::active;
  std::int64_t raised_ms = 0;
  std::optional<std::int64_t> cleared_ms;
  std::string message;  // Bahasa Indonesia, from the predicate when it was raised
  bool operator==(const alert_record&) const = default;
};

// Alerts of a unit go to whoever may see that unit; alerts without a unit (kiosks) go to admins and
// to anyone responsible for some unit, as the live channel routes kiosk notices.
bool may_see(const principal& who, const alert_record& a);

enum class alert_change_kind { raised, cleared };
struct alert_change {
  alert_change_kind change = alert_change_kind::raised;
  alert_record alert;  // its state after the change
};

struct alert_monitor_options {
  // attendance_target_pct is taken from each unit's target_present_pct instead.
  indicators::alert_policy policy;
  std::size_t history_limit = 500;         // cleared alerts kept for the endpoint
  std::size_t ratings_per_counter = 1000;  // a bound even for a kiosk whose clock runs ahead
};

// The hub.toml [alerts] table as the monitor's policy; the config loader already checked the ranges.
indicators::alert_policy alert_policy_from(const alert_settings& s);

enum class alert_filter { active, all };

// Where alerts are kept across hub restarts (the store), so the history a supervisor reads in the
// afternoon still holds the morning's alerts after an update or a power cut.
// Thread-safety: used by the alert thread only; implementations hold their own connection.
class alert_log {
 public:
  virtual ~alert_log() = default;
  // Inserts the alert or updates it by id (a raise, then its clearing).
  virtual result<bool> write(const alert_record& a) = 0;
  // The newest `limit` alerts, newest raised first.
  virtual result<std::vector<alert_record>> recent(std::size_t limit) = 0;
  // The rating events the hub received since `received_from_ms` (its own clock), oldest first: a
  // restart refills the satisfaction windows with them, so a problem at a counter is not forgotten.
  virtual result<std::vector<pantau::event>> ratings_since(std::int64_t received_from_ms) = 0;
};

// What a restart does to alerts that were active when the hub stopped: they are closed at `now_ms`
// (nothing watched them meanwhile; the monitor raises them afresh when their condition still holds).
// Returns the ones it closed, for writing back.
std::vector<alert_record> close_at_restart(std::vector<alert_record>& kept, std::int64_t now_ms);

class alert_monitor {
 public:
  explicit alert_monitor(alert_monitor_options options = {});

  // Counters resolve to units and offices to zones and working hours through it; replace it when
  // the organisation changed. Alerts already raised keep the unit they were raised with.
  void set_organisation(organisation org);
  const organisation& org() const { return org_; }

  // A committed ingest batch: rating events feed their counter's window, kiosk states feed the
  // offline and backlog rules. Old ratings (a kiosk that was offline for a day) fall outside the
  // window at once: alerts are about now.
  std::vector<alert_change> committed(const committed_batch& batch, std::int64_t now_ms);
  // One kiosk's registry state (also used to seed the monitor with the stored kiosks at start).
  std::vector<alert_change> kiosk_state(const kiosk_info& k, std::int64_t now_ms);
  // Today's attendance of a unit so far (expected and present in its local day of `now_ms`).
  std::vector<alert_change> attendance(std::string_view unit, std::int64_t expected, std::int64_t present,
                                       std::int64_t now_ms);
  // Every open follow-up (RTL) item of every unit: a unit with one past its due date (the unit's local
  // date) has an rtl_overdue alert, a unit with none has it cleared.
  std::vector<alert_change> rtl_open_items(std::span<const rtl_item> open, std::int64_t now_ms);
  // Every employee's unexcused absence this year (PP 94/2021, compute_absence_standing): one alert per
  // employee whose record names a measure, raised afresh when it reaches a heavier one, cleared when it
  // names none (a new year, an absence excused by leave); employees not listed have theirs cleared.
  std::vector<alert_change> absence_standing(std::span<const absence_standing_of> standing, std::int64_t now_ms);
  // Time passing: windows slide, offline kiosks reach working hours, the check time arrives.
  std::vector<alert_change> tick(std::int64_t now_ms);

  // Cleared alerts kept from before a restart (any order); the history limit applies.
  void restore_history(std::vector<alert_record> cleared);

  // Newest raised first; `all` adds the recent cleared ones.
  std::vector<alert_record> list(alert_filter filter) const;
  std::size_t active_count() const { return active_.size(); }

 private:
  struct counter_window {
    std::string office;
    std::string counter;
    std::vector<indicators::rating_sample> samples;  // arrival order
  };
  struct kiosk_watch {
    std::string office;
    std::string kiosk;
    bool online = true;
    std::int64_t offline_since_ms = 0;
    std::vector<indicators::status_sample> backlog;  // distinct consecutive reports, oldest first
  };
  struct unit_count {
    indicators::civil_date day;  // local day the count is for
    std::int64_t expected = 0;
    std::int64_t present = 0;
  };

  void check_counter(counter_window& w, std::int64_t now_ms, std::vector<alert_change>& out);
  void check_kiosk_offline(const kiosk_watch& k, std::int64_t now_ms, std::vector<alert_change>& out);
  void check_unit(const std::string& unit, std::int64_t now_ms, std::vector<alert_change>& out);
  // Raises when `found` and not active yet, clears when not `found` and active.
  void settle(indicators::alert_kind kind, std::string_view office, std::string_view subject,
              std::optional<std::string> unit, const std::optional<indicators::alert>& found,
              std::int64_t now_ms, std::vector<alert_change>& out);
  std::optional<std::string> unit_of_counter(std::string_view office, std::string_view counter) const;

  alert_monitor_options options_;
  organisation org_;
  std::map<std::string, counter_window> counters_;  // by office/counter
  std::map<std::string, kiosk_watch> kiosks_;       // by office/kiosk
  std::map<std::string, unit_count> units_;         // by unit
  std::map<std::string, alert_record> active_;      // by kind/office/subject
  std::map<std::string, indicators::absence_measure> absence_raised_;  // by NIP: the measure its alert names
  std::deque<alert_record> cleared_;                // newest at the back, bounded by history_limit
};

}  // namespace pantau::hub
