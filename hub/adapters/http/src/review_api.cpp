#include "pantau/hub/http/review_api.hpp"

#include <boost/json.hpp>

#include <memory>
#include <string>

#include "pantau/hub/indicators/time_zone.hpp"
#include "pantau/shared/iso_time.hpp"
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

using handlers::store_failed;

namespace json = boost::json;

json::object item_json(const review_item& i, const organisation& org) {
  json::object o;
  o["event"] = i.event;
  o["office"] = i.office;
  o["kiosk"] = i.kiosk;
  o["boot"] = i.boot;
  o["mono_ms"] = i.mono_ms;
  o["employee"] = i.employee;
  const auto* e = org.find_employee(i.employee);
  o["name"] = e != nullptr ? json::value(e->name) : json::value(nullptr);
  o["unit"] = e != nullptr ? json::value(e->unit) : json::value(nullptr);
  o["action"] = i.action;
  o["stamped"] = format_utc_ms(i.stamped_ms);
  o["filed_under"] = indicators::format_date(indicators::civil_from_days(i.filed_day));
  o["photo"] = i.photo ? json::value(*i.photo) : json::value(nullptr);
  const auto* office = org.find_office(i.office);
  o["zone"] = indicators::abbreviation(office != nullptr ? office->tz : indicators::zone::wib);
  return o;
}

json::object record_json(const review_record& r) {
  json::object o;
  o["event"] = r.event;
  o["employee"] = r.employee;
  o["reviewer"] = r.reviewer;
  o["reviewed_at"] = format_utc_ms(r.reviewed_ms);
  o["old"] = format_utc_ms(r.old_ms);
  o["new"] = format_utc_ms(r.new_ms);
  o["reason"] = r.reason;
  return o;
}

// The body's three text fields; anything else is refused by name.
result<review_request> parse_body(std::string_view body) {
  boost::system::error_code ec;
  const json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return error{errc::bad_request, "data harus objek JSON / body must be a JSON object"};
  std::string fields[3];
  constexpr std::string_view names[3] = {"event", "time", "reason"};
  for (const auto& [key, val] : v.as_object()) {
    std::size_t at = 0;
    while (at < 3 && names[at] != key) ++at;
    if (at == 3) return error{errc::bad_request, "kolom tidak dikenal / unknown field: " + std::string(key)};
    if (!val.is_string())
      return error{errc::bad_request, std::string(key) + ": harus teks / must be a string"};
    fields[at] = std::string(val.as_string());
  }
  return make_review_request(fields[0], fields[1], fields[2]);
}

}  // namespace

void add_review_routes(router& r, review_api_sources sources) {
  auto src = std::make_shared<review_api_sources>(std::move(sources));

  r.add(bhttp::verb::get, reviews_path, [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (src->org == nullptr || src->reviews == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    const auto state = m.query.find("state");
    const bool done = state != m.query.end() && state->second == "done";
    if (state != m.query.end() && !done && state->second != "pending")
      return error_response(req, bhttp::status::bad_request,
                            "state harus pending atau done / state must be pending or done");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    json::array out;
    if (done) {
      auto list = src->reviews->reviews_done();
      if (!list) return store_failed(req, list.err());
      for (const auto& rec : *list)
        if (may_review(*m.who, *org, rec.employee)) out.push_back(record_json(rec));
    } else {
      auto list = src->reviews->pending_reviews();
      if (!list) return store_failed(req, list.err());
      for (const auto& item : *list)
        if (may_review(*m.who, *org, item.employee)) out.push_back(item_json(item, *org));
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });

  r.add(bhttp::verb::post, reviews_path, [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (m.who->role == role::viewer) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    if (src->org == nullptr || src->reviews == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto wanted = parse_body(req.body());
    if (!wanted) return error_response(req, bhttp::status::bad_request, wanted.err().message);
    // Nobody checks in in the future: such a time is a typo (a wrong day or zone).
    if (src->now_ms && wanted->ts_ms > src->now_ms())
      return error_response(req, bhttp::status::bad_request,
                            "time: di masa depan / time: in the future (" + format_utc_ms(wanted->ts_ms) + ")");
    auto item = src->reviews->find_pending(wanted->event);
    if (!item) return store_failed(req, item.err());
    if (!*item)
      return error_response(req, bhttp::status::bad_request,
                            "event: tidak dikenal atau sudah ditinjau / event: unknown or already reviewed");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    if (!may_review(*m.who, *org, (*item)->employee))
      return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden: another unit's employee");
    auto done = src->reviews->accept_review(*wanted, m.who->user, src->now_ms ? src->now_ms() : 0);
    if (!done) {
      if (done.err().code == errc::not_found)
        return error_response(req, bhttp::status::bad_request,
                              "event: tidak dikenal atau sudah ditinjau / event: unknown or already reviewed");
      return store_failed(req, done.err());
    }
    if (src->accepted) src->accepted(*done, (*item)->office);
    return json_response(req, bhttp::status::ok, json::serialize(record_json(*done)));
  });
}

}  // namespace pantau::hub::http
