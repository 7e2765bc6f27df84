#include "pantau/hub/http/org_api.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <functional>
#include <set>
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

using handlers::store_failed;

namespace json = boost::json;
namespace ind = indicators;

error bad(std::string message) { return error{errc::bad_request, std::move(message)}; }

result<std::string> text_of(const json::value& v, std::string_view key) {
  const auto* s = v.if_string();
  if (s == nullptr) return bad("kolom " + std::string(key) + " harus teks / field " + std::string(key) + " must be a string");
  return std::string(*s);
}

result<double> number_of(const json::value& v, std::string_view key) {
  double d = 0;
  if (const auto* i = v.if_int64()) d = static_cast<double>(*i);
  else if (const auto* u = v.if_uint64()) d = static_cast<double>(*u);
  else if (const auto* f = v.if_double()) d = *f;
  else return bad("kolom " + std::string(key) + " harus angka / field " + std::string(key) + " must be a number");
  if (!std::isfinite(d)) return bad("kolom " + std::string(key) + " harus angka / field " + std::string(key) + " must be a number");
  return d;
}

result<int> integer_of(const json::value& v, std::string_view key) {
  auto d = number_of(v, key);
  if (!d) return d.err();
  if (*d != std::floor(*d) || std::fabs(*d) > 1e6)
    return bad("kolom " + std::string(key) + " harus bilangan bulat / field " + std::string(key) + " must be an integer");
  return static_cast<int>(*d);
}

// Applies each field of the object with `apply(key, value)`; a field it does not know is an error.
result<bool> each_field(const json::value& v, const std::function<result<bool>(std::string_view, const json::value&)>& apply) {
  const auto* o = v.if_object();
  if (o == nullptr) return bad("data harus objek JSON / each item must be a JSON object");
  for (const auto& [k, val] : *o) {
    auto r = apply(k, val);
    if (!r) return r;
  }
  return true;
}

result<bool> unknown_field(std::string_view key) {
  return bad("kolom tidak dikenal / unknown field: " + std::string(key));
}

// Sets `target` from a JSON string field.
result<bool> set_text(std::string& target, const json::value& v, std::string_view key) {
  auto s = text_of(v, key);
  if (!s) return s.err();
  target = std::move(s).value();
  return true;
}

// Each kind: its key in the path, how a body item merges over the stored one, and how it is stored.
struct office_kind {
  static constexpr const char* plural = "offices";
  static result<office_info> item(const json::value& v, const organisation& org, const std::vector<std::string>& key) {
    office_info o;
    std::string id = key.empty() ? std::string{} : key[0];
    bool has_zone = false, has_name = false;
    if (const auto* obj = v.if_object(); obj != nullptr && obj->contains("office") && id.empty()) {
      auto s = text_of(obj->at("office"), "office");
      if (!s) return s.err();
      id = *s;
    }
    if (const auto* found = org.find_office(id)) {
      o = *found;
      has_zone = has_name = true;
    }
    o.office = id;
    auto r = each_field(v, [&](std::string_view k, const json::value& val) -> result<bool> {
      if (k == "office") {
        auto s = text_of(val, k);
        if (!s) return s.err();
        if (*s != id) return bad("office di data dan di alamat berbeda / office in body and path differ");
        return true;
      }
      if (k == "name") {
        has_name = true;
        return set_text(o.name, val, k);
      }
      if (k == "zone") {
        auto s = text_of(val, k);
        if (!s) return s.err();
        auto z = ind::parse_zone(*s);
        if (!z) return bad("zone harus WIB, WITA atau WIT / zone must be WIB, WITA or WIT");
        o.tz = *z;
        has_zone = true;
        return true;
      }
      return unknown_field(k);
    });
    if (!r) return r.err();
    if (o.office.empty()) return bad("office wajib / office is required");
    if (!has_name || !has_zone) return bad("kantor baru perlu name dan zone / a new office needs name and zone");
    return o;
  }
  static void add(organisation& items, office_info o) { items.offices.push_back(std::move(o)); }
};

struct unit_kind {
  static constexpr const char* plural = "units";
  static result<unit_info> item(const json::value& v, const organisation& org, const std::vector<std::string>& key) {
    unit_info u;
    std::string id = key.empty() ? std::string{} : key[0];
    if (const auto* obj = v.if_object(); obj != nullptr && obj->contains("unit") && id.empty()) {
      auto s = text_of(obj->at("unit"), "unit");
      if (!s) return s.err();
      id = *s;
    }
    bool known = false;
    if (const auto* found = org.find_unit(id)) {
      u = *found;
      known = true;
    }
    u.unit = id;
    auto r = each_field(v, [&](std::string_view k, const json::value& val) -> result<bool> {
      if (k == "unit") {
        auto s = text_of(val, k);
        if (!s) return s.err();
        if (*s != id) return bad("unit di data dan di alamat berbeda / unit in body and path differ");
        return true;
      }
      if (k == "office") return set_text(u.office, val, k);
      if (k == "name") return set_text(u.name, val, k);
      if (k == "grace_minutes") {
        auto n = integer_of(val, k);
        if (!n) return n.err();
        u.grace_minutes = *n;
        return true;
      }
      if (k == "target_present_pct" || k == "target_ikm") {
        auto n = number_of(val, k);
        if (!n) return n.err();
        (k == "target_ikm" ? u.target_ikm : u.target_present_pct) = *n;
        return true;
      }
      if (k == "tracking_since") {  // "YYYY-MM-DD" set by an admin, or null: from the office's first event
        u.tracking_auto = false;
        if (val.is_null()) {
          u.tracking_since.reset();
          return true;
        }
        auto s = text_of(val, k);
        if (!s) return s.err();
        auto d = ind::parse_date(*s);
        if (!d) return bad("tracking_since harus tanggal YYYY-MM-DD / tracking_since must be a YYYY-MM-DD date");
        u.tracking_since = *d;
        return true;
      }
      if (k == "weekly") {  // "07:30-16:00,...,-" from Monday, or null for the Perpres 21/2023 week
        if (val.is_null()) {
          u.weekly.reset();
          return true;
        }
        auto s = text_of(val, k);
        if (!s) return s.err();
        auto w = decode_week(*s);
        if (!w) return bad("minggu kerja tidak sah / bad weekly: " + w.err().message);
        u.weekly = *w;
        return true;
      }
      if (k == "services") {  // [{"code":"ktp-el","name":"KTP elektronik"}, ...]: the whole list, replaced
        const auto* list = val.if_array();
        if (list == nullptr) return bad("services: daftar {code, name} / expected an array of {code, name}");
        u.services.clear();
        for (const auto& item : *list) {
          service_info sv;
          auto f = each_field(item, [&](std::string_view sk, const json::value& sval) -> result<bool> {
            if (sk == "code") return set_text(sv.code, sval, sk);
            if (sk == "name") return set_text(sv.name, sval, sk);
            return unknown_field(sk);
          });
          if (!f) return f;
          if (sv.code.empty() || sv.name.empty()) return bad("services: code dan name wajib / code and name are required");
          u.services.push_back(std::move(sv));
        }
        return true;
      }
      return unknown_field(k);
    });
    if (!r) return r.err();
    if (u.unit.empty()) return bad("unit wajib / unit is required");
    if (!known && (u.office.empty() || u.name.empty()))
      return bad("unit baru perlu office dan name / a new unit needs office and name");
    return u;
  }
  static void add(organisation& items, unit_info u) { items.units.push_back(std::move(u)); }
};

struct counter_kind {
  static constexpr const char* plural = "counters";
  static result<counter_info> item(const json::value& v, const organisation& org, const std::vector<std::string>& key) {
    counter_info c;
    if (key.size() == 2) {
      c.office = key[0];
      c.counter = key[1];
    }
    const bool from_path = key.size() == 2;
    auto r = each_field(v, [&](std::string_view k, const json::value& val) -> result<bool> {
      if (k == "office" || k == "counter") {
        auto s = text_of(val, k);
        if (!s) return s.err();
        std::string& field = k == "office" ? c.office : c.counter;
        if (from_path && *s != field)
          return bad(std::string(k) + " di data dan di alamat berbeda / " + std::string(k) + " in body and path differ");
        field = std::move(s).value();
        return true;
      }
      if (k == "unit") return set_text(c.unit, val, k);
      return unknown_field(k);
    });
    if (!r) return r.err();
    if (c.office.empty() || c.counter.empty()) return bad("office dan counter wajib / office and counter are required");
    if (c.unit.empty()) {
      for (const auto& existing : org.counters)
        if (existing.office == c.office && existing.counter == c.counter) c.unit = existing.unit;
      if (c.unit.empty()) return bad("loket baru perlu unit / a new counter needs unit");
    }
    return c;
  }
  static void add(organisation& items, counter_info c) { items.counters.push_back(std::move(c)); }
};

struct holiday_kind {
  static constexpr const char* plural = "holidays";
  static result<holiday_info> item(const json::value& v, const organisation& org, const std::vector<std::string>& key) {
    holiday_info h;
    std::string date_text;
    if (key.size() == 2) {
      h.office = key[0];
      date_text = key[1];
    }
    const bool from_path = key.size() == 2;
    auto r = each_field(v, [&](std::string_view k, const json::value& val) -> result<bool> {
      if (k == "office" || k == "date") {
        auto s = text_of(val, k);
        if (!s) return s.err();
        std::string& field = k == "office" ? h.office : date_text;
        if (from_path && *s != field)
          return bad(std::string(k) + " di data dan di alamat berbeda / " + std::string(k) + " in body and path differ");
        field = std::move(s).value();
        return true;
      }
      if (k == "name") return set_text(h.name, val, k);
      return unknown_field(k);
    });
    if (!r) return r.err();
    auto d = ind::parse_date(date_text);
    if (h.office.empty() || !d) return bad("office dan date (YYYY-MM-DD) wajib / office and date (YYYY-MM-DD) are required");
    h.date = *d;
    if (h.name.empty()) {
      for (const auto& existing : org.holidays)
        if (existing.office == h.office && existing.date == h.date) h.name = existing.name;
      if (h.name.empty()) return bad("hari libur perlu name / a holiday needs name");
    }
    if (h.name.size() > 200) return bad("name terlalu panjang / name too long");
    return h;
  }
  static void add(organisation& items, holiday_info h) { items.holidays.push_back(std::move(h)); }
};

json::object office_json(const office_info& o) {
  // The zone's IANA name and offset ride along: the dashboard keeps no zone table of its own.
  return {{"office", o.office},
          {"name", o.name},
          {"zone", ind::abbreviation(o.tz)},
          {"iana", ind::iana_name(o.tz)},
          {"utc_offset_minutes", ind::utc_offset_minutes(o.tz)}};
}
json::array services_json(const std::vector<service_info>& services) {
  json::array out;
  for (const auto& sv : services) out.push_back(json::object{{"code", sv.code}, {"name", sv.name}});
  return out;
}
json::object unit_json(const unit_info& u) {
  return {{"unit", u.unit},
          {"office", u.office},
          {"name", u.name},
          {"grace_minutes", u.grace_minutes},
          {"target_present_pct", u.target_present_pct},
          {"target_ikm", u.target_ikm},
          {"weekly", u.weekly ? json::value(encode_week(*u.weekly)) : json::value(nullptr)},
          {"tracking_since", u.tracking_since ? json::value(ind::format_date(*u.tracking_since)) : json::value(nullptr)},
          {"tracking_auto", u.tracking_auto},
          {"services", services_json(u.services)}};
}
json::object counter_json(const counter_info& c) {
  return {{"office", c.office}, {"counter", c.counter}, {"unit", c.unit}};
}
json::object employee_json(const employee_info& e) {
  return {{"nip", e.nip},
          {"name", e.name},
          {"unit", e.unit},
          {"active_from", e.active_from ? json::value(ind::format_date(*e.active_from)) : json::value(nullptr)},
          {"active_to", e.active_to ? json::value(ind::format_date(*e.active_to)) : json::value(nullptr)}};
}
json::object holiday_json(const holiday_info& h) {
  return {{"office", h.office}, {"date", ind::format_date(h.date)}, {"name", h.name}};
}

// POST (object or array) and PUT (one object keyed by the path) of one kind.
template <class Kind>
void add_kind(router& r, org_directory* org, std::string_view put_pattern, std::size_t key_parts) {
  const auto write = [org](const request& req, const route_match& m, std::vector<std::string> key) -> response {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (!m.who->is_admin()) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    if (org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    boost::system::error_code ec;
    const auto body = json::parse(req.body(), ec);
    if (ec) return error_response(req, bhttp::status::bad_request, "JSON tidak sah / invalid JSON: " + ec.message());
    auto current = org->load_org();
    if (!current) return store_failed(req, current.err());
    organisation items;
    const bool put = !key.empty();
    if (const auto* list = body.if_array(); list != nullptr && !put) {
      if (list->empty()) return error_response(req, bhttp::status::bad_request, "daftar kosong / empty list");
      for (const auto& v : *list) {
        auto it = Kind::item(v, *current, key);
        if (!it) return error_response(req, bhttp::status::bad_request, it.err().message);
        Kind::add(items, std::move(it).value());
      }
    } else {
      auto it = Kind::item(body, *current, key);
      if (!it) return error_response(req, bhttp::status::bad_request, it.err().message);
      Kind::add(items, std::move(it).value());
    }
    auto stored = org->put_org(items);
    if (!stored) {
      if (stored.err().code == errc::invalid_org)
        return error_response(req, bhttp::status::bad_request, "data organisasi ditolak / " + stored.err().message);
      return store_failed(req, stored.err());
    }
    json::object out;
    out["stored"] = items.offices.size() + items.units.size() + items.counters.size() + items.holidays.size();
    return json_response(req, put ? bhttp::status::ok : bhttp::status::created, json::serialize(out));
  };
  r.add(bhttp::verb::post, std::string("/api/v1/") + Kind::plural,
        [write](const request& req, const route_match& m) { return write(req, m, {}); });
  const auto put = [write, key_parts](const request& req, const route_match& m) {
    std::vector<std::string> key;
    for (const char* name : {"a", "b"})
      if (key.size() < key_parts) key.push_back(m.params.at(name));
    return write(req, m, std::move(key));
  };
  r.add(bhttp::verb::put, put_pattern, put);
}

}  // namespace

std::string org_json(const organisation& org, const principal& who) {
  std::set<std::string> offices;
  json::array units, counters, employees, holidays, office_list;
  for (const auto& u : org.units)
    if (who.can_see_unit(u.unit)) {
      units.push_back(unit_json(u));
      offices.insert(u.office);
    }
  for (const auto& o : org.offices)
    if (who.is_admin() || offices.contains(o.office)) office_list.push_back(office_json(o));
  for (const auto& c : org.counters)
    if (who.can_see_unit(c.unit)) counters.push_back(counter_json(c));
  for (const auto& e : org.employees)
    if (who.can_see_unit(e.unit)) employees.push_back(employee_json(e));
  for (const auto& h : org.holidays)
    if (who.is_admin() || offices.contains(h.office)) holidays.push_back(holiday_json(h));
  json::array transfers;
  for (const auto& t : org.transfers)
    if (const auto* e = org.find_employee(t.nip); e != nullptr && who.can_see_unit(e->unit))
      transfers.push_back({{"nip", t.nip}, {"date", ind::format_date(t.date)}, {"from_unit", t.from_unit}});
  json::object out;
  out["offices"] = std::move(office_list);
  out["units"] = std::move(units);
  out["counters"] = std::move(counters);
  out["employees"] = std::move(employees);
  out["holidays"] = std::move(holidays);
  out["transfers"] = std::move(transfers);
  return json::serialize(out);
}

void add_org_routes(router& r, org_directory* org) {
  r.add(bhttp::verb::get, "/api/v1/org", [org](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto current = org->load_org();
    if (!current) return store_failed(req, current.err());
    return json_response(req, bhttp::status::ok, org_json(*current, *m.who));
  });
  add_kind<office_kind>(r, org, "/api/v1/offices/{a}", 1);
  add_kind<unit_kind>(r, org, "/api/v1/units/{a}", 1);
  add_kind<counter_kind>(r, org, "/api/v1/counters/{a}/{b}", 2);
  add_kind<holiday_kind>(r, org, "/api/v1/holidays/{a}/{b}", 2);
}

}  // namespace pantau::hub::http
