#pragma once
// GET /api/v1/alerts?state=active|all&unit=... (DESIGN §6): the alert monitor's active alerts, or
// those and the recently cleared ones, newest raised first, as
//   [{"id":"...","kind":"low_satisfaction|kiosk_offline|backlog_growing|attendance_below_target|seq_gap",
//     "subject":"loket-1","unit":"pendaftaran"|null,"office":"...","state":"active|cleared",
//     "raised_at":"<UTC ISO-8601>","cleared_at":null|"...","message":"<Bahasa Indonesia>"}]
// state defaults to active. Access: no session 401; unit= of a unit the user may not see 403 (even
// when it does not exist, so units cannot be probed), an unknown unit 404; without unit= everyone
// gets what they may see (alert_monitor.hpp may_see: kiosk alerts have no unit).
// Thread-safety: the service is safe from the HTTP thread.
#include <string>

#include "pantau/hub/core/alert_monitor.hpp"
#include "pantau/hub/http/alert_service.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

inline constexpr std::string_view alerts_path = "/api/v1/alerts";

void add_alert_routes(router& r, alert_service& alerts);

// One alert as the endpoint lists it (a JSON object).
std::string alert_json(const alert_record& a);
// The live channel's frame: {"type":"alert","alert":{...as alert_json...}}.
std::string alert_frame(const alert_record& a);

}  // namespace pantau::hub::http
