#pragma once
// Leave records and shift rosters of employees, as the organisation keeps them (organisation.hpp):
// who is on leave from when to when and why (with who recorded or cancelled it and when: the audit
// trail), the named shifts of a unit ("P" 07:00-15:00) and each employee's shift per day. Their
// rules are in leave_roster_rules.hpp.
// Thread-safety: plain values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pantau/hub/indicators/leave.hpp"
#include "pantau/hub/indicators/schedule.hpp"

namespace pantau::hub {

struct leave_record {
  std::string nip;
  std::string id;  // 16 lowercase hex digits, given by the hub
  indicators::civil_date from;
  indicators::civil_date to;  // inclusive
  indicators::leave_kind kind = indicators::leave_kind::cuti_tahunan;
  std::string note;  // why: required (the reason, the letter's number)
  std::string created_by;
  std::int64_t created_ms = 0;
  // Cancelled leave is kept for the audit trail and covers nothing.
  std::string cancelled_by;  // empty: in force
  std::int64_t cancelled_ms = 0;
  std::string cancel_note;
  bool active() const { return cancelled_by.empty(); }
  bool operator==(const leave_record&) const = default;
};

// A named shift of a unit, used by roster patterns ("P,P,S,S,M,M,-,-").
struct shift_def {
  std::string unit;
  std::string code;  // 1..8 of [A-Za-z0-9]
  indicators::work_window window;
  bool operator==(const shift_def&) const = default;
};

// One employee's assignment on one work day (the day a shift starts).
struct shift_assignment {
  std::string nip;
  indicators::civil_date date;
  std::optional<indicators::work_window> shift;  // nullopt: rostered off
  // Written with this set, the day goes back to the unit's week: merge_org drops it and the store
  // deletes it, so no cleared entry is ever kept.
  bool cleared = false;
  std::string set_by;
  std::int64_t set_ms = 0;
  bool operator==(const shift_assignment&) const = default;
};

}  // namespace pantau::hub
