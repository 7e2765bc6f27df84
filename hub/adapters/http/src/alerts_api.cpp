#include "pantau/hub/http/alerts_api.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string_view>

#include "pantau/shared/codec.hpp"
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

using handlers::query;

namespace json = boost::json;

json::object alert_object(const alert_record& a) {
  json::object o;
  o["id"] = a.id;
  o["kind"] = indicators::to_string(a.kind);
  o["subject"] = a.subject;
  o["unit"] = a.unit ? json::value(*a.unit) : json::value(nullptr);
  o["office"] = a.office;
  o["state"] = to_string(a.state);
  o["raised_at"] = format_utc_ms(a.raised_ms);
  o["cleared_at"] = a.cleared_ms ? json::value(format_utc_ms(*a.cleared_ms)) : json::value(nullptr);
  o["message"] = a.message;
  return o;
}

}  // namespace

std::string alert_json(const alert_record& a) { return json::serialize(alert_object(a)); }

std::string alert_frame(const alert_record& a) {
  json::object o;
  o["type"] = "alert";
  o["alert"] = alert_object(a);
  return json::serialize(o);
}

void add_alert_routes(router& r, alert_service& alerts) {
  r.add(bhttp::verb::get, alerts_path, [&alerts](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    auto filter = alert_filter::active;
    if (const auto state = query(m, "state")) {
      if (*state == "all") filter = alert_filter::all;
      else if (*state != "active")
        return error_response(req, bhttp::status::bad_request,
                              "state harus active atau all / state must be active or all");
    }
    const auto unit = query(m, "unit");
    if (unit) {
      if (!is_valid_id(*unit))
        return error_response(req, bhttp::status::bad_request,
                              "unit tidak sah / invalid unit: expected [a-z0-9-]{1,48}");
      if (!m.who->can_see_unit(*unit)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
      if (!alerts.knows_unit(*unit))
        return error_response(req, bhttp::status::not_found, "unit tidak ditemukan / unit not found");
    }
    json::array out;
    for (const auto& a : alerts.list(filter)) {
      if (unit ? a.unit != *unit : !may_see(*m.who, a)) continue;
      out.push_back(alert_object(a));
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });
}

}  // namespace pantau::hub::http
