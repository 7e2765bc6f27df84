#pragma once
// The organisation's admin API (DESIGN §6): GET /api/v1/org (the whole organisation for admins; for
// others only the units they may see, with their offices, counters, employees and holidays), and for
// admins only (others 403) POST (one object or an array) and PUT (one, keyed by the path) of
//   /api/v1/offices[/{office}]            {"office","name","zone":"WIB|WITA|WIT"}
//   /api/v1/units[/{unit}]                {"unit","office","name","grace_minutes","target_present_pct","target_ikm"}
//   /api/v1/counters[/{office}/{counter}] {"office","counter","unit"}
//   /api/v1/holidays[/{office}/{date}]    {"office","date":"YYYY-MM-DD","name"}
// Fields left out keep the stored value (or the default for a new item), so a PUT of
// {"target_ikm":80} changes only that target. Everything goes through org_directory::put_org, which
// validates the merged organisation; a refusal is 400 with its message.
// Thread-safety: the directory must be safe to call from the HTTP thread.
#include <string>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

void add_org_routes(router& r, org_directory* org);

// The part of `org` that `who` may see, as JSON.
std::string org_json(const organisation& org, const principal& who);

}  // namespace pantau::hub::http
