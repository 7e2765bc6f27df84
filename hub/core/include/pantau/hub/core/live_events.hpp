#pragma once
// Live change notices (DESIGN §6 /api/v1/live): after an ingest batch committed, the worker tells a
// change_listener which kiosks and which events it wrote, so that dashboards hear of it at once.
// Thread-safety: committed() runs on the ingest worker; a listener must be quick and never block
// it (queue and hand the work to its own thread). units_touched is a pure function.
#include <compare>
#include <span>
#include <string>
#include <vector>

#include "pantau/hub/core/clock_rebase.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/event.hpp"

namespace pantau::hub {

// What one committed batch changed: the kiosks it touched (their registry state after the commit)
// and the events it actually inserted (duplicates left out). Views valid only during the call.
struct committed_batch {
  std::span<const kiosk_info> kiosks;
  std::span<const pantau::event* const> events;
  // Check-ins and check-outs that moved (re-based by this batch, or a review accepted a time).
  std::span<const moved_attendance> moved = {};
};

class change_listener {
 public:
  virtual ~change_listener() = default;
  virtual void committed(const committed_batch& batch) = 0;
};

// A unit's aggregates for one local day ("YYYY-MM-DD" in the office's zone).
struct unit_day {
  std::string unit;
  std::string date;
  auto operator<=>(const unit_day&) const = default;
};

struct touched_units {
  std::vector<unit_day> days;  // sorted, unique
  bool unresolved = false;     // an event named an employee or counter the organisation lacks
};

// The units whose day aggregates the events changed: the employee's unit and the counter's unit
// (counters by the event's office), in the event's local day.
touched_units units_touched(const organisation& org, std::span<const pantau::event* const> events);

}  // namespace pantau::hub
