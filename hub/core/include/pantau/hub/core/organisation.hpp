#pragma once
// Organisation data of the hub: offices, units (zone, grace, targets), counters (-> unit), employees
// (NIP -> unit) and holidays, the roster CSV import, and the demo organisation. Plain values and pure
// functions; the store keeps them (org_directory).
// Thread-safety: plain values; org_directory implementations must be safe from any thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/leave_roster.hpp"
#include "pantau/hub/indicators/schedule.hpp"
#include "pantau/shared/validate.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

struct office_info {
  std::string office;  // topic form: [a-z0-9-]{1,48}
  std::string name;
  indicators::zone tz = indicators::zone::wib;
  bool operator==(const office_info&) const = default;
};

// One service a unit offers (the respondent profile names it; kiosks list them).
struct service_info {
  std::string code;  // [a-z0-9-]{1,48}, unique within the unit
  std::string name;  // 1..120 printable characters
  bool operator==(const service_info&) const = default;
};

// A unit works in its office's zone (enforced on write): one building, one clock.
struct unit_info {
  std::string unit;  // globally unique id, same form as an office id
  std::string office;
  std::string name;
  int grace_minutes = 0;
  double target_present_pct = 95.0;  // alerts and appraisal compare against these
  double target_ikm = 76.61;
  // The unit's working week (public-service units may open on Saturday or run other hours);
  // nullopt: the Perpres 21/2023 week.
  std::optional<indicators::weekly_schedule> weekly;
  // The first day Pantau watches the unit: days before it are never expected, so an office that goes
  // live mid-period is not judged for the time before. Unset until the unit's office sends its first
  // event (the hub then sets the local day of the earliest one, tracking_auto) or an admin sets it.
  std::optional<indicators::civil_date> tracking_since;
  bool tracking_auto = false;  // set by the hub from the first event; an earlier event moves it back
  // What the unit serves, in the order its kiosks show them; empty: the profile asks no service.
  std::vector<service_info> services;
  bool operator==(const unit_info&) const = default;

  const service_info* find_service(std::string_view code) const;
};

struct counter_info {
  std::string office;
  std::string counter;  // as the kiosk names it ("loket-3")
  std::string unit;
  bool operator==(const counter_info&) const = default;
};

struct employee_info {
  std::string nip;  // 18 digits
  std::string name;
  std::string unit;  // the current unit; earlier units are in the organisation's transfers
  // Days outside these (inclusive, either open) are not the employee's: joined later, retired, moved away.
  std::optional<indicators::civil_date> active_from;
  std::optional<indicators::civil_date> active_to;
  bool operator==(const employee_info&) const = default;
};

// From `date` on the employee works in the unit of their next transfer's from_unit, or in their current
// unit when there is no later transfer; before it, in `from_unit`.
struct employee_transfer {
  std::string nip;
  indicators::civil_date date;  // the first day in the new unit
  std::string from_unit;
  bool operator==(const employee_transfer&) const = default;
};

struct holiday_info {
  std::string office;
  indicators::civil_date date;
  std::string name;
  bool operator==(const holiday_info&) const = default;
};

struct organisation {
  std::vector<office_info> offices;
  std::vector<unit_info> units;
  std::vector<counter_info> counters;
  std::vector<employee_info> employees;
  std::vector<holiday_info> holidays;
  std::vector<employee_transfer> transfers;  // by (nip, date)
  // In key order: leave by (nip, id), shifts by (unit, code), roster by (nip, date).
  std::vector<leave_record> leave;
  std::vector<shift_def> shifts;
  std::vector<shift_assignment> roster;
  bool operator==(const organisation&) const = default;

  const office_info* find_office(std::string_view office) const;
  const unit_info* find_unit(std::string_view unit) const;
  const employee_info* find_employee(std::string_view nip) const;
  // Every counter of that name (one per office that has it).
  std::vector<const counter_info*> find_counters(std::string_view counter) const;
  // Zone of an office; WIB when the office is unknown (events may come before its data).
  indicators::zone zone_of_office(std::string_view office) const;
  // The weekly Perpres 21/2023 pattern, the office's holidays, the unit's grace and zone.
  // With the leave and roster of the unit's employees.
  indicators::unit_schedule schedule_of(const unit_info& u) const;
  // The same with only one employee's leave and roster, and only around from..to: cheap enough to
  // call per employee.
  indicators::unit_schedule schedule_of(const unit_info& u, std::string_view nip, indicators::civil_date from,
                                        indicators::civil_date to) const;
  // Where the employee worked and when: their transfers cut into their active dates, in date order.
  struct posting {
    std::int64_t from_day = 0;  // days since 1970-01-01, inclusive
    std::int64_t to_day = 0;    // inclusive
    const unit_info* unit = nullptr;  // nullptr: a unit the organisation does not know
    // The first day of the posting that is watched (the unit's tracking start, if later); past to_day
    // when none is.
    std::int64_t watched_from_day = 0;
  };
  std::vector<posting> postings_of(const employee_info& e) const;
  // Every unit the employee has worked in (current first), for scopes that must find them there.
  std::vector<std::string> units_of(const employee_info& e) const;
  // The employees who worked in any of `of_units` (now, or before a transfer), each once: unit by unit in
  // the order given, organisation order within a unit.
  std::vector<employee_info> staff_of(std::span<const unit_info> of_units) const;
};

// A week as stored: seven days from Monday, "HH:MM-HH:MM" or "-" for a day off, comma-separated.
// decode fails with code invalid_org.
std::string encode_week(const indicators::weekly_schedule& w);
result<indicators::weekly_schedule> decode_week(std::string_view text);

// A unit's services as stored: "code<TAB>name" per line (names hold no control characters).
// decode fails with code invalid_org.
std::string encode_services(std::span<const service_info> services);
result<std::vector<service_info>> decode_services(std::string_view text);

// `base` with every item of `items` inserted or replaced by key, each list in key order (the order
// the store reads them in, so that a merged organisation compares equal to the same one read back);
// roster entries marked cleared are removed.
organisation merge_org(organisation base, const organisation& items);

// The units whose tracking start these stored events set or move back: a unit without one starts on
// the local day (its office's zone) of the earliest event of its office, and one the hub set itself
// moves back to an earlier event's day; a start an admin set is never moved. An unsynced event's own
// time proves nothing, so it counts on the day it reached the hub (now_ms). Empty when nothing changes.
std::vector<unit_info> tracking_starts(const organisation& org, std::span<const event* const> events,
                                       std::int64_t now_ms);

// Checks ids, references (unit -> office, counter -> unit in the same office, employee -> unit) and
// zones; error code invalid_org with the offending item.
result<bool> validate(const organisation& org);

// One line of an import that was refused.
struct csv_problem {
  std::size_t line = 0;  // 1-based, the header is line 1
  std::string message;
};

struct csv_import {
  std::vector<employee_info> rows;
  std::vector<csv_problem> problems;  // empty: every row is good
};

// UTF-8 text, header exactly `nip,name,unit` (a UTF-8 BOM and CRLF are accepted), fields may be
// quoted with "" escapes. Every bad row is reported with its line: invalid NIP, empty name, unknown
// unit, NIP repeated in the file, invalid UTF-8, wrong field count.
csv_import parse_employees_csv(std::string_view text, const organisation& org);

// The CSV reading every import shares: the header must be exactly `header` (a UTF-8 BOM and CRLF are
// accepted, fields may be quoted with "" escapes); invalid UTF-8, broken quoting and a wrong field
// count are reported with their line and skipped; blank lines are skipped; `row(line, fields)` gets
// every other record.
void each_csv_row(std::string_view text, const std::vector<std::string>& header, std::vector<csv_problem>& problems,
                  const std::function<void(std::size_t, std::vector<std::string>&)>& row);

// The demo site (scripts/demo): office binjai-dukcapil (WIB), units pendaftaran, pencatatan-sipil,
// pengaduan, counters loket-1..3 (one per unit), and the 9 employees of the kiosk simulator's roster
// for seed 1 (the demo kiosks run with seed 1), three per unit.
organisation demo_organisation();
inline constexpr std::uint64_t demo_simulator_seed = 1;

// Organisation data in the store. Thread-safety: safe from any thread.
class org_directory {
 public:
  virtual ~org_directory() = default;
  virtual result<organisation> load_org() = 0;
  // Insert or replace every item (by key) in one transaction, after validate() of the merged data.
  virtual result<bool> put_org(const organisation& items) = 0;
};

// Told of every change of the hub's organisation, with the whole new organisation.
// Thread-safety: org_changed() is called on the thread that made the change (any thread); it must
// be quick, and must neither change the organisation nor (un)subscribe.
class org_listener {
 public:
  virtual ~org_listener() = default;
  virtual void org_changed(std::shared_ptr<const organisation> org) = 0;
};

// The organisation as the hub holds it in memory, and who is told of its changes.
// Thread-safety: safe from any thread.
class org_source {
 public:
  virtual ~org_source() = default;
  virtual std::shared_ptr<const organisation> current() const = 0;
  // The listener hears current() at once, on the caller's thread, then every change, in order.
  virtual void subscribe(org_listener& listener) = 0;
  // After it returns the listener is not called any more.
  virtual void unsubscribe(org_listener& listener) = 0;
};

}  // namespace pantau::hub
