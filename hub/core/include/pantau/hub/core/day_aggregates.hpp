#pragma once
// Incremental per-day aggregates (issue "Live performance indicators"): one row per (office, employee,
// local day) and per (office, counter, local day), kept in the same transaction as the events, so that
// any period and scope is a merge of day rows and never a scan of events.
//
// - Attendance keeps the first check-in and the last check-out of the employee-day (with their clock
//   state): the TL/PSW bands are evaluated when asked, so a late event or a changed schedule is always
//   judged right, and absent days (which have no row) come from the schedule.
// - Satisfaction keeps satisfaction_totals (sums: order does not matter) per counter-day and, for
//   ratings naming an employee, per employee-day.
// - Service needs pairing (start/end per ticket) and open time (open/break/resume/close), which depend
//   on order: each (counter, day, ticket) group keeps its marks in canonical order; when a batch
//   touches a group, its served items before and after are compared and the difference is applied
//   to the counter-day and to the (employee, day, counter) rows (who started the service). Open time
//   is re-derived from the counter's own group. Each local day stands alone (tickets restart daily; a
//   counter left open is open until midnight).
// Late and out-of-order events land in their own local day (the office's zone).
// Thread-safety: plain values and pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "pantau/hub/core/clock_rebase.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/hub/indicators/service.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// Days since 1970-01-01 of a local calendar.
std::int64_t local_day_of(std::int64_t utc_ms, indicators::zone z);

// The first check-in and the last check-out of an employee-day. At equal times a synced event wins,
// so the result does not depend on arrival order.
struct attendance_marks {
  std::optional<std::int64_t> first_in_ms;
  bool first_in_synced = true;
  std::optional<std::int64_t> last_out_ms;
  bool last_out_synced = true;

  void add_in(std::int64_t ts_ms, bool synced);
  void add_out(std::int64_t ts_ms, bool synced);
  void merge(const attendance_marks& o);
  bool operator==(const attendance_marks&) const = default;
};

struct employee_day_key {
  std::string office;
  std::string employee;
  std::int64_t day = 0;
  auto operator<=>(const employee_day_key&) const = default;
};

struct employee_day {
  attendance_marks attendance;
  indicators::satisfaction_totals satisfaction;
  void merge(const employee_day& o);
  bool operator==(const employee_day&) const = default;
};

struct counter_day_key {
  std::string office;
  std::string counter;
  std::int64_t day = 0;
  auto operator<=>(const counter_day_key&) const = default;
};

// A service or counter event of a counter-day, as much of it as the derivation needs.
struct day_mark {
  enum class kind : char { start = 's', end = 'e', open = 'o', break_ = 'b', resume = 'r', close = 'c' };
  std::int64_t ts_ms = 0;
  kind what = kind::start;
  std::string ticket;    // service marks only
  std::string employee;
  auto operator<=>(const day_mark&) const = default;
};

// Compact text for storage: "<ts>,<kind>,<ticket>,<employee>;" per mark, with '%', ',' and ';' inside
// a ticket written as %25, %2C, %3B. decode fails with code invalid_marks.
std::string encode_marks(std::span<const day_mark> marks);
result<std::vector<day_mark>> decode_marks(std::string_view text);

// Service durations as stored: second -> count, with the overflow (>= 4 h) under second 14400, so
// that a served item can be taken out again when a late event re-pairs its ticket.
using duration_buckets = indicators::bucket_list;
std::int64_t bucket_of(std::int64_t duration_ms);
// "<second>:<count>," per bucket; decode fails with code invalid_histogram.
std::string encode_buckets(const duration_buckets& b);
result<duration_buckets> decode_buckets(std::string_view text);
indicators::duration_histogram histogram_of(const duration_buckets& b);

// Served count, total time and durations of a counter-day or a (counter, day, employee); open time is
// kept apart. `sign` -1 takes an item out again.
struct service_sums {
  std::int64_t served = 0;
  std::int64_t service_ms = 0;
  duration_buckets buckets;
  void add(const indicators::served_item& s, int sign = 1);
  void merge(const service_sums& o);  // zero buckets are dropped
  bool empty() const { return served == 0 && service_ms == 0 && buckets.empty(); }
  indicators::service_totals totals(std::int64_t open_ms = 0) const;
  bool operator==(const service_sums&) const = default;
};

// Marks of one (counter, day, ticket) group; the ticket "" holds the counter's open/break/resume/close.
std::vector<indicators::served_item> served_of(std::string_view counter, std::span<const day_mark> marks);
// Open time of a counter-day (local midnight to midnight) from its "" group.
std::int64_t open_ms_of(std::string_view counter, std::span<const day_mark> marks, std::int64_t day,
                        indicators::zone z);

// Merges `more` into the sorted `marks`, keeping it sorted (duplicates stay: two events are two marks).
void merge_marks(std::vector<day_mark>& marks, std::vector<day_mark> more);

// What one ingest batch changes, accumulated in memory so the store writes each touched row once.
// Thread-safety: not thread-safe.
class day_batch {
 public:
  struct counter_delta {
    indicators::satisfaction_totals satisfaction;
    std::map<std::string, std::vector<day_mark>> marks;  // ticket ("" = counter marks) -> new marks, sorted
  };

  // Counts an inserted event; `z` is the zone of the event's office. Events of other kinds are ignored.
  // A check-in or check-out counts at `attendance_time` when given (re-based), else at its own stamp.
  void add(const event& e, indicators::zone z, const counted_time* attendance_time = nullptr);
  void clear();
  bool empty() const { return employees.empty() && counters.empty(); }

  std::map<employee_day_key, employee_day> employees;
  std::map<counter_day_key, counter_delta> counters;
};

}  // namespace pantau::hub
