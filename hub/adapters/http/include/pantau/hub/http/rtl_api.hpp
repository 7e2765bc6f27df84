#pragma once
// The follow-up (RTL) endpoints (docs/http-api.md "Rencana tindak lanjut"):
//   GET  /api/v1/rtl?unit=...&period=...&open=1     list (units the asker may see)
//   POST /api/v1/rtl                                 one item, or {"items":[...]} (a proposal accepted):
//                                                    every item is checked before any is stored
//   GET  /api/v1/rtl/{id}                            the item and its audit trail
//   PUT  /api/v1/rtl/{id}                            change the fields given
//   POST /api/v1/rtl/{id}/close                      {"evidence":"..."}: status done
//   GET  /api/v1/rtl/proposal?unit=...&period=...    drafts for the period's weakest elements
// Access: no session 401; reads for whoever may see the unit; writes for admins and for supervisors
// of the unit (403 otherwise). Bad fields: 400 whose message starts with the field's name.
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

struct rtl_api_sources {
  org_directory* org = nullptr;
  aggregate_reader* aggregates = nullptr;  // the proposal's NRR
  rtl_store* items = nullptr;
  // The account exists, is enabled, and may see the unit (an owner of an item must be able to read it).
  std::function<bool(std::string_view name, std::string_view unit)> account_can_own;
  std::function<std::int64_t()> now_ms;  // UTC
  std::function<void()> changed;         // after every stored write (the overdue alert looks again)
};

void add_rtl_routes(router& r, rtl_api_sources sources);

// {"id","unit","period","element","element_name","problem","action","owner_kind","owner","due","status",
//  "status_label","evidence","created_ms","updated_ms","closed_ms"}
std::string rtl_item_json(const rtl_item& item);

}  // namespace pantau::hub::http
