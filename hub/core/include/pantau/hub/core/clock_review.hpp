#pragma once
// The review queue (docs/clocks.md): check-ins and check-outs whose time could not be re-based stay
// "needs review" and are never deducted until a supervisor of their unit (or an admin) accepts a time
// for them, with a reason; the decision is audited and the accepted time then counts as trusted.
// Thread-safety: plain values and pure functions; clock_review_store implementations must be safe
// from any thread.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// One untrusted check-in or check-out with its evidence.
struct review_item {
  std::string event;  // event id
  std::string office;
  std::string kiosk;
  std::string boot;
  std::string employee;
  std::string action;  // "in" | "out"
  std::int64_t mono_ms = 0;     // the kiosk's monotonic clock at the event (since its boot)
  std::int64_t stamped_ms = 0;  // the kiosk's own (unsynced) stamp
  std::int64_t filed_day = 0;   // local day it is filed under (days since 1970-01-01)
  std::optional<std::string> photo;  // "sha256:<hex>" of the face snapshot the kiosk kept
  bool operator==(const review_item&) const = default;
};

// An accepted time, as audited.
struct review_record {
  std::string event;
  std::string employee;
  std::string reviewer;
  std::int64_t reviewed_ms = 0;
  std::int64_t old_ms = 0;  // the kiosk's stamp
  std::int64_t new_ms = 0;
  std::string reason;
  bool operator==(const review_record&) const = default;
};

// A supervisor's decision as the API takes it: {"event","time":"<UTC ISO-8601>","reason"}.
struct review_request {
  std::string event;
  std::int64_t ts_ms = 0;
  std::string reason;
};

// Reasons are free text for the audit, bounded so the audit stays readable.
inline constexpr std::size_t review_reason_max = 500;

// Checks the fields of a decision; errors (bad_request) name the field, in Indonesian and English.
// `time_text` must be a UTC ISO-8601 time ("2026-11-26T00:30:00Z").
result<review_request> make_review_request(std::string_view event, std::string_view time_text,
                                           std::string_view reason);

// Whether `who` may see (and decide) an item: admins all, others the units they lead or read. An
// employee the organisation does not know is for admins only.
bool may_review(const principal& who, const organisation& org, std::string_view employee);

class clock_review_store {
 public:
  virtual ~clock_review_store() = default;
  // Every check-in and check-out still needing a review, oldest stamp first.
  virtual result<std::vector<review_item>> pending_reviews() = 0;
  // One of them, or nothing when there is no untrusted check-in/out with that id (or it was decided).
  virtual result<std::optional<review_item>> find_pending(std::string_view event) = 0;
  // Audits the decision and moves the time in one transaction; not_found when it is no longer pending.
  virtual result<review_record> accept_review(const review_request& r, std::string_view reviewer,
                                              std::int64_t now_ms) = 0;
  // The audit, newest first.
  virtual result<std::vector<review_record>> reviews_done() = 0;
};

}  // namespace pantau::hub
