#include "pantau/hub/http/appraisal_api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <memory>
#include <variant>

#include "handler_helpers.hpp"
#include "pantau/hub/core/export_tables.hpp"
#include "pantau/hub/export/csv_writer.hpp"
#include "pantau/hub/export/xlsx_writer.hpp"

namespace pantau::hub::http {
namespace {

namespace json = boost::json;
namespace ind = indicators;

using handlers::query;
using handlers::rejected;
using handlers::store_failed;

// What the appraisal and every export read before their own work: the organisation, the units the
// asker may see (or the one named) and the time that decides which days are over.
struct selection {
  organisation org;
  std::vector<unit_info> units;
  std::int64_t now_ms = 0;
};

// Either the selection or the answer that refuses it, with the same checks in the same order for
// every endpoint here.
std::variant<selection, response> read_selection(const kpi_api_sources& src, const request& req,
                                                 const principal& who, const std::optional<std::string>& unit) {
  if (src.org == nullptr || src.aggregates == nullptr)
    return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
  auto org = src.org->load_org();
  if (!org) return store_failed(req, org.err());
  auto units = select_units(*org, who, unit);
  if (!units) return rejected(req, units.err());
  return selection{std::move(org).value(), std::move(units).value(), src.now_ms ? src.now_ms() : 0};
}

json::value opt(const std::optional<double>& v) { return v ? json::value(ind::round2(*v)) : json::value(nullptr); }

json::array indicators_json(const std::vector<ind::indicator_assessment>& items) {
  json::array out;
  for (const auto& i : items) {
    json::object o;
    o["metric"] = ind::to_string(i.what);
    o["label"] = ind::label(i.what);
    o["value"] = opt(i.value);
    o["target"] = i.target;
    o["lower"] = i.lower;
    o["upper"] = i.upper;
    o["rating"] = i.rating ? json::value(ind::label(*i.rating)) : json::value(nullptr);
    o["insufficient"] = i.insufficient;
    o["calculation"] = i.calculation;
    out.push_back(std::move(o));
  }
  return out;
}

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.push_back(json::value(s));
  return out;
}

}  // namespace

std::string appraisal_json(const appraisal_report& report) {
  json::object out;
  out["period"] = ind::to_string(report.of);
  out["label"] = ind::label_id(report.of);
  out["from"] = ind::format_date(report.of.first());
  out["to"] = ind::format_date(report.of.last());
  json::array employees;
  for (const auto& item : report.employees) {
    json::object o;
    o["nip"] = item.employee.nip;
    o["name"] = item.employee.name;
    o["unit"] = item.employee.unit;
    if (item.outcome) {
      const auto& a = *item.outcome;
      o["recommended"] = ind::label(a.recommended);
      o["results_rating"] = ind::label(a.results_rating);
      o["behaviour_rating"] = ind::label(a.behaviour_rating);
      o["results"] = indicators_json(a.results);
      o["behaviour"] = indicators_json(a.behaviour);
      o["calculation"] = a.calculation;
    } else {
      o["recommended"] = nullptr;
      o["results_rating"] = nullptr;
      o["behaviour_rating"] = nullptr;
      o["results"] = json::array();
      o["behaviour"] = json::array();
      o["calculation"] = nullptr;
    }
    o["error"] = item.error ? json::value(*item.error) : json::value(nullptr);
    employees.push_back(std::move(o));
  }
  out["employees"] = std::move(employees);
  out["berprestasi"] = strings(report.lists.berprestasi);
  out["perlu_pembinaan"] = strings(report.lists.perlu_pembinaan);
  return json::serialize(out);
}

json::object absence_json(const absence_standing& s) {
  json::object o;
  o["nip"] = s.employee.nip;
  o["name"] = s.employee.name;
  o["unit"] = s.employee.unit;
  o["absent_days"] = s.record.days;
  o["longest_run"] = s.record.longest_run;
  o["measure"] = ind::to_string(s.record.measure);
  o["severity"] = ind::severity(s.record.measure);
  o["label"] = ind::label_id(s.record.measure);
  o["label_en"] = ind::label_en(s.record.measure);
  return o;
}

void add_appraisal_routes(router& r, kpi_api_sources sources) {
  auto src = std::make_shared<kpi_api_sources>(std::move(sources));

  r.add(bhttp::verb::get, "/api/v1/appraisal", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    auto parsed = parse_appraisal_request(query(m, "period"), query(m, "unit"));
    if (!parsed) return rejected(req, parsed.err());
    auto selected = read_selection(*src, req, *m.who, parsed->unit);
    if (auto* refused = std::get_if<response>(&selected)) return std::move(*refused);
    const auto& [org, units, now] = std::get<selection>(selected);
    auto report = compute_appraisal(org, units, parsed->of, *src->aggregates, now, src->options);
    if (!report) return store_failed(req, report.err());
    return json_response(req, bhttp::status::ok, appraisal_json(*report));
  }, route_cost::long_running);

  // Unexcused absence against the PP 94/2021 thresholds for a year, per employee of the units asked
  // for: those who reached a threshold, or everyone with all=1. A warning, never a sanction.
  r.add(bhttp::verb::get, "/api/v1/discipline", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    const auto year_text = query(m, "year");
    if (!year_text || year_text->size() != 4 ||
        !std::all_of(year_text->begin(), year_text->end(), [](char c) { return c >= '0' && c <= '9'; }))
      return error_response(req, bhttp::status::bad_request, "year wajib, 4 angka / year is required, 4 digits");
    const int year = std::stoi(std::string(*year_text));
    if (year < 2000 || year > 2100)
      return error_response(req, bhttp::status::bad_request, "year 2000..2100 / year must be 2000..2100");
    std::optional<std::string> unit;
    if (const auto u = query(m, "unit")) unit = std::string(*u);
    auto selected = read_selection(*src, req, *m.who, unit);
    if (auto* refused = std::get_if<response>(&selected)) return std::move(*refused);
    const auto& [org, units, now] = std::get<selection>(selected);
    std::vector<employee_info> staff;
    for (const auto& u : units)
      for (const auto& e : org.employees)
        if (e.unit == u.unit) staff.push_back(e);
    auto standing = compute_absence_standing(org, staff, year, *src->aggregates, now, src->options);
    if (!standing) return store_failed(req, standing.err());
    const bool all = query(m, "all") == std::optional<std::string_view>("1");
    json::array list;
    for (const auto& s : *standing) {
      if (!all && s.record.measure == ind::absence_measure::none) continue;
      list.push_back(absence_json(s));
    }
    json::object out;
    out["year"] = year;
    out["employees"] = std::move(list);
    return json_response(req, bhttp::status::ok, json::serialize(out));
  }, route_cost::long_running);

  r.add(bhttp::verb::get, "/api/v1/export/{file}", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    auto parsed = parse_export_request(m.params.at("file"), query(m, "unit"), query(m, "from"), query(m, "to"),
                                       query(m, "period"));
    if (!parsed) return rejected(req, parsed.err());
    auto selected = read_selection(*src, req, *m.who, parsed->unit);
    if (auto* refused = std::get_if<response>(&selected)) return std::move(*refused);
    const auto& [org, units, now] = std::get<selection>(selected);

    result<export_table> table = error{errc::internal, "no table"};
    switch (parsed->kind) {
      case export_kind::attendance:
        table = attendance_table(org, units, parsed->from, parsed->to, *src->aggregates, now, src->options);
        break;
      case export_kind::ratings:
        table = ratings_table(org, units, parsed->from, parsed->to, *src->aggregates, src->options);
        break;
      case export_kind::appraisal: {
        auto report = compute_appraisal(org, units, parsed->of, *src->aggregates, now, src->options);
        if (!report) return store_failed(req, report.err());
        table = appraisal_table(*report);
        break;
      }
    }
    if (!table) return store_failed(req, table.err());

    std::string body;
    std::string_view type;
    if (parsed->format == export_format::csv) {
      body = exporting::to_csv(*table);
      type = "text/csv; charset=utf-8";
    } else {
      auto bytes = exporting::to_xlsx(*table);
      if (!bytes)
        return error_response(req, bhttp::status::internal_server_error, "ekspor gagal / export failed: " + bytes.err().message);
      body = std::move(bytes).value();
      type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    auto res = make_response(req, bhttp::status::ok, std::move(body), type);
    res.set(bhttp::field::content_disposition, "attachment; filename=\"" + export_file_name(*parsed) + "\"");
    return res;
  }, route_cost::long_running);
}

}  // namespace pantau::hub::http
