#include "pantau/hub/http/rtl_api.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <memory>
#include <variant>

#include "handler_helpers.hpp"
#include "pantau/hub/core/appraisal_query.hpp"

namespace pantau::hub::http {
namespace {

namespace json = boost::json;
namespace ind = indicators;

using handlers::query;
using handlers::rejected;
using handlers::store_failed;

bool may_write(const principal& who, std::string_view unit) {
  return who.is_admin() || (who.role == role::supervisor && who.can_see_unit(unit));
}

ind::civil_date today_of(const organisation& org, std::string_view unit, std::int64_t now_ms) {
  const auto* u = org.find_unit(unit);
  return ind::to_local(now_ms, org.zone_of_office(u ? std::string_view(u->office) : std::string_view{})).date;
}

json::object item_object(const rtl_item& i) {
  json::object o;
  o["id"] = i.id;
  o["unit"] = i.unit;
  o["period"] = ind::to_string(i.of);
  o["element"] = ind::element_code(i.element);
  o["element_name"] = ind::element_name(i.element);
  o["problem"] = i.problem;
  o["action"] = i.action;
  o["owner_kind"] = to_string(i.owner_kind);
  o["owner"] = i.owner;
  o["due"] = ind::format_date(i.due);
  o["status"] = to_string(i.status);
  o["status_label"] = label_id(i.status);
  o["evidence"] = i.evidence;
  o["created_ms"] = i.created_ms;
  o["updated_ms"] = i.updated_ms;
  o["closed_ms"] = i.closed_ms ? json::value(*i.closed_ms) : json::value(nullptr);
  return o;
}

json::object item_object(const rtl_item& i, ind::civil_date today) {
  auto o = item_object(i);
  o["overdue"] = overdue(i, today);
  return o;
}

// The request's fields as text; a field that is not a string (or an unknown field) is refused by name.
result<rtl_fields> fields_of(const json::value& v) {
  const auto* o = v.if_object();
  if (o == nullptr) return error{errc::bad_request, "data harus objek JSON / each item must be a JSON object"};
  rtl_fields f;
  const std::pair<const char*, std::optional<std::string>*> known[] = {
      {"unit", &f.unit},       {"period", &f.period}, {"element", &f.element}, {"problem", &f.problem},
      {"action", &f.action},   {"owner_kind", &f.owner_kind}, {"owner", &f.owner}, {"due", &f.due},
      {"status", &f.status},   {"evidence", &f.evidence}};
  for (const auto& [k, val] : *o) {
    std::optional<std::string>* slot = nullptr;
    for (const auto& [name, target] : known)
      if (k == name) slot = target;
    if (slot == nullptr) return error{errc::bad_request, std::string(k) + ": kolom tidak dikenal / unknown field"};
    const auto* s = val.if_string();
    if (s == nullptr) return error{errc::bad_request, std::string(k) + ": harus teks / must be a string"};
    *slot = std::string(*s);
  }
  return f;
}

result<std::int64_t> id_of(const route_match& m) {
  const auto& text = m.params.at("id");
  std::int64_t id = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), id);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size() || id <= 0)
    return error{errc::not_found, "butir RTL tidak ditemukan / RTL item not found"};
  return id;
}

struct api {
  rtl_api_sources src;

  rtl_checks checks(const organisation& org) const { return rtl_checks{&org, src.account_can_own}; }
  std::int64_t now() const { return src.now_ms ? src.now_ms() : 0; }
  bool ready() const { return src.org != nullptr && src.items != nullptr; }

  response list(const request& req, const route_match& m) const {
    // The appraisal's parameters, with period= optional here: the list may span every period.
    const auto period = query(m, "period");
    const std::string any_period = ind::to_string(ind::period{});
    auto parsed = parse_appraisal_request(period.value_or(any_period), query(m, "unit"));
    if (!parsed) return rejected(req, parsed.err());
    auto org = src.org->load_org();
    if (!org) return store_failed(req, org.err());
    auto units = select_units(*org, *m.who, parsed->unit);
    if (!units) return rejected(req, units.err());
    rtl_filter f;
    for (const auto& u : *units) f.units.push_back(u.unit);
    if (period) f.of = parsed->of;
    f.open_only = query(m, "open").value_or("") == "1";
    auto items = src.items->list_rtl(f);
    if (!items) return store_failed(req, items.err());
    const auto t = now();
    json::array out;
    for (const auto& i : *items) out.push_back(item_object(i, today_of(*org, i.unit, t)));
    json::object body;
    body["items"] = std::move(out);
    return json_response(req, bhttp::status::ok, json::serialize(body));
  }

  response create(const request& req, const route_match& m) const {
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec) return error_response(req, bhttp::status::bad_request, "JSON tidak sah / invalid JSON: " + ec.message());
    std::vector<const json::value*> given;
    if (const auto* o = body.if_object(); o != nullptr && o->contains("items")) {
      const auto* list = o->at("items").if_array();
      if (o->size() != 1 || list == nullptr || list->empty())
        return error_response(req, bhttp::status::bad_request, "items: daftar butir tidak kosong / a non-empty list of items");
      for (const auto& v : *list) given.push_back(&v);
    } else {
      given.push_back(&body);
    }
    auto org = src.org->load_org();
    if (!org) return store_failed(req, org.err());
    const auto t = now();
    std::vector<rtl_item> items;
    for (std::size_t k = 0; k < given.size(); ++k) {
      const std::string where = given.size() > 1 ? "items[" + std::to_string(k) + "]." : "";
      auto f = fields_of(*given[k]);
      if (!f) return error_response(req, bhttp::status::bad_request, where + f.err().message);
      // Access first: a supervisor learns nothing about another unit's data from the checks.
      if (f->unit && org->find_unit(*f->unit) != nullptr && !may_write(*m.who, *f->unit))
        return error_response(req, bhttp::status::forbidden, "tidak berhak atas unit / forbidden for unit " + *f->unit);
      auto item = make_rtl_item(*f, checks(*org), t);
      if (!item) return error_response(req, bhttp::status::bad_request, where + item.err().message);
      items.push_back(std::move(item).value());
    }
    auto stored = src.items->insert_rtl(items, m.who->user, t);
    if (!stored) return store_failed(req, stored.err());
    if (src.changed) src.changed();
    json::array out;
    for (const auto& i : *stored) out.push_back(item_object(i, today_of(*org, i.unit, t)));
    json::object res;
    res["items"] = std::move(out);
    return json_response(req, bhttp::status::created, json::serialize(res));
  }

  // The item when it exists and the asker may see it (404 for both otherwise: ids of other units'
  // items are not confirmed to supervisors).
  std::variant<rtl_item, response> visible(const request& req, const route_match& m) const {
    auto id = id_of(m);
    if (!id) return rejected(req, id.err());
    auto found = src.items->find_rtl(*id);
    if (!found) return store_failed(req, found.err());
    if (!*found || !m.who->can_see_unit((*found)->unit))
      return error_response(req, bhttp::status::not_found, "butir RTL tidak ditemukan / RTL item not found");
    return std::move(**found);
  }

  response show(const request& req, const route_match& m) const {
    auto v = visible(req, m);
    if (auto* r = std::get_if<response>(&v)) return std::move(*r);
    const auto& item = std::get<rtl_item>(v);
    auto org = src.org->load_org();
    if (!org) return store_failed(req, org.err());
    auto trail = src.items->rtl_audit(item.id);
    if (!trail) return store_failed(req, trail.err());
    json::object out = item_object(item, today_of(*org, item.unit, now()));
    json::array audit;
    for (const auto& a : *trail) {
      json::object e;
      e["at_ms"] = a.at_ms;
      e["user"] = a.user;
      e["action"] = a.action;
      json::array changes;
      for (const auto& c : a.changes) changes.push_back(json::object{{"field", c.field}, {"before", c.before}, {"after", c.after}});
      e["changes"] = std::move(changes);
      audit.push_back(std::move(e));
    }
    out["audit"] = std::move(audit);
    return json_response(req, bhttp::status::ok, json::serialize(out));
  }

  // PUT (fields) and close (evidence) share the access check, the store's compare-and-set and the audit.
  response change(const request& req, const route_match& m, bool closing) const {
    auto v = visible(req, m);
    if (auto* r = std::get_if<response>(&v)) return std::move(*r);
    const auto& before = std::get<rtl_item>(v);
    if (!may_write(*m.who, before.unit)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    boost::system::error_code ec;
    const auto body = json::parse(req.body().empty() ? std::string_view("{}") : std::string_view(req.body()), ec);
    if (ec) return error_response(req, bhttp::status::bad_request, "JSON tidak sah / invalid JSON: " + ec.message());
    auto f = fields_of(body);
    if (!f) return error_response(req, bhttp::status::bad_request, f.err().message);
    auto org = src.org->load_org();
    if (!org) return store_failed(req, org.err());
    const auto t = now();
    result<rtl_item> after = error{errc::internal, ""};
    if (closing) {
      const bool only_evidence = !f->unit && !f->period && !f->element && !f->problem && !f->action && !f->owner_kind &&
                                 !f->owner && !f->due && !f->status;
      if (!only_evidence)
        return error_response(req, bhttp::status::bad_request, "close: hanya evidence / only evidence is taken when closing");
      after = close_rtl_item(before, f->evidence, t);
    } else {
      after = update_rtl_item(before, *f, checks(*org), t);
    }
    if (!after) return error_response(req, bhttp::status::bad_request, after.err().message);
    auto changes = rtl_diff(before, *after);
    if (changes.empty()) return json_response(req, bhttp::status::ok, json::serialize(item_object(before, today_of(*org, before.unit, t))));
    auto stored = src.items->update_rtl(*after, before.updated_ms,
                                        rtl_audit_entry{before.id, t, m.who->user, closing ? "close" : "update", changes});
    if (!stored) return store_failed(req, stored.err());
    if (!*stored)
      return error_response(req, bhttp::status::conflict,
                            "butir diubah orang lain, muat ulang / the item changed meanwhile, reload it");
    if (src.changed) src.changed();
    return json_response(req, bhttp::status::ok, json::serialize(item_object(*after, today_of(*org, after->unit, t))));
  }

  response proposal(const request& req, const route_match& m) const {
    if (src.aggregates == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto parsed = parse_appraisal_request(query(m, "period"), query(m, "unit"));
    if (!parsed) return rejected(req, parsed.err());
    if (!parsed->unit) return error_response(req, bhttp::status::bad_request, "unit: wajib diisi / required");
    auto org = src.org->load_org();
    if (!org) return store_failed(req, org.err());
    auto units = select_units(*org, *m.who, parsed->unit);
    if (!units) return rejected(req, units.err());
    const auto& of = parsed->of;
    auto totals = satisfaction_in(*org, *units, ind::days_from_civil(of.first()), ind::days_from_civil(of.last()),
                                  *src.aggregates);
    if (!totals) return store_failed(req, totals.err());
    auto existing = src.items->list_rtl(rtl_filter{{units->front().unit}, of, false});
    if (!existing) return store_failed(req, existing.err());
    const auto drafts = propose_rtl(units->front(), of, *totals, *m.who, *existing);
    json::object out;
    out["unit"] = units->front().unit;
    out["period"] = ind::to_string(of);
    out["responses"] = totals->responses;
    json::array nrr;
    for (const auto& v : ind::nrr(*totals)) nrr.push_back(v ? json::value(ind::round2(*v)) : json::value(nullptr));
    out["nrr"] = std::move(nrr);
    json::array items;
    for (const auto& d : drafts) {
      auto o = item_object(d);
      o.erase("id");
      o.erase("created_ms");
      o.erase("updated_ms");
      o.erase("closed_ms");
      items.push_back(std::move(o));
    }
    out["items"] = std::move(items);
    return json_response(req, bhttp::status::ok, json::serialize(out));
  }
};

}  // namespace

std::string rtl_item_json(const rtl_item& item) { return json::serialize(item_object(item)); }

void add_rtl_routes(router& r, rtl_api_sources sources) {
  auto a = std::make_shared<api>(api{std::move(sources)});
  const auto guarded = [a](auto method) {
    return [a, method](const request& req, const route_match& m) -> response {
      if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
      if (!a->ready()) return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
      return method(*a, req, m);
    };
  };
  r.add(bhttp::verb::get, "/api/v1/rtl", guarded([](const api& x, const request& q, const route_match& m) { return x.list(q, m); }));
  r.add(bhttp::verb::post, "/api/v1/rtl", guarded([](const api& x, const request& q, const route_match& m) { return x.create(q, m); }));
  r.add(bhttp::verb::get, "/api/v1/rtl/proposal",
        guarded([](const api& x, const request& q, const route_match& m) { return x.proposal(q, m); }), route_cost::long_running);
  r.add(bhttp::verb::get, "/api/v1/rtl/{id}", guarded([](const api& x, const request& q, const route_match& m) { return x.show(q, m); }));
  r.add(bhttp::verb::put, "/api/v1/rtl/{id}",
        guarded([](const api& x, const request& q, const route_match& m) { return x.change(q, m, false); }));
  r.add(bhttp::verb::post, "/api/v1/rtl/{id}/close",
        guarded([](const api& x, const request& q, const route_match& m) { return x.change(q, m, true); }));
}

}  // namespace pantau::hub::http
