#include "pantau/hub/http/hub_api.hpp"

#include <boost/json.hpp>

#include <map>
#include <string_view>
#include <utility>

#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub::http {

namespace {

namespace json = boost::json;

struct enrolment_request {
  std::string office;
  std::string kiosk;
};

// {"office": "...", "kiosk": "..."}, both valid topic names, nothing else.
result<enrolment_request> parse_enrolment(std::string_view body) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return error{errc::bad_request, "data harus objek JSON / body must be a JSON object"};
  enrolment_request out;
  for (const auto& [key, val] : v.as_object()) {
    std::string* target = key == "office" ? &out.office : key == "kiosk" ? &out.kiosk : nullptr;
    if (target == nullptr) return error{errc::bad_request, "kolom tidak dikenal / unknown field: " + std::string(key)};
    if (!val.is_string())
      return error{errc::bad_request, "kolom " + std::string(key) + " harus teks / field " + std::string(key) + " must be a string"};
    *target = std::string(val.as_string());
  }
  for (const auto* name : {&out.office, &out.kiosk})
    if (!topics::is_valid_name(*name))
      return error{errc::bad_request, "nama tidak valid / bad name \"" + *name + "\": expected lowercase [a-z0-9-]{1,48}"};
  return out;
}

}  // namespace

json::object kiosk_json(const kiosk_info& k) {
  json::object o;
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
  o["clock_offset_ms"] = k.clock_offset_ms ? json::value(*k.clock_offset_ms) : json::value(nullptr);
  o["clock_error_ms"] = k.clock_error_ms ? json::value(*k.clock_error_ms) : json::value(nullptr);
  o["camera"] = k.camera;
  // Seqs the hub stopped waiting for: still missing, so a supervisor knows the kiosk's record is short.
  json::array gaps;
  std::int64_t missing = 0;
  for (const auto& g : k.gaps) {
    json::object go;
    go["from_seq"] = g.from_seq;
    go["to_seq"] = g.to_seq;
    go["missing"] = g.missing;
    go["recorded"] = format_utc_ms(g.recorded_ms);
    gaps.push_back(std::move(go));
    missing += g.missing;
  }
  o["gaps"] = std::move(gaps);
  o["missing"] = missing;
  return o;
}

namespace {

json::object chain_json(const chain_state& c) {
  json::object o;
  o["epoch"] = c.epoch;
  o["checked"] = format_utc_ms(c.checked_ms);
  o["intact"] = c.intact;
  o["events"] = c.events;
  o["last_seq"] = c.last_seq;
  o["problems"] = c.problems;
  o["gaps"] = c.gaps;
  o["first_problem"] = c.first_problem;
  return o;
}

}  // namespace

std::string kiosks_json(const std::vector<kiosk_info>& kiosks) {
  json::array out;
  out.reserve(kiosks.size());
  for (const auto& k : kiosks) out.push_back(kiosk_json(k));
  return json::serialize(out);
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
    json::array out;
    out.reserve(list->size());
    for (const auto& k : *list) out.push_back(kiosk_json(k));
    if (src->chain_states) {
      // The chain column is extra: a store that cannot say leaves it null, the fleet still shows.
      auto chains = src->chain_states();
      std::map<std::pair<std::string_view, std::string_view>, const chain_state*> by_kiosk;
      if (chains)
        for (const auto& c : *chains) by_kiosk[{c.office, c.kiosk}] = &c;
      for (auto& row : out) {
        auto& o = row.as_object();
        const auto found = by_kiosk.find({std::string_view(o.at("office").as_string()),
                                          std::string_view(o.at("kiosk").as_string())});
        o["chain"] = found != by_kiosk.end() ? json::value(chain_json(*found->second)) : json::value(nullptr);
      }
    }
    if (src->reviews != nullptr) {
      // Extra like the chain: a store that cannot say leaves it null.
      auto pending = src->reviews->pending_reviews();
      std::map<std::pair<std::string_view, std::string_view>, std::int64_t> per_kiosk;
      if (pending)
        for (const auto& p : *pending) ++per_kiosk[{p.office, p.kiosk}];
      for (auto& row : out) {
        auto& o = row.as_object();
        const auto found = per_kiosk.find({std::string_view(o.at("office").as_string()),
                                           std::string_view(o.at("kiosk").as_string())});
        o["pending_reviews"] = !pending ? json::value(nullptr)
                                        : json::value(found != per_kiosk.end() ? found->second : 0);
      }
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });

  r.add(bhttp::verb::post, "/api/v1/kiosks", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (!m.who->is_admin()) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    if (src->enrolment == nullptr || src->org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto wanted = parse_enrolment(req.body());
    if (!wanted) return error_response(req, bhttp::status::bad_request, wanted.err().message);
    auto org = src->org->load_org();
    if (!org)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed: " + org.err().message);
    // A typo in the office would register a kiosk that belongs nowhere.
    if (org->find_office(wanted->office) == nullptr)
      return error_response(req, bhttp::status::not_found, "kantor tidak dikenal / unknown office: " + wanted->office);
    // No key here: the kiosk stays unable to deliver until provisioning registers its key.
    auto done = src->enrolment->enrol(wanted->office, wanted->kiosk, src->now_ms ? src->now_ms() : 0, {});
    if (!done)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed: " + done.err().message);
    return json_response(req, done->added ? bhttp::status::created : bhttp::status::ok,
                         json::serialize(kiosk_json(done->kiosk)));
  });
}

}  // namespace pantau::hub::http
