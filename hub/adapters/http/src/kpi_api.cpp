#include "pantau/hub/http/kpi_api.hpp"

#include <boost/json.hpp>

#include <memory>

#include "pantau/hub/core/appraisal_query.hpp"
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

using handlers::query;
using handlers::store_failed;

namespace json = boost::json;

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

response unauthorized(const request& req) {
  return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
}
response forbidden(const request& req) {
  return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
}
json::value date_or_null(const std::optional<indicators::civil_date>& d) {
  return d ? json::value(indicators::format_date(*d)) : json::value(nullptr);
}

json::object employee_json(const organisation& org, const employee_info& e) {
  json::object o;
  o["nip"] = e.nip;
  o["name"] = e.name;
  o["unit"] = e.unit;
  const auto* u = org.find_unit(e.unit);
  o["office"] = u != nullptr ? json::value(u->office) : json::value(nullptr);
  o["active_from"] = date_or_null(e.active_from);
  o["active_to"] = date_or_null(e.active_to);
  json::array transfers;
  for (const auto& t : org.transfers)
    if (t.nip == e.nip) transfers.push_back({{"date", indicators::format_date(t.date)}, {"from_unit", t.from_unit}});
  o["transfers"] = std::move(transfers);
  return o;
}

error bad_field(std::string message) { return error{errc::bad_request, std::move(message)}; }

// A JSON employee: {"nip","name","unit"} and optionally "active_from"/"active_to" ("YYYY-MM-DD" or
// null) and "unit_from" ("YYYY-MM-DD": the unit changes on that day, a transfer that keeps the days
// before in the old unit; without it a changed unit is a correction of the record). Fields left out
// keep what is stored. Adds the transfer, if any, to `items`.
result<bool> add_employee(const json::value& v, const organisation& org, organisation& items) {
  const auto* o = v.if_object();
  if (o == nullptr) return bad_field("pegawai harus objek JSON / an employee must be a JSON object");
  employee_info e;
  std::optional<indicators::civil_date> unit_from;
  if (const auto* nip = o->if_contains("nip"); nip != nullptr && nip->is_string())
    if (const auto* known = org.find_employee(std::string_view(nip->get_string()))) e = *known;
  const std::string stored_unit = e.unit;
  for (const auto& [k, val] : *o) {
    const bool date_field = k == "active_from" || k == "active_to" || k == "unit_from";
    if (date_field && val.is_null() && k != "unit_from") {
      (k == "active_from" ? e.active_from : e.active_to).reset();
      continue;
    }
    const auto* s = val.if_string();
    if (s == nullptr)
      return bad_field("kolom " + std::string(k) + " harus teks / field " + std::string(k) + " must be a string");
    if (date_field) {
      auto d = indicators::parse_date(std::string_view(*s));
      if (!d)
        return bad_field("kolom " + std::string(k) + " harus tanggal YYYY-MM-DD / field " + std::string(k) +
                         " must be a YYYY-MM-DD date");
      (k == "active_from" ? e.active_from : k == "active_to" ? e.active_to : unit_from) = *d;
    } else if (k == "nip") e.nip = std::string(*s);
    else if (k == "name") e.name = std::string(*s);
    else if (k == "unit") e.unit = std::string(*s);
    else return bad_field("kolom tidak dikenal / unknown field: " + std::string(k));
  }
  if (e.nip.empty() || e.name.empty() || e.unit.empty())
    return bad_field("nip, name dan unit wajib / nip, name and unit are required");
  if (e.active_from && e.active_to && *e.active_to < *e.active_from)
    return bad_field("active_to sebelum active_from / active_to is before active_from");
  if (unit_from) {
    if (stored_unit.empty() || stored_unit == e.unit)
      return bad_field("unit_from hanya untuk mutasi pegawai yang ada ke unit lain / unit_from is only for moving an "
                       "existing employee to another unit");
    for (const auto& t : org.transfers)
      if (t.nip == e.nip && !(t.date < *unit_from))
        return bad_field("unit_from harus setelah mutasi terakhir / unit_from must be after the last transfer (" +
                         indicators::format_date(t.date) + ")");
    items.transfers.push_back({e.nip, *unit_from, stored_unit});
  }
  items.employees.push_back(std::move(e));
  return true;
}

}  // namespace

std::string kpi_json(const indicators::kpi& k) {
  json::object att;
  att["expected"] = k.attendance.expected;
  att["present"] = k.attendance.present;
  att["on_time"] = k.attendance.on_time;
  json::object late;
  json::object early;
  for (std::size_t i = 0; i < 4; ++i) {
    late["TL" + std::to_string(i + 1)] = k.attendance.late[i];
    early["PSW" + std::to_string(i + 1)] = k.attendance.early_leave[i];
  }
  att["late"] = std::move(late);
  att["early_leave"] = std::move(early);
  att["absent"] = k.attendance.absent;
  att["needs_review"] = k.attendance.needs_review;
  att["on_leave"] = k.attendance.on_leave;

  json::object sat;
  sat["responses"] = k.satisfaction.responses;
  json::array counts;
  for (auto c : k.satisfaction.counts) counts.push_back(c);
  sat["counts"] = std::move(counts);
  sat["csat"] = opt(k.satisfaction.csat);
  sat["quick_index"] = opt(k.satisfaction.quick_index);
  sat["ikm"] = opt(k.satisfaction.ikm);
  sat["grade"] = opt(k.satisfaction.grade);
  json::array nrr;
  for (const auto& v : k.satisfaction.nrr) nrr.push_back(opt(v));
  sat["nrr"] = std::move(nrr);
  sat["quick_grade"] = opt(k.satisfaction.quick_grade);
  sat["misuse_excluded"] = k.satisfaction.misuse_excluded;

  json::object svc;
  svc["served"] = k.service.served;
  svc["mean_s"] = opt(k.service.mean_s);
  svc["p90_s"] = opt(k.service.p90_s);
  svc["per_hour"] = opt(k.service.per_hour);

  json::object out;
  out["attendance"] = std::move(att);
  out["satisfaction"] = std::move(sat);
  out["service"] = std::move(svc);
  return json::serialize(out);
}

void add_kpi_routes(router& r, kpi_api_sources sources) {
  auto src = std::make_shared<kpi_api_sources>(std::move(sources));

  r.add(bhttp::verb::get, "/api/v1/kpi", [src](const request& req, const route_match& m) {
    if (!m.who) return unauthorized(req);
    auto parsed = parse_kpi_request(query(m, "scope"), query(m, "id"), query(m, "from"), query(m, "to"),
                                    query(m, "office"));
    if (!parsed) return error_response(req, bhttp::status::bad_request, parsed.err().message);
    if (src->org == nullptr || src->aggregates == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    auto scope = resolve_scope(*org, *parsed);
    if (!scope) {
      const auto status = scope.err().code == errc::not_found ? bhttp::status::not_found : bhttp::status::bad_request;
      return error_response(req, status, scope.err().message);
    }
    if (!may_see(*m.who, *scope)) return forbidden(req);
    const std::int64_t now = src->now_ms ? src->now_ms() : 0;
    auto totals = compute_kpi_totals(*org, *scope, *parsed, *src->aggregates, now, src->options);
    if (!totals) return store_failed(req, totals.err());
    return json_response(req, bhttp::status::ok, kpi_json(indicators::make_kpi(*totals, src->options.weights)));
  });

  r.add(bhttp::verb::get, "/api/v1/employees", [src](const request& req, const route_match& m) {
    if (!m.who) return unauthorized(req);
    if (src->org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    const auto unit = query(m, "unit");
    json::array out;
    for (const auto& e : org->employees) {
      if (!m.who->can_see_unit(e.unit)) continue;
      if (unit && e.unit != *unit) continue;
      out.push_back(employee_json(*org, e));
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });

  r.add(bhttp::verb::get, "/api/v1/employees/{nip}", [src](const request& req, const route_match& m) {
    if (!m.who) return unauthorized(req);
    if (src->org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    const auto* e = org->find_employee(m.params.at("nip"));
    if (e == nullptr) return error_response(req, bhttp::status::not_found, "pegawai tidak ditemukan / employee not found");
    if (!m.who->can_see_unit(e->unit)) return forbidden(req);
    auto out = employee_json(*org, *e);
    // This year's unexcused absence against the PP 94/2021 thresholds: a warning on the person.
    if (src->aggregates != nullptr) {
      const std::int64_t now = src->now_ms ? src->now_ms() : 0;
      const auto* unit = org->find_unit(e->unit);
      const int year = indicators::to_local(now, org->zone_of_office(unit != nullptr ? unit->office : "")).date.year;
      auto standing = compute_absence_standing(*org, std::span<const employee_info>(e, 1), year, *src->aggregates, now,
                                               src->options);
      if (!standing) return store_failed(req, standing.err());
      const auto& rec = standing->front().record;
      out["absence"] = {{"year", year},
                        {"absent_days", rec.days},
                        {"longest_run", rec.longest_run},
                        {"measure", indicators::to_string(rec.measure)},
                        {"severity", indicators::severity(rec.measure)},
                        {"label", indicators::label_id(rec.measure)},
                        {"label_en", indicators::label_en(rec.measure)}};
    }
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });

  // One employee object or an array of them; all are written or none.
  r.add(bhttp::verb::post, "/api/v1/employees", [src](const request& req, const route_match& m) {
    if (!m.who) return unauthorized(req);
    if (!m.who->is_admin()) return forbidden(req);
    if (src->org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec) return error_response(req, bhttp::status::bad_request, "JSON tidak sah / invalid JSON: " + ec.message());
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    organisation items;
    if (const auto* list = body.if_array()) {
      for (const auto& v : *list)
        if (auto added = add_employee(v, *org, items); !added)
          return error_response(req, bhttp::status::bad_request, added.err().message);
    } else if (auto added = add_employee(body, *org, items); !added) {
      return error_response(req, bhttp::status::bad_request, added.err().message);
    }
    auto stored = src->org->put_org(items);
    if (!stored) {
      if (stored.err().code == errc::invalid_org)
        return error_response(req, bhttp::status::unprocessable_entity, stored.err().message);
      return store_failed(req, stored.err());
    }
    json::object out;
    out["stored"] = items.employees.size();
    return json_response(req, bhttp::status::created, json::serialize(out));
  });

  // The whole file or nothing: every bad row is listed with its line number.
  r.add(bhttp::verb::post, "/api/v1/employees.csv", [src](const request& req, const route_match& m) {
    if (!m.who) return unauthorized(req);
    if (!m.who->is_admin()) return forbidden(req);
    if (src->org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src->org->load_org();
    if (!org) return store_failed(req, org.err());
    auto parsed = parse_employees_csv(req.body(), *org);
    if (!parsed.problems.empty()) {
      json::object out;
      out["error"] = "berkas CSV ditolak, tidak ada yang disimpan / CSV rejected, nothing was stored";
      json::array problems;
      for (const auto& p : parsed.problems) {
        json::object o;
        o["line"] = p.line;
        o["message"] = p.message;
        problems.push_back(std::move(o));
      }
      out["problems"] = std::move(problems);
      return json_response(req, bhttp::status::unprocessable_entity, json::serialize(out));
    }
    organisation items;
    items.employees = std::move(parsed.rows);
    auto stored = src->org->put_org(items);
    if (!stored) {
      if (stored.err().code == errc::invalid_org)
        return error_response(req, bhttp::status::unprocessable_entity, stored.err().message);
      return store_failed(req, stored.err());
    }
    json::object out;
    out["imported"] = items.employees.size();
    return json_response(req, bhttp::status::ok, json::serialize(out));
  });
}

}  // namespace pantau::hub::http
