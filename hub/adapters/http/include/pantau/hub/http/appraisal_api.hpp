#pragma once
// GET /api/v1/appraisal?period=2026-S2[&unit=...] (DESIGN §5 "Appraisal", §6) and the exports
// GET /api/v1/export/{attendance|ratings|appraisal}.{csv|xlsx}?unit=...&from=...&to=... (appraisal:
// period=). Access as for /kpi: no session 401; supervisors and viewers only their units (naming
// another unit is 403; without unit= they get only theirs).
// Both are long-running routes (seconds for a semester of a city): they run on the server's worker
// thread. Thread-safety: the sources must be safe to call from that thread; give them a store
// connection of their own so that the dashboards' reads are not queued behind an export.
#include <string>

#include "pantau/hub/core/appraisal_query.hpp"
#include "pantau/hub/http/kpi_api.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

void add_appraisal_routes(router& r, kpi_api_sources sources);

// {"period","label","from","to","employees":[...],"berprestasi":[nip],"perlu_pembinaan":[nip]}.
std::string appraisal_json(const appraisal_report& report);

}  // namespace pantau::hub::http
