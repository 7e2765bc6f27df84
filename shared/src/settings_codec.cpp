#include "pantau/shared/settings_codec.hpp"

#include <algorithm>
#include <optional>

#include "json_reader.hpp"
#include "pantau/shared/calendar.hpp"
#include "pantau/shared/iso_time.hpp"
#include "pantau/shared/validate.hpp"
#include "pantau/shared/zone.hpp"

namespace pantau {
namespace {

using detail::counter_expected;
using detail::nip_expected;
using detail::object_reader;
namespace json = boost::json;

bool is_name_text(std::string_view s) { return !s.empty() && is_printable_text(s, 120); }

bool is_key_id(std::string_view s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Reads an array of objects at `key`, handing each to `each(reader)` with a path like "roster[2]".
template <class Each>
void read_objects(object_reader& r, std::string_view key, std::size_t max_items, Each each) {
  const json::value* v = r.required(key);
  if (v == nullptr) return;
  if (!v->is_array() || v->get_array().size() > max_items) {
    r.fail(errc::invalid_field, key, "expected an array of at most " + std::to_string(max_items) + " objects");
    return;
  }
  std::size_t i = 0;
  for (const auto& item : v->get_array()) {
    const std::string path = r.full_path(key) + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      r.fail(errc::invalid_field, path, "expected an object", true);
      return;
    }
    object_reader inner(item.get_object(), path);
    each(inner);
    if (inner.failed()) {
      r.adopt(inner.take_error());
      return;
    }
  }
}

}  // namespace

std::string encode_settings(const kiosk_settings& s) {
  json::object o;
  o["v"] = 1;
  o["office"] = s.office;
  o["kiosk"] = s.kiosk;
  if (!s.key.empty()) o["key"] = s.key;
  o["zone"] = s.zone;
  o["language"] = s.language;
  o["rating_mode"] = s.rating_mode;
  json::array roster;
  for (const auto& r : s.roster) roster.push_back(json::object{{"nip", r.nip}, {"name", r.name}, {"unit", r.unit}});
  o["roster"] = std::move(roster);
  json::array counters;
  for (const auto& c : s.counters) counters.push_back(json::object{{"counter", c.counter}, {"unit", c.unit}});
  o["counters"] = std::move(counters);
  json::array hours;
  for (const auto& h : s.hours) {
    json::array weekly;
    for (const auto& d : h.weekly) {
      if (d)
        weekly.push_back(json::array{json::string(format_hh_mm(d->start_min)), json::string(format_hh_mm(d->end_min))});
      else
        weekly.push_back(nullptr);
    }
    hours.push_back(json::object{{"unit", h.unit}, {"weekly", std::move(weekly)}, {"grace_min", h.grace_minutes}});
  }
  o["hours"] = std::move(hours);
  json::array holidays;
  for (const auto& d : s.holidays) holidays.push_back(json::string(d));
  o["holidays"] = std::move(holidays);
  o["bands"] = json::array{s.bands[0], s.bands[1], s.bands[2]};
  json::array services;
  for (const auto& x : s.services)
    services.push_back(json::object{{"unit", x.unit}, {"code", x.code}, {"name", x.name}});
  o["services"] = std::move(services);
  o["respondent_profile"] = s.respondent_profile;
  o["issued"] = s.issued;
  return json::serialize(o);
}

result<kiosk_settings> decode_settings(std::string_view payload) {
  if (payload.size() > max_settings_bytes)
    return error{errc::too_large, "payload: expected at most " + std::to_string(max_settings_bytes) + " bytes"};
  if (!is_valid_utf8(payload)) return error{errc::invalid_utf8, "payload: expected UTF-8 text"};
  error err;
  const json::value root = detail::parse_object(payload, err);
  if (!root.is_object()) return err;
  object_reader r(root.get_object(), "");
  r.allow_only({"v", "office", "kiosk", "key", "zone", "language", "rating_mode", "roster", "counters", "hours",
                "holidays", "bands", "services", "respondent_profile", "issued"});
  if (r.integer("v", 0, "expected 1") != 1 && !r.failed()) r.fail(errc::unsupported_version, "v", "expected 1");
  kiosk_settings s;
  s.office = r.string("office", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} name");
  s.kiosk = r.string("kiosk", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} name");
  if (root.get_object().contains("key"))
    s.key = r.string("key", is_key_id, "expected a key id of 16 lowercase hex digits");
  s.zone = r.string("zone", [](std::string_view z) { return zone_from_abbreviation(z).has_value(); },
                    "expected \"WIB\", \"WITA\" or \"WIT\"");
  s.language = r.string("language", [](std::string_view l) { return l == "id" || l == "en"; },
                        "expected \"id\" or \"en\"");
  s.rating_mode = r.string("rating_mode", [](std::string_view m) { return m == "quick" || m == "skm"; },
                           "expected \"quick\" or \"skm\"");
  read_objects(r, "roster", 100'000, [&](object_reader& e) {
    e.allow_only({"nip", "name", "unit"});
    roster_entry x;
    x.nip = e.string("nip", is_valid_nip, nip_expected);
    x.name = e.string("name", is_name_text, "expected a name of 1..120 printable characters");
    x.unit = e.string("unit", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} unit id");
    s.roster.push_back(std::move(x));
  });
  read_objects(r, "counters", 1000, [&](object_reader& e) {
    e.allow_only({"counter", "unit"});
    counter_entry x;
    x.counter = e.string("counter", is_valid_counter, counter_expected);
    x.unit = e.string("unit", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} unit id");
    s.counters.push_back(std::move(x));
  });
  read_objects(r, "hours", 1000, [&](object_reader& e) {
    e.allow_only({"unit", "weekly", "grace_min"});
    unit_hours x;
    x.unit = e.string("unit", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} unit id");
    const std::int64_t grace = e.integer("grace_min", 0, "expected minutes 0..240");
    if (grace > 240) e.fail(errc::invalid_field, "grace_min", "expected minutes 0..240");
    x.grace_minutes = static_cast<int>(grace);
    const json::value* w = e.required("weekly");
    if (w != nullptr && (!w->is_array() || w->get_array().size() != 7)) {
      e.fail(errc::invalid_field, "weekly", "expected 7 days, Monday first, each [\"HH:MM\",\"HH:MM\"] or null");
    } else if (w != nullptr) {
      for (std::size_t d = 0; d < 7; ++d) {
        const auto& day = w->get_array()[d];
        if (day.is_null()) continue;
        std::optional<int> from, to;
        if (day.is_array() && day.get_array().size() == 2 && day.get_array()[0].is_string() &&
            day.get_array()[1].is_string()) {
          from = parse_hh_mm(day.get_array()[0].get_string());
          to = parse_hh_mm(day.get_array()[1].get_string());
        }
        if (!from || !to || *from == *to) {
          e.fail(errc::invalid_field, "weekly[" + std::to_string(d) + "]",
                 "expected [\"HH:MM\",\"HH:MM\"] with different times, or null");
          break;
        }
        x.weekly[d] = work_hours{*from, *to};
      }
    }
    s.hours.push_back(std::move(x));
  });
  if (const json::value* h = r.required("holidays"); h != nullptr) {
    if (!h->is_array() || h->get_array().size() > 1000) {
      r.fail(errc::invalid_field, "holidays", "expected an array of at most 1000 \"YYYY-MM-DD\" dates");
    } else {
      for (const auto& d : h->get_array()) {
        if (!d.is_string() || !parse_date(d.get_string()).ok()) {
          r.fail(errc::invalid_field, "holidays", "expected \"YYYY-MM-DD\" dates");
          break;
        }
        s.holidays.emplace_back(d.get_string());
      }
    }
  }
  // Optional: a hub from before the bands were sent means the default bounds.
  if (const json::value* b = root.get_object().if_contains("bands"); b != nullptr) {
    const json::array* a = b->if_array();
    bool ok = a != nullptr && a->size() == 3;
    for (std::size_t i = 0; ok && i < 3; ++i) {
      ok = (*a)[i].is_int64();
      if (ok) s.bands[i] = static_cast<int>(std::clamp<std::int64_t>((*a)[i].get_int64(), -1, 24 * 60));
    }
    if (!ok || !valid_band_bounds(s.bands))
      r.fail(errc::invalid_field, "bands", "expected the upper minutes of TL1..TL3, e.g. [30,60,90], increasing from 1");
  }
  // Optional: a hub from before the respondent profile sends no services.
  if (root.get_object().contains("services")) {
    read_objects(r, "services", 10'000, [&](object_reader& e) {
      e.allow_only({"unit", "code", "name"});
      service_entry x;
      x.unit = e.string("unit", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} unit id");
      x.code = e.string("code", is_valid_id, "expected a lowercase [a-z0-9-]{1,48} service code");
      x.name = e.string("name", is_name_text, "expected a name of 1..120 printable characters");
      s.services.push_back(std::move(x));
    });
  }
  if (const json::value* p = root.get_object().if_contains("respondent_profile"); p != nullptr) {
    if (p->is_bool())
      s.respondent_profile = p->get_bool();
    else
      r.fail(errc::invalid_field, "respondent_profile", "expected true or false");
  }
  s.issued = r.string("issued", [](std::string_view t) { return parse_utc_ms(t).ok(); },
                      "expected a UTC time like 2026-11-22T00:31:02.123Z");
  if (r.failed()) return r.take_error();
  return s;
}

}  // namespace pantau
