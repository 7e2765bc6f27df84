#pragma once
// Two read-only endpoints the dashboard's charts need, answered from the day aggregates (same scopes,
// parameters and access rules as GET /api/v1/kpi; 400 bad input, 404 unknown scope, 401/403):
//   GET /api/v1/checkins?scope=office|unit|employee&id=...[&date=YYYY-MM-DD]
//     -> {"scope","id","date","zone":"WIB","expected":n,"minutes":[local minute of each first check-in,
//        ascending]}; date defaults to today in the scope's zone. One row per employee-day: cheap.
//   GET /api/v1/kpi/daily?scope=...&id=...&from=...&to=... (at most 62 days)
//     -> [{"date","responses","csat","quick_index","ikm","grade","present","expected","served"}]
//        one entry per day, oldest first (the satisfaction trend).
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include "pantau/hub/http/kpi_api.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

inline constexpr int daily_series_max_days = 62;

// The charts read what /kpi reads, from the same organisation, aggregates and clock.
using dashboard_api_sources = kpi_api_sources;

void add_dashboard_routes(router& r, dashboard_api_sources sources);

}  // namespace pantau::hub::http
