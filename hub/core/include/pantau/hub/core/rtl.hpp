#pragma once
// Rencana tindak lanjut (RTL, PermenPANRB 14/2017): the follow-up items a unit plans for the weakest
// survey elements of a period, tracked to closure. Items are checked here, field by field, before a
// store sees them; the proposal, the overdue rule and the change list of the audit trail are here too,
// so the HTTP side, the alert service and the report all read one definition.
// Thread-safety: pure functions and plain values; rtl_store implementations must be safe from any thread.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/indicators/appraisal.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

enum class rtl_status { planned, in_progress, done };
std::string_view to_string(rtl_status s);  // "planned", "in_progress", "done"
std::string_view label_id(rtl_status s);   // "Direncanakan", "Sedang berjalan", "Selesai"
std::optional<rtl_status> parse_rtl_status(std::string_view s);

// Who answers for an item: a hub account (a supervisor, say), or a person of the unit named by NIP
// who need not have an account. Kept apart so that neither is mistaken for the other.
enum class rtl_owner_kind { account, employee };
std::string_view to_string(rtl_owner_kind k);  // "account", "employee"
std::optional<rtl_owner_kind> parse_rtl_owner_kind(std::string_view s);

struct rtl_item {
  std::int64_t id = 0;  // 0 until stored
  std::string unit;
  indicators::period of;   // the survey period the item follows up
  std::size_t element = 0;  // 0..8 for U1..U9
  std::string problem;
  std::string action;
  rtl_owner_kind owner_kind = rtl_owner_kind::account;
  std::string owner;  // account name or NIP
  indicators::civil_date due;
  rtl_status status = rtl_status::planned;
  std::string evidence;  // what shows the action was done (a note, a document number)
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::optional<std::int64_t> closed_ms;  // set while status is done
  bool operator==(const rtl_item&) const = default;
};

// The fields as a request gave them; nullopt = not given (an update keeps the stored value).
struct rtl_fields {
  std::optional<std::string> unit, period, element, problem, action, owner_kind, owner, due, status, evidence;
};

// What a check needs besides the organisation. account_can_own(name, unit): the account exists, is
// enabled and may see the unit.
struct rtl_checks {
  const organisation* org = nullptr;
  std::function<bool(std::string_view name, std::string_view unit)> account_can_own;
};

inline constexpr std::size_t rtl_text_max = 2000;

// A new item from the request's fields: unit, period, element, problem, action, owner_kind, owner and due
// are required, status defaults to planned, evidence to empty. Error code bad_request with a message
// that starts with the field's name ("due: ..."), Indonesian / English: an unknown unit, element,
// status or owner, a due date before the period starts, text too long, and values put into the wrong
// field (a date given as period, a period as due date, an element as status) all fail here, each
// naming the field they were given in.
result<rtl_item> make_rtl_item(const rtl_fields& f, const rtl_checks& checks, std::int64_t now_ms);
// `base` with the fields given changed (unit and period are fixed once made: an item belongs to the
// report it was planned for). Same checks as make_rtl_item; done sets closed_ms, leaving done clears it.
result<rtl_item> update_rtl_item(const rtl_item& base, const rtl_fields& f, const rtl_checks& checks,
                                 std::int64_t now_ms);
// Closing: status done with the evidence (required: a closed item with nothing to show is not closed).
result<rtl_item> close_rtl_item(const rtl_item& base, std::optional<std::string_view> evidence,
                                std::int64_t now_ms);

// One field that changed, as the audit trail keeps it.
struct rtl_change {
  std::string field;
  std::string before;
  std::string after;
  bool operator==(const rtl_change&) const = default;
};
std::vector<rtl_change> rtl_diff(const rtl_item& before, const rtl_item& after);
std::vector<rtl_change> rtl_created(const rtl_item& item);  // every field, before empty

struct rtl_audit_entry {
  std::int64_t item = 0;
  std::int64_t at_ms = 0;
  std::string user;
  std::string action;  // "create", "update", "close"
  std::vector<rtl_change> changes;
};

// The weakest elements of a period: every element graded below B (converted NRR under 76.61) and, when
// fewer than `at_least` are, the lowest ones up to it; ascending by NRR, ties in element order;
// elements nobody answered are left out.
std::vector<std::size_t> weakest_elements(const std::array<std::optional<double>, indicators::element_count>& nrr,
                                          std::size_t at_least = 3);

// Drafts for the weakest elements of a unit's period, for a supervisor to edit and accept: problem
// states the NRR and grade, due is the last day of the next period, owner the asking account when it
// is a supervisor. Elements that already have an item for the unit and period are left out.
std::vector<rtl_item> propose_rtl(const unit_info& unit, const indicators::period& of,
                                  const indicators::satisfaction_totals& totals, const principal& who,
                                  std::span<const rtl_item> existing);

// The survey answers at the counters of `units` over from_day..to_day (day numbers), merged from the
// counter-day aggregates: what the proposal, the report and /kpi's unit scope all count.
result<indicators::satisfaction_totals> satisfaction_in(const organisation& org, std::span<const unit_info> units,
                                                        std::int64_t from_day, std::int64_t to_day,
                                                        aggregate_reader& rows);

// The period just before (2026-11 -> 2026-10, 2026-S1 -> 2025-S2, 2026 -> 2025) and just after.
indicators::period previous_period(const indicators::period& p);
indicators::period next_period(const indicators::period& p);

// An open item (not done) whose due date is before `today`.
bool overdue(const rtl_item& item, indicators::civil_date today);

// Per unit: how many open items are overdue and the oldest due date among them.
struct rtl_overdue_summary {
  std::int64_t items = 0;
  indicators::civil_date oldest_due;
};
// `today_of(unit)` gives the unit's local date (its office zone).
std::map<std::string, rtl_overdue_summary> summarise_overdue(
    std::span<const rtl_item> open, const std::function<indicators::civil_date(std::string_view unit)>& today_of);

struct rtl_filter {
  std::vector<std::string> units;  // empty: none (callers pass the units the asker may see)
  std::optional<indicators::period> of;
  bool open_only = false;
};

// RTL items in the store, with their audit trail. Writes are one transaction each: the items and
// their audit rows land together or not at all. Thread-safety: safe from any thread.
class rtl_store {
 public:
  virtual ~rtl_store() = default;
  virtual result<std::vector<rtl_item>> list_rtl(const rtl_filter& f) = 0;
  virtual result<std::optional<rtl_item>> find_rtl(std::int64_t id) = 0;
  // Stores new items (ids assigned, returned in order) with a "create" audit row each.
  virtual result<std::vector<rtl_item>> insert_rtl(std::span<const rtl_item> items, std::string_view user,
                                                   std::int64_t at_ms) = 0;
  // Replaces the item by id when its updated_ms still equals `expected_updated_ms` (a concurrent edit
  // makes it fail with code conflict), with one audit row; false when no such item.
  virtual result<bool> update_rtl(const rtl_item& item, std::int64_t expected_updated_ms,
                                  const rtl_audit_entry& audit) = 0;
  virtual result<std::vector<rtl_audit_entry>> rtl_audit(std::int64_t id) = 0;
};

}  // namespace pantau::hub
