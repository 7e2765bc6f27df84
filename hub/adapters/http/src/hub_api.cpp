#include "pantau/hub/http/hub_api.hpp"

#include <boost/json.hpp>

#include "pantau/shared/codec.hpp"

namespace pantau::hub::http {

std::string kiosks_json(const std::vector<kiosk_info>& kiosks) {
  boost::json::array out;
  out.reserve(kiosks.size());
  for (const auto& k : kiosks) {
    boost::json::object o;
    o["kiosk"] = k.kiosk;
    o["office"] = k.office;
    o["state"] = k.state;
    o["events"] = k.events;
    o["last_seq"] = k.last_seq;
    o["backlog"] = k.backlog;
    if (k.last_seen_ms > 0) o["last_seen"] = format_utc_ms(k.last_seen_ms);
    else o["last_seen"] = nullptr;
    o["version"] = k.version;
    o["clock"] = k.clock;
    o["camera"] = k.camera;
    out.push_back(std::move(o));
  }
  return boost::json::serialize(out);
}

void add_hub_routes(router& r, hub_api_sources sources) {
  auto src = std::make_shared<hub_api_sources>(std::move(sources));

  r.add(bhttp::verb::get, "/healthz", [src](const request& req, const route_match&) {
    const bool mqtt = src->mqtt_connected && src->mqtt_connected();
    const bool store = (!src->store_writes_ok || src->store_writes_ok()) && src->kiosks != nullptr &&
                       src->kiosks->healthy();
    boost::json::object o;
    o["status"] = store ? "ok" : "error";
    o["mqtt"] = mqtt ? "connected" : "disconnected";
    o["store"] = store ? "ok" : "failed";
    return json_response(req, store ? bhttp::status::ok : bhttp::status::service_unavailable,
                         boost::json::serialize(o));
  });

  r.add(bhttp::verb::get, "/metrics", [src](const request& req, const route_match&) {
    return make_response(req, bhttp::status::ok, src->metrics_text ? src->metrics_text() : std::string(),
                         "text/plain; version=0.0.4; charset=utf-8");
  });

  r.add(bhttp::verb::get, "/api/v1/kiosks", [src](const request& req, const route_match&) {
    if (src->kiosks == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto list = src->kiosks->list_kiosks();
    if (!list)
      return error_response(req, bhttp::status::service_unavailable,
                            "penyimpanan gagal / store failed: " + list.err().message);
    return json_response(req, bhttp::status::ok, kiosks_json(*list));
  });
}

}  // namespace pantau::hub::http
