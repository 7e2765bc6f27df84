#include "pantau/hub/http/dashboard_api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "pantau/hub/core/day_aggregates.hpp"
#include "pantau/hub/indicators/kpi.hpp"
#include "pantau/hub/indicators/time_zone.hpp"
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

using handlers::query;

namespace json = boost::json;

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

// Everything GET /api/v1/kpi checks, in the same order and with the same answers.
struct checked_scope {
  organisation org;
  kpi_request request;
  resolved_scope scope;
  indicators::zone tz = indicators::zone::wib;
};

result<checked_scope> check(const dashboard_api_sources& src, const request& req, const route_match& m,
                            std::optional<std::string_view> from, std::optional<std::string_view> to,
                            std::optional<response>& fail) {
  const auto answer = [&](bhttp::status s, std::string_view msg) {
    fail = error_response(req, s, msg);
    return error{errc::http, std::string(msg)};
  };
  if (!m.who) return answer(bhttp::status::unauthorized, "perlu masuk / login required");
  if (src.org == nullptr || src.aggregates == nullptr)
    return answer(bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
  auto org = src.org->load_org();
  if (!org) return answer(bhttp::status::service_unavailable, "penyimpanan gagal / store failed: " + org.err().message);

  // A missing date means today, in the zone of whatever the scope names (before it is resolved the
  // zone is unknown, so the scope is resolved with a placeholder date first).
  const std::string placeholder = "1970-01-01";
  const std::string_view placeholder_view = placeholder;
  auto parsed = parse_kpi_request(query(m, "scope"), query(m, "id"), from.value_or(placeholder_view),
                                  to.value_or(placeholder_view), query(m, "office"));
  if (!parsed) return answer(bhttp::status::bad_request, parsed.err().message);
  auto scope = resolve_scope(*org, *parsed);
  if (!scope) {
    return answer(scope.err().code == errc::not_found ? bhttp::status::not_found : bhttp::status::bad_request,
                  scope.err().message);
  }
  if (!may_see(*m.who, *scope)) return answer(bhttp::status::forbidden, "tidak berhak / forbidden");

  checked_scope out;
  out.tz = parsed->scope == kpi_scope::office ? org->zone_of_office(parsed->id)
           : scope->units.empty()            ? indicators::zone::wib
                                              : org->zone_of_office(scope->units.front().office);
  const auto today = indicators::to_local(src.now_ms ? src.now_ms() : 0, out.tz).date;
  if (!from) parsed->from = today;
  if (!to) parsed->to = today;
  out.org = std::move(org).value();
  out.request = std::move(parsed).value();
  out.scope = std::move(scope).value();
  return out;
}

}  // namespace

void add_dashboard_routes(router& r, dashboard_api_sources sources) {
  auto src = std::make_shared<dashboard_api_sources>(std::move(sources));

  r.add(bhttp::verb::get, "/api/v1/checkins", [src](const request& req, const route_match& m) {
    std::optional<response> fail;
    const auto date = query(m, "date");
    auto c = check(*src, req, m, date, date, fail);
    if (!c) return std::move(*fail);
    const std::int64_t now = src->now_ms ? src->now_ms() : 0;

    std::vector<std::string> nips;
    for (const auto& e : c->scope.employees) nips.push_back(e.nip);
    std::vector<int> minutes;
    if (!nips.empty()) {
      const std::int64_t day = indicators::days_from_civil(c->request.from);
      auto rows = src->aggregates->employee_days(nips, day, day);
      if (!rows)
        return error_response(req, bhttp::status::service_unavailable,
                              "penyimpanan gagal / store failed: " + rows.err().message);
      for (const auto& [key, row] : *rows) {
        if (!row.attendance.first_in_ms) continue;
        minutes.push_back(indicators::to_local(*row.attendance.first_in_ms, c->org.zone_of_office(key.office)).minute_of_day);
      }
    }
    std::sort(minutes.begin(), minutes.end());
    auto totals = compute_kpi_totals(c->org, c->scope, c->request, *src->aggregates, now, src->options);
    if (!totals)
      return error_response(req, bhttp::status::service_unavailable,
                            "penyimpanan gagal / store failed: " + totals.err().message);

    json::object o;
    o["scope"] = std::string(*query(m, "scope"));
    o["id"] = c->request.id;
    o["date"] = indicators::format_date(c->request.from);
    o["zone"] = std::string(indicators::abbreviation(c->tz));
    o["expected"] = totals->attendance.expected;
    json::array list;
    for (int v : minutes) list.push_back(v);
    o["minutes"] = std::move(list);
    return json_response(req, bhttp::status::ok, json::serialize(o));
  });

  r.add(bhttp::verb::get, "/api/v1/kpi/daily", [src](const request& req, const route_match& m) {
    if (!query(m, "from") || !query(m, "to"))
      return error_response(req, bhttp::status::bad_request,
                            "parameter from dan to wajib / from and to are required (YYYY-MM-DD)");
    std::optional<response> fail;
    auto c = check(*src, req, m, query(m, "from"), query(m, "to"), fail);
    if (!c) return std::move(*fail);
    const std::int64_t first = indicators::days_from_civil(c->request.from);
    const std::int64_t last = indicators::days_from_civil(c->request.to);
    if (last - first >= daily_series_max_days)
      return error_response(req, bhttp::status::bad_request,
                            "periode terlalu panjang (maks. 62 hari) / period too long (at most 62 days)");
    const std::int64_t now = src->now_ms ? src->now_ms() : 0;

    json::array out;
    for (std::int64_t d = first; d <= last; ++d) {
      kpi_request one = c->request;
      one.from = one.to = indicators::civil_from_days(d);
      auto totals = compute_kpi_totals(c->org, c->scope, one, *src->aggregates, now, src->options);
      if (!totals)
        return error_response(req, bhttp::status::service_unavailable,
                              "penyimpanan gagal / store failed: " + totals.err().message);
      const auto k = indicators::make_kpi(*totals, src->options.weights);
      json::object o;
      o["date"] = indicators::format_date(one.from);
      o["responses"] = k.satisfaction.responses;
      o["csat"] = opt(k.satisfaction.csat);
      o["quick_index"] = opt(k.satisfaction.quick_index);
      o["ikm"] = opt(k.satisfaction.ikm);
      o["grade"] = opt(k.satisfaction.grade);
      o["present"] = k.attendance.present;
      o["expected"] = k.attendance.expected;
      o["served"] = k.service.served;
      out.push_back(std::move(o));
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });
}

}  // namespace pantau::hub::http
