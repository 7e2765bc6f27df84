#pragma once
// The review queue (docs/clocks.md, docs/http-api.md):
//   GET  /api/v1/reviews               the check-ins and check-outs still needing a review, with their
//                                      evidence (admins: all; others: their units' employees)
//   GET  /api/v1/reviews?state=done    the audit of accepted times, the same visibility
//   POST /api/v1/reviews {"event","time":"<UTC ISO-8601>","reason"}  admins and supervisors: accepts a
//                                      time; 400 names the field, 403 for another unit's employee
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <cstdint>
#include <functional>

#include "pantau/hub/core/clock_review.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

inline constexpr std::string_view reviews_path = "/api/v1/reviews";

struct review_api_sources {
  org_directory* org = nullptr;
  clock_review_store* reviews = nullptr;
  std::function<std::int64_t()> now_ms;  // UTC
  // Told after an accepted time is committed (caches of finished days drop what it moved).
  std::function<void(const review_record&, std::string_view office)> accepted;
};

void add_review_routes(router& r, review_api_sources sources);

}  // namespace pantau::hub::http
