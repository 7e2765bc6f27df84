#pragma once
// The rules of leave records and shift rosters (leave_roster.hpp): their checks, their CSV imports
// (line-numbered, all or nothing), rotating patterns, and their expansion into a unit_schedule.
// Thread-safety: pure functions.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/leave_roster.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// Longest leave one record may hold (CLTN and tugas belajar run for years).
inline constexpr int leave_max_days = 5 * 366;

// "HH:MM-HH:MM" (a night shift ends before it starts) or "-" / "off" for a day off; nullopt when
// neither (the outer optional), or a window with equal ends.
std::optional<std::optional<indicators::work_window>> parse_shift_text(std::string_view text);
std::string shift_text(const std::optional<indicators::work_window>& shift);  // "22:00-06:00" or "-"

// Checks the leave, shift definitions and roster of `org` (called by validate(organisation)): known
// employees and units, inverted or too long ranges, missing notes, leave of one employee that
// overlaps, a shift that runs into the next day's. Error code invalid_org naming the item and field.
result<bool> validate_leave_roster(const organisation& org);

// The in-force leave of `nip` overlapping from..to, and the records it overlaps with (for messages).
std::vector<const leave_record*> leave_overlapping(const organisation& org, std::string_view nip,
                                                   indicators::civil_date from, indicators::civil_date to);

// Fills s.leave and s.roster with what `org` holds for `nip` on from-1..to+1 (the neighbours matter
// for night shifts). org.leave and org.roster must be in key order (merge_org and the store keep them so).
void fill_employee_plan(const organisation& org, std::string_view nip, indicators::civil_date from,
                        indicators::civil_date to, indicators::unit_schedule& s);

// `nip,from,to,kind,note` (header exactly that; note required). Rows become leave records without an
// id (the caller gives them one); each bad row is reported with its line: unknown NIP, bad date,
// inverted range, unknown kind, empty note, overlap with stored leave or with another row of the file.
// `allowed(nip)` says whether the importer may record leave for that employee.
struct leave_csv_import {
  std::vector<leave_record> rows;
  std::vector<csv_problem> problems;
};
leave_csv_import parse_leave_csv(std::string_view text, const organisation& org,
                                 const std::function<bool(const std::string&)>& allowed);

// `nip,date,start,end`, with start "off" (or "-") and an empty end for a day off. Each bad row is
// reported with its line: unknown NIP, bad date or time, a date twice for one employee, and a night
// shift running into the next day's shift (checked with the stored roster and the unit's week).
struct roster_csv_import {
  std::vector<shift_assignment> rows;
  std::vector<csv_problem> problems;
};
roster_csv_import parse_roster_csv(std::string_view text, const organisation& org,
                                   const std::function<bool(const std::string&)>& allowed);

// The assignments of a rotating pattern: codes (the unit's shift codes, "-" for off) repeated from
// `start` (the pattern's first day) over from..to. Error code invalid_org naming the unknown code.
result<std::vector<shift_assignment>> expand_pattern(const organisation& org, std::string_view unit,
                                                     std::string_view nip, std::span<const std::string> codes,
                                                     indicators::civil_date start, indicators::civil_date from,
                                                     indicators::civil_date to);

}  // namespace pantau::hub
