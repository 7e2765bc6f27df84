#pragma once
// The hub's HTTP endpoints so far: /healthz, /metrics, /api/v1/kiosks (DESIGN §6, §9).
// Thread-safety: the sources must be safe to call from the HTTP thread.
#include <functional>
#include <string>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http {

struct hub_api_sources {
  std::function<bool()> mqtt_connected;
  std::function<bool()> store_writes_ok;  // the last ingest transaction committed
  std::function<std::string()> metrics_text;
  kiosk_directory* kiosks = nullptr;
};

void add_hub_routes(router& r, hub_api_sources sources);

// The /api/v1/kiosks body for a list of kiosks (a JSON array, DESIGN §9).
std::string kiosks_json(const std::vector<kiosk_info>& kiosks);

}  // namespace pantau::hub::http
