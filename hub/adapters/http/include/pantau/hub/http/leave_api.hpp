#pragma once
// Leave, permits and work modes, and shift rosters (docs/http-api.md, docs/leave-and-rosters.md):
//   GET  /api/v1/leave/kinds                   the kinds, their labels and whether they count as present
//   GET  /api/v1/leave?nip=|unit=[&from=&to=]  records (cancelled ones too: the audit trail)
//   POST /api/v1/leave                         {"nip","from","to","kind","note"} -> 201
//   POST /api/v1/leave/{id}/cancel             {"note"}
//   POST /api/v1/leave.csv                     nip,from,to,kind,note — all or nothing
//   GET  /api/v1/shifts?unit=                  the unit's named shifts
//   PUT  /api/v1/shifts/{unit}/{code}          {"hours":"HH:MM-HH:MM"}
//   GET  /api/v1/roster?unit=&from=&to=        employees x days (at most 62)
//   PUT  /api/v1/roster                        {"nip","from","to","shift":"HH:MM-HH:MM"|"-"|null} or
//                                              {"nip","from","to","pattern":"P,P,S,-","start"}
//   POST /api/v1/roster.csv                    nip,date,start,end — all or nothing
// Access: no session 401; reads for whoever may see the employee's unit; writes for admins and for
// supervisors of the employee's unit (403 otherwise). Bad input is 400 naming the field (and the
// CSV lines); nothing is partly saved.
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <cstdint>
#include <functional>

#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/hub/indicators/leave.hpp"

namespace pantau::hub::http {

struct leave_api_sources {
  org_directory* org = nullptr;
  std::function<std::int64_t()> now_ms;  // UTC; stamps the audit trail
  indicators::leave_policy policy;       // shown with the kinds
};

void add_leave_routes(router& r, leave_api_sources sources);

}  // namespace pantau::hub::http
