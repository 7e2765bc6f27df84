#pragma once
// The indicator and organisation endpoints (DESIGN §6): GET /api/v1/kpi, GET/POST /api/v1/employees,
// GET /api/v1/employees/{nip}, POST /api/v1/employees.csv. Access: no session 401; writes are for
// admins (403 otherwise); supervisors and viewers read only their units (403 otherwise).
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <cstdint>
#include <functional>
#include <string>

#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/hub/indicators/kpi.hpp"

namespace pantau::hub::http {

struct kpi_api_sources {
  org_directory* org = nullptr;
  aggregate_reader* aggregates = nullptr;
  std::function<std::int64_t()> now_ms;  // UTC; decides which day is today
  kpi_options options;
};

void add_kpi_routes(router& r, kpi_api_sources sources);

// The /api/v1/kpi body in the exact shape of DESIGN §6 (nullopt -> null), plus "scope", "id",
// "from", "to" and the extras "needs_review", "misuse_excluded", "quick_grade".
std::string kpi_json(const indicators::kpi& k);

}  // namespace pantau::hub::http
