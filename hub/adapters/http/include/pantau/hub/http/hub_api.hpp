#pragma once
// The hub's own endpoints: /healthz, /metrics, GET /api/v1/kiosks (DESIGN §6, §9) and
// POST /api/v1/kiosks {"office","kiosk"} (admins: registers a kiosk ahead of its first message; 201
// with its row, 200 when it was already registered; the office must exist).
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "pantau/hub/core/chain_audit.hpp"
#include "pantau/hub/core/clock_review.hpp"
#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

struct hub_api_sources {
  std::function<bool()> mqtt_connected;
  std::function<bool()> store_writes_ok;  // the last ingest transaction committed
  std::function<std::string()> metrics_text;
  kiosk_directory* kiosks = nullptr;
  // Registration; nullptr: POST /api/v1/kiosks answers 503.
  kiosk_enrolment* enrolment = nullptr;
  org_directory* org = nullptr;  // the offices a kiosk may be registered in
  std::function<std::int64_t()> now_ms;  // UTC
  // The latest `pantau-hub verify` of each kiosk's current key, for the fleet view; empty: not shown.
  std::function<result<std::vector<chain_state>>()> chain_states;
  // Check-ins and check-outs awaiting a review, counted per kiosk in the fleet view; nullptr: not shown.
  clock_review_store* reviews = nullptr;
};

void add_hub_routes(router& r, hub_api_sources sources);

// The /api/v1/kiosks body for a list of kiosks (a JSON array, DESIGN §9).
std::string kiosks_json(const std::vector<kiosk_info>& kiosks);
// One kiosk in the same shape.
boost::json::object kiosk_json(const kiosk_info& k);

}  // namespace pantau::hub::http
