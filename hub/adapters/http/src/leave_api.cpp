#include "pantau/hub/http/leave_api.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "pantau/hub/core/leave_roster_rules.hpp"
#include "handler_helpers.hpp"

namespace pantau::hub::http {
namespace {

namespace json = boost::json;
namespace ind = indicators;

// Longest span one roster request covers.
constexpr int roster_max_days = 366;
constexpr int roster_view_max_days = 62;

// 16 hex digits: unguessable enough that two hubs' exports never collide, and no counter to keep.
std::string new_leave_id() {
  static std::mutex mu;
  static std::mt19937_64 gen{std::random_device{}()};
  std::lock_guard lock(mu);
  static constexpr char digits[] = "0123456789abcdef";
  std::uint64_t v = gen();
  std::string id(16, '0');
  for (auto& c : id) {
    c = digits[v & 0xF];
    v >>= 4;
  }
  return id;
}

response bad(const request& req, const std::string& message) {
  return error_response(req, bhttp::status::bad_request, message);
}

// A JSON body's string field: nullopt with `problem` set when it is missing or not a string.
std::optional<std::string> text_field(const json::object& o, std::string_view key, std::string& problem) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) {
    problem = std::string(key) + ": wajib, teks / required, a string";
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<ind::civil_date> date_field(const json::object& o, std::string_view key, std::string& problem) {
  auto t = text_field(o, key, problem);
  if (!t) return std::nullopt;
  const auto d = ind::parse_date(*t);
  if (!d) {
    problem = std::string(key) + ": bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date";
    return std::nullopt;
  }
  return *d;
}

bool may_write(const principal& who, std::string_view unit) {
  return who.is_admin() || (who.role == role::supervisor && who.can_see_unit(unit));
}

json::object leave_json(const leave_record& l) {
  json::object o{{"id", l.id},
                 {"nip", l.nip},
                 {"from", ind::format_date(l.from)},
                 {"to", ind::format_date(l.to)},
                 {"kind", ind::code_of(l.kind)},
                 {"label_id", ind::label_id(l.kind)},
                 {"label_en", ind::label_en(l.kind)},
                 {"note", l.note},
                 {"created_by", l.created_by},
                 {"created_ms", l.created_ms},
                 {"active", l.active()}};
  if (!l.active()) {
    o["cancelled_by"] = l.cancelled_by;
    o["cancelled_ms"] = l.cancelled_ms;
    o["cancel_note"] = l.cancel_note;
  }
  return o;
}

json::array problems_json(const std::vector<csv_problem>& problems) {
  json::array out;
  for (const auto& p : problems) out.push_back(json::object{{"line", p.line}, {"message", p.message}});
  return out;
}

// What every write shares: a session, a store, and the organisation as it is now.
struct write_context {
  const request& req;
  const route_match& m;
  org_directory* dir;
  std::optional<response> refusal;
  organisation org;

  write_context(const request& rq, const route_match& mt, org_directory* d) : req(rq), m(mt), dir(d) {
    if (!m.who) {
      refusal = error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    } else if (dir == nullptr) {
      refusal = error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    } else if (auto o = dir->load_org(); !o) {
      refusal = error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed: " + o.err().message);
    } else {
      org = std::move(o).value();
    }
  }
  // The employee `nip` if the user may write their plan; sets the refusal otherwise.
  const employee_info* employee(const std::string& nip) {
    const auto* e = org.find_employee(nip);
    if (e == nullptr) {
      refusal = bad(req, "nip: pegawai tidak dikenal / unknown employee \"" + nip + "\"");
      return nullptr;
    }
    if (!may_write(*m.who, e->unit)) {
      refusal = error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
      return nullptr;
    }
    return e;
  }
  bool allowed(const std::string& nip) const {
    const auto* e = org.find_employee(nip);
    return e != nullptr && may_write(*m.who, e->unit);
  }
  std::optional<json::object> body() {
    boost::system::error_code ec;
    auto v = json::parse(req.body(), ec);
    if (ec || !v.is_object()) {
      refusal = bad(req, "badan harus objek JSON / body must be a JSON object");
      return std::nullopt;
    }
    return std::move(v.as_object());
  }
  // The store's answer: a refused organisation is bad input (400 with its message).
  std::optional<response> store(const organisation& items) {
    auto stored = dir->put_org(items);
    if (stored) return std::nullopt;
    if (stored.err().code == errc::invalid_org) return bad(req, stored.err().message);
    return handlers::store_failed(req, stored.err());
  }
  // One leave record stored, answered with what was stored.
  response store_leave(const leave_record& l, bhttp::status status) {
    organisation items;
    items.leave.push_back(l);
    if (auto refused = store(items)) return *refused;
    return json_response(req, status, json::serialize(json::object{{"leave", leave_json(l)}}));
  }
};

response csv_refused(const request& req, const std::vector<csv_problem>& problems) {
  json::object out;
  out["error"] = "berkas CSV ditolak, tidak ada yang disimpan / CSV rejected, nothing was stored";
  out["problems"] = problems_json(problems);
  return json_response(req, bhttp::status::bad_request, json::serialize(out));
}

// from..to of a query (both optional), or a refusal.
struct period {
  ind::civil_date from{1970, 1, 1};
  ind::civil_date to{9999, 12, 31};
};
std::optional<std::string> query_period(const route_match& m, period& p) {
  for (const auto& [key, target] : {std::pair{"from", &p.from}, std::pair{"to", &p.to}}) {
    const auto it = m.query.find(key);
    if (it == m.query.end()) continue;
    const auto d = ind::parse_date(it->second);
    if (!d) return std::string(key) + ": bukan tanggal YYYY-MM-DD / not a YYYY-MM-DD date";
    *target = *d;
  }
  if (p.to < p.from) return "to: sebelum from / before from";
  return std::nullopt;
}

void add_leave(router& r, leave_api_sources src) {
  r.add(bhttp::verb::get, "/api/v1/leave/kinds", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    json::array kinds;
    for (const auto k : ind::all_leave_kinds)
      kinds.push_back(json::object{{"kind", ind::code_of(k)},
                                   {"label_id", ind::label_id(k)},
                                   {"label_en", ind::label_en(k)},
                                   {"counts_present", src.policy.counts_present(k)}});
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"kinds", std::move(kinds)}}));
  });

  r.add(bhttp::verb::get, "/api/v1/leave", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (src.org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src.org->load_org();
    if (!org) return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed");
    period p;
    if (auto problem = query_period(m, p)) return bad(req, *problem);
    const auto nip = m.query.find("nip");
    const auto unit = m.query.find("unit");
    if ((nip == m.query.end()) == (unit == m.query.end())) return bad(req, "nip atau unit wajib / nip or unit is required");
    std::vector<std::string> nips;
    if (nip != m.query.end()) {
      const auto* e = org->find_employee(nip->second);
      if (e == nullptr) return error_response(req, bhttp::status::not_found, "pegawai tidak ditemukan / employee not found");
      if (!m.who->can_see_unit(e->unit)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
      nips.push_back(e->nip);
    } else {
      if (org->find_unit(unit->second) == nullptr)
        return error_response(req, bhttp::status::not_found, "unit tidak ditemukan / unit not found");
      if (!m.who->can_see_unit(unit->second)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
      for (const auto& e : org->employees)
        if (e.unit == unit->second) nips.push_back(e.nip);
    }
    json::array out;
    for (const auto& l : org->leave)
      if (std::binary_search(nips.begin(), nips.end(), l.nip) && !(l.to < p.from) && !(p.to < l.from))
        out.push_back(leave_json(l));
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"leave", std::move(out)}}));
  });

  r.add(bhttp::verb::post, "/api/v1/leave", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    auto body = w.body();
    if (!body) return *w.refusal;
    for (const auto& [k, v] : *body)
      if (k != "nip" && k != "from" && k != "to" && k != "kind" && k != "note")
        return bad(req, "kolom tidak dikenal / unknown field: " + std::string(k));
    std::string problem;
    const auto nip = text_field(*body, "nip", problem);
    if (!nip) return bad(req, problem);
    if (w.employee(*nip) == nullptr) return *w.refusal;
    leave_record l;
    l.nip = *nip;
    const auto from = date_field(*body, "from", problem);
    if (!from) return bad(req, problem);
    const auto to = date_field(*body, "to", problem);
    if (!to) return bad(req, problem);
    if (*to < *from) return bad(req, "to: sebelum from / before from");
    const auto kind_text = text_field(*body, "kind", problem);
    if (!kind_text) return bad(req, problem);
    const auto kind = ind::parse_leave_kind(*kind_text);
    if (!kind) return bad(req, "kind: jenis tidak dikenal / unknown kind \"" + *kind_text + "\"");
    const auto note = text_field(*body, "note", problem);
    if (!note || note->empty()) return bad(req, "note: alasan wajib / a reason is required");
    if (const auto clash = leave_overlapping(w.org, l.nip, *from, *to); !clash.empty())
      return bad(req, "from/to: bertumpang tindih dengan cuti / overlaps leave " + ind::format_date(clash.front()->from) +
                          ".." + ind::format_date(clash.front()->to) + " (" + clash.front()->id + ")");
    l.from = *from;
    l.to = *to;
    l.kind = *kind;
    l.note = *note;
    l.id = new_leave_id();
    l.created_by = m.who->user;
    l.created_ms = src.now_ms();
    return w.store_leave(l, bhttp::status::created);
  });

  r.add(bhttp::verb::post, "/api/v1/leave/{id}/cancel", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    const auto& id = m.params.at("id");
    const auto found = std::find_if(w.org.leave.begin(), w.org.leave.end(), [&](const leave_record& l) { return l.id == id; });
    if (found == w.org.leave.end()) return error_response(req, bhttp::status::not_found, "cuti tidak ditemukan / leave not found");
    if (w.employee(found->nip) == nullptr) return *w.refusal;
    if (!found->active()) return error_response(req, bhttp::status::conflict, "sudah dibatalkan / already cancelled");
    auto body = w.body();
    if (!body) return *w.refusal;
    std::string problem;
    const auto note = text_field(*body, "note", problem);
    if (!note || note->empty()) return bad(req, "note: alasan pembatalan wajib / a reason is required");
    leave_record l = *found;
    l.cancelled_by = m.who->user;
    l.cancelled_ms = src.now_ms();
    l.cancel_note = *note;
    return w.store_leave(l, bhttp::status::ok);
  });

  r.add(bhttp::verb::post, "/api/v1/leave.csv", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    auto parsed = parse_leave_csv(req.body(), w.org, [&w](const std::string& nip) { return w.allowed(nip); });
    if (!parsed.problems.empty()) return csv_refused(req, parsed.problems);
    const std::int64_t now = src.now_ms();
    for (auto& l : parsed.rows) {
      l.id = new_leave_id();
      l.created_by = m.who->user;
      l.created_ms = now;
    }
    organisation items;
    items.leave = std::move(parsed.rows);
    if (auto refused = w.store(items)) return *refused;
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"imported", items.leave.size()}}));
  });
}

void add_roster(router& r, leave_api_sources src) {
  r.add(bhttp::verb::get, "/api/v1/shifts", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (src.org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src.org->load_org();
    if (!org) return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed");
    const auto unit = m.query.find("unit");
    if (unit == m.query.end()) return bad(req, "unit wajib / unit is required");
    if (!m.who->can_see_unit(unit->second)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    json::array out;
    for (const auto& d : org->shifts)
      if (d.unit == unit->second) out.push_back(json::object{{"unit", d.unit}, {"code", d.code}, {"hours", shift_text(d.window)}});
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"shifts", std::move(out)}}));
  });

  r.add(bhttp::verb::put, "/api/v1/shifts/{unit}/{code}", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    const auto& unit = m.params.at("unit");
    if (w.org.find_unit(unit) == nullptr) return error_response(req, bhttp::status::not_found, "unit tidak ditemukan / unit not found");
    if (!may_write(*m.who, unit)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    auto body = w.body();
    if (!body) return *w.refusal;
    std::string problem;
    const auto hours = text_field(*body, "hours", problem);
    if (!hours) return bad(req, problem);
    const auto window = parse_shift_text(*hours);
    if (!window || !*window) return bad(req, "hours: harus \"HH:MM-HH:MM\" / must be \"HH:MM-HH:MM\"");
    organisation items;
    items.shifts.push_back(shift_def{unit, m.params.at("code"), **window});
    if (auto refused = w.store(items)) return *refused;
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"stored", 1}}));
  });

  r.add(bhttp::verb::get, "/api/v1/roster", [src](const request& req, const route_match& m) {
    if (!m.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
    if (src.org == nullptr)
      return error_response(req, bhttp::status::service_unavailable, "penyimpanan belum siap / store not ready");
    auto org = src.org->load_org();
    if (!org) return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed");
    const auto unit_it = m.query.find("unit");
    if (unit_it == m.query.end() || !m.query.contains("from") || !m.query.contains("to"))
      return bad(req, "unit, from dan to wajib / unit, from and to are required");
    const auto* unit = org->find_unit(unit_it->second);
    if (unit == nullptr) return error_response(req, bhttp::status::not_found, "unit tidak ditemukan / unit not found");
    if (!m.who->can_see_unit(unit->unit)) return error_response(req, bhttp::status::forbidden, "tidak berhak / forbidden");
    period p;
    if (auto problem = query_period(m, p)) return bad(req, *problem);
    if (ind::days_from_civil(p.to) - ind::days_from_civil(p.from) >= roster_view_max_days)
      return bad(req, "to: paling lama 62 hari / at most 62 days");
    json::array employees;
    for (const auto& e : org->employees) {
      if (e.unit != unit->unit) continue;
      const auto s = org->schedule_of(*unit, e.nip, p.from, p.to);
      json::array days;
      for (auto d = ind::days_from_civil(p.from); d <= ind::days_from_civil(p.to); ++d) {
        const auto date = ind::civil_from_days(d);
        const auto entry = s.roster.find({e.nip, date});
        json::object day{{"date", ind::format_date(date)},
                         {"roster", entry == s.roster.end() ? json::value(nullptr) : json::value(shift_text(entry->second))},
                         {"planned", shift_text(ind::planned_window(s, e.nip, date))}};
        if (const auto k = ind::leave_on(s, e.nip, date)) day["leave"] = ind::code_of(*k);
        days.push_back(std::move(day));
      }
      employees.push_back(json::object{{"nip", e.nip}, {"name", e.name}, {"days", std::move(days)}});
    }
    return json_response(req, bhttp::status::ok,
                         json::serialize(json::object{{"unit", unit->unit},
                                                      {"from", ind::format_date(p.from)},
                                                      {"to", ind::format_date(p.to)},
                                                      {"employees", std::move(employees)}}));
  });

  r.add(bhttp::verb::put, "/api/v1/roster", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    auto body = w.body();
    if (!body) return *w.refusal;
    for (const auto& [k, v] : *body)
      if (k != "nip" && k != "from" && k != "to" && k != "shift" && k != "pattern" && k != "start")
        return bad(req, "kolom tidak dikenal / unknown field: " + std::string(k));
    std::string problem;
    const auto nip = text_field(*body, "nip", problem);
    if (!nip) return bad(req, problem);
    const auto* e = w.employee(*nip);
    if (e == nullptr) return *w.refusal;
    const auto from = date_field(*body, "from", problem);
    if (!from) return bad(req, problem);
    const auto to = date_field(*body, "to", problem);
    if (!to) return bad(req, problem);
    if (*to < *from) return bad(req, "to: sebelum from / before from");
    if (ind::days_from_civil(*to) - ind::days_from_civil(*from) >= roster_max_days)
      return bad(req, "to: paling lama 366 hari / at most 366 days");
    if (body->contains("shift") == body->contains("pattern")) return bad(req, "shift atau pattern wajib / shift or pattern is required");
    std::vector<shift_assignment> days;
    if (const auto* shift = body->if_contains("shift")) {
      std::optional<ind::work_window> window;
      const bool clear = shift->is_null();
      if (!clear) {
        const auto parsed = shift->is_string() ? parse_shift_text(std::string(shift->as_string())) : std::nullopt;
        if (!parsed) return bad(req, "shift: harus \"HH:MM-HH:MM\", \"-\" atau null / must be \"HH:MM-HH:MM\", \"-\" or null");
        window = *parsed;
      }
      for (auto d = ind::days_from_civil(*from); d <= ind::days_from_civil(*to); ++d)
        days.push_back(shift_assignment{*nip, ind::civil_from_days(d), window, clear, {}, 0});
    } else {
      const auto pattern = text_field(*body, "pattern", problem);
      if (!pattern) return bad(req, problem);
      const auto start = date_field(*body, "start", problem);
      if (!start) return bad(req, problem);
      std::vector<std::string> codes;
      for (std::size_t pos = 0;;) {
        const auto comma = pattern->find(',', pos);
        std::string code = pattern->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        code.erase(0, code.find_first_not_of(' '));
        code.erase(code.find_last_not_of(' ') + 1);
        codes.push_back(std::move(code));
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
      auto expanded = expand_pattern(w.org, e->unit, *nip, codes, *start, *from, *to);
      if (!expanded) return bad(req, expanded.err().message);
      days = std::move(expanded).value();
    }
    const std::int64_t now = src.now_ms();
    for (auto& d : days) {
      d.set_by = m.who->user;
      d.set_ms = now;
    }
    organisation items;
    items.roster = std::move(days);
    if (auto refused = w.store(items)) return *refused;
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"stored", items.roster.size()}}));
  });

  r.add(bhttp::verb::post, "/api/v1/roster.csv", [src](const request& req, const route_match& m) {
    write_context w(req, m, src.org);
    if (w.refusal) return *w.refusal;
    auto parsed = parse_roster_csv(req.body(), w.org, [&w](const std::string& nip) { return w.allowed(nip); });
    if (!parsed.problems.empty()) return csv_refused(req, parsed.problems);
    const std::int64_t now = src.now_ms();
    for (auto& a : parsed.rows) {
      a.set_by = m.who->user;
      a.set_ms = now;
    }
    organisation items;
    items.roster = std::move(parsed.rows);
    if (auto refused = w.store(items)) return *refused;
    return json_response(req, bhttp::status::ok, json::serialize(json::object{{"imported", items.roster.size()}}));
  });
}

}  // namespace

void add_leave_routes(router& r, leave_api_sources sources) {
  add_leave(r, sources);
  add_roster(r, sources);
}

}  // namespace pantau::hub::http
