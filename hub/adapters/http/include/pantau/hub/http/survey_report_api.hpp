#pragma once
// GET /api/v1/survey/report.pdf and /api/v1/survey/report.xlsx ?unit=...|office=...&period=...: the
// survey report (hub/core survey_report) of a unit or an office. Access: no session 401; a unit's
// report for whoever may see the unit, an office's for whoever may see all its units (403 otherwise).
// A long-running route (the server's worker thread).
// Thread-safety: the sources must be safe to call from that thread.
#include <functional>

#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/core/survey_report.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

struct survey_report_sources {
  org_directory* org = nullptr;
  aggregate_reader* aggregates = nullptr;
  rtl_store* items = nullptr;
  indicators::element_weights weights;
  // Fills what the hub's survey records hold beyond the ratings: in.profile (field -> value -> count)
  // and in.sample (population, its source, required n, responses) for req's units and period.
  // Empty: those parts read "belum tersedia". Errors are reported as a store failure (503).
  std::function<result<bool>(const survey_report_request& req, survey_report_input& in)> survey_parts;
};

void add_survey_report_routes(router& r, survey_report_sources sources);

}  // namespace pantau::hub::http
