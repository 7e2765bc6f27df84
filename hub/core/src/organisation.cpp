#include "pantau/hub/core/organisation.hpp"

#include <algorithm>
#include <climits>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <tuple>
#include <type_traits>

#include "pantau/hub/core/leave_roster_rules.hpp"
#include "pantau/shared/iso_time.hpp"
#include "pantau/shared/respondent.hpp"
#include "pantau/shared/validate.hpp"

namespace pantau::hub {
namespace {

error invalid(std::string message) { return error{errc::invalid_org, std::move(message)}; }

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// One CSV record starting at `pos` (RFC 4180 quoting); advances `pos` past its line end and counts the
// physical lines it spans (a quoted field may hold a newline).
struct record {
  std::vector<std::string> fields;
  bool bad_quote = false;
  std::size_t lines = 1;
};

record read_record(std::string_view text, std::size_t& pos) {
  record r;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++r.lines;
      field += c;
      ++pos;
      continue;
    }
    if (c == '"') {
      if (!trim(field).empty()) r.bad_quote = true;
      quoted = true;
      was_quoted = true;
      field.clear();
      ++pos;
      continue;
    }
    if (c == ',') {
      r.fields.push_back(was_quoted ? field : trim(field));
      field.clear();
      was_quoted = false;
      ++pos;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      r.fields.push_back(was_quoted ? field : trim(field));
      return r;
    }
    if (was_quoted && c != ' ' && c != '\t') r.bad_quote = true;
    if (!was_quoted) field += c;
    ++pos;
  }
  if (quoted) r.bad_quote = true;
  r.fields.push_back(was_quoted ? field : trim(field));
  return r;
}

}  // namespace

const service_info* unit_info::find_service(std::string_view code) const {
  for (const auto& s : services)
    if (s.code == code) return &s;
  return nullptr;
}

std::string encode_services(std::span<const service_info> services) {
  std::string out;
  for (const auto& s : services) {
    out += s.code;
    out += '\t';
    out += s.name;
    out += '\n';
  }
  return out;
}

result<std::vector<service_info>> decode_services(std::string_view text) {
  std::vector<service_info> out;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) return invalid("layanan / services: unterminated line");
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto tab = line.find('\t');
    if (tab == std::string_view::npos) return invalid("layanan / services: line without a name");
    out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  }
  return out;
}

const office_info* organisation::find_office(std::string_view office) const {
  for (const auto& o : offices)
    if (o.office == office) return &o;
  return nullptr;
}

const unit_info* organisation::find_unit(std::string_view unit) const {
  for (const auto& u : units)
    if (u.unit == unit) return &u;
  return nullptr;
}

const employee_info* organisation::find_employee(std::string_view nip) const {
  for (const auto& e : employees)
    if (e.nip == nip) return &e;
  return nullptr;
}

std::vector<const counter_info*> organisation::find_counters(std::string_view counter) const {
  std::vector<const counter_info*> out;
  for (const auto& c : counters)
    if (c.counter == counter) out.push_back(&c);
  return out;
}

indicators::zone organisation::zone_of_office(std::string_view office) const {
  const auto* o = find_office(office);
  return o != nullptr ? o->tz : indicators::zone::wib;
}

namespace {

indicators::unit_schedule unit_schedule_of(const organisation& org, const unit_info& u) {
  indicators::unit_schedule s;
  s.tz = org.zone_of_office(u.office);
  s.grace_minutes = u.grace_minutes;
  if (u.weekly) s.weekly = *u.weekly;
  for (const auto& h : org.holidays)
    if (h.office == u.office) s.holidays.insert(h.date);
  return s;
}

}  // namespace

indicators::unit_schedule organisation::schedule_of(const unit_info& u) const {
  auto s = unit_schedule_of(*this, u);
  if (leave.empty() && roster.empty()) return s;
  constexpr indicators::civil_date first{1970, 1, 2}, last{9999, 12, 30};
  for (const auto& e : employees)
    if (e.unit == u.unit) fill_employee_plan(*this, e.nip, first, last, s);
  return s;
}

indicators::unit_schedule organisation::schedule_of(const unit_info& u, std::string_view nip,
                                                    indicators::civil_date from, indicators::civil_date to) const {
  auto s = unit_schedule_of(*this, u);
  fill_employee_plan(*this, nip, from, to, s);
  return s;
}

std::vector<organisation::posting> organisation::postings_of(const employee_info& e) const {
  // The employee's transfers in date order: before each one they worked in its from_unit.
  std::vector<const employee_transfer*> moves;
  for (const auto& t : transfers)
    if (t.nip == e.nip) moves.push_back(&t);
  std::sort(moves.begin(), moves.end(), [](const auto* a, const auto* b) { return a->date < b->date; });
  const std::int64_t first = e.active_from ? indicators::days_from_civil(*e.active_from) : INT64_MIN / 2;
  const std::int64_t last = e.active_to ? indicators::days_from_civil(*e.active_to) : INT64_MAX / 2;
  std::vector<posting> out;
  std::int64_t from = first;
  for (std::size_t i = 0; i <= moves.size(); ++i) {
    const std::int64_t to = i < moves.size() ? std::min(last, indicators::days_from_civil(moves[i]->date) - 1) : last;
    if (from <= to) {
      posting p{from, to, find_unit(i < moves.size() ? std::string_view(moves[i]->from_unit) : std::string_view(e.unit)),
                to + 1};
      if (p.unit != nullptr && p.unit->tracking_since)
        p.watched_from_day = std::max(from, indicators::days_from_civil(*p.unit->tracking_since));
      out.push_back(p);
    }
    if (i < moves.size()) from = std::max(from, indicators::days_from_civil(moves[i]->date));
  }
  return out;
}

std::vector<std::string> organisation::units_of(const employee_info& e) const {
  std::vector<std::string> out{e.unit};
  for (const auto& t : transfers)
    if (t.nip == e.nip && std::find(out.begin(), out.end(), t.from_unit) == out.end()) out.push_back(t.from_unit);
  return out;
}

std::vector<employee_info> organisation::staff_of(std::span<const unit_info> of_units) const {
  std::map<std::string_view, std::size_t> order;  // unit -> its place in `units`
  for (std::size_t i = 0; i < of_units.size(); ++i) order.emplace(of_units[i].unit, i);
  std::multimap<std::string_view, std::string_view> left;  // nip -> units left by a transfer
  for (const auto& t : transfers) left.emplace(t.nip, t.from_unit);
  std::vector<std::vector<const employee_info*>> by_unit(of_units.size());
  for (const auto& e : employees) {
    // Listed under the first of `units` they worked in.
    std::size_t best = of_units.size();
    if (const auto it = order.find(e.unit); it != order.end()) best = it->second;
    for (auto [it, end] = left.equal_range(e.nip); it != end; ++it)
      if (const auto o = order.find(it->second); o != order.end()) best = std::min(best, o->second);
    if (best < of_units.size()) by_unit[best].push_back(&e);
  }
  std::vector<employee_info> out;
  for (const auto& list : by_unit)
    for (const auto* e : list) out.push_back(*e);
  return out;
}

std::vector<unit_info> tracking_starts(const organisation& org, std::span<const event* const> events,
                                       std::int64_t now_ms) {
  std::map<std::string_view, indicators::civil_date> earliest;  // office -> day
  for (const auto* e : events) {
    const auto* office = org.find_office(e->office);
    if (office == nullptr) continue;
    const std::int64_t at = e->clock == clock_state::synced ? e->ts_ms : now_ms;
    const auto day = indicators::to_local(at, office->tz).date;
    const auto [it, fresh] = earliest.emplace(office->office, day);
    if (!fresh && day < it->second) it->second = day;
  }
  std::vector<unit_info> changed;
  for (const auto& u : org.units) {
    const auto it = earliest.find(u.office);
    if (it == earliest.end()) continue;
    if (!u.tracking_since || (u.tracking_auto && it->second < *u.tracking_since)) {
      unit_info moved = u;
      moved.tracking_since = it->second;
      moved.tracking_auto = true;
      changed.push_back(std::move(moved));
    }
  }
  return changed;
}

std::string encode_week(const indicators::weekly_schedule& w) {
  std::string out;
  for (std::size_t d = 0; d < w.size(); ++d) {
    if (d > 0) out += ',';
    out += w[d] ? format_hh_mm(w[d]->start_min) + "-" + format_hh_mm(w[d]->end_min) : "-";
  }
  return out;
}

result<indicators::weekly_schedule> decode_week(std::string_view text) {
  indicators::weekly_schedule w;
  const error bad{errc::invalid_org, "weekly: expected 7 days from Monday, \"HH:MM-HH:MM\" or \"-\", comma-separated"};
  for (std::size_t d = 0; d < w.size(); ++d) {
    const auto end = text.find(',');
    if ((end == std::string_view::npos) != (d + 1 == w.size())) return bad;
    const std::string_view day = text.substr(0, end);
    if (day != "-") {
      const auto from = parse_hh_mm(day.substr(0, 5));
      const auto to = day.size() == 11 && day[5] == '-' ? parse_hh_mm(day.substr(6)) : std::nullopt;
      if (!from || !to || *from == *to) return bad;
      w[d] = indicators::work_window{*from, *to, 0};
    }
    if (end != std::string_view::npos) text.remove_prefix(end + 1);
  }
  return w;
}

organisation merge_org(organisation base, const organisation& items) {
  const auto upsert = [](auto& list, const auto& add, auto key) {
    const auto less = [&](const auto& a, const auto& b) { return key(a) < key(b); };
    std::stable_sort(list.begin(), list.end(), less);
    if (add.empty()) return;
    auto fresh = add;
    std::stable_sort(fresh.begin(), fresh.end(), less);
    // Of items with one key the last wins, as if they were written one after another.
    std::decay_t<decltype(list)> last;
    for (std::size_t i = 0; i < fresh.size(); ++i)
      if (i + 1 == fresh.size() || less(fresh[i], fresh[i + 1])) last.push_back(std::move(fresh[i]));
    std::decay_t<decltype(list)> out;
    out.reserve(list.size() + last.size());
    // For equal keys set_union takes the element of the first range: the new one.
    std::set_union(last.begin(), last.end(), list.begin(), list.end(), std::back_inserter(out), less);
    list = std::move(out);
  };
  upsert(base.offices, items.offices, [](const office_info& o) { return std::tie(o.office); });
  upsert(base.units, items.units, [](const unit_info& u) { return std::tie(u.unit); });
  upsert(base.counters, items.counters, [](const counter_info& c) { return std::tie(c.office, c.counter); });
  upsert(base.employees, items.employees, [](const employee_info& e) { return std::tie(e.nip); });
  upsert(base.holidays, items.holidays, [](const holiday_info& h) { return std::tie(h.office, h.date); });
  upsert(base.transfers, items.transfers, [](const employee_transfer& t) { return std::tie(t.nip, t.date); });
  upsert(base.leave, items.leave, [](const leave_record& l) { return std::tie(l.nip, l.id); });
  upsert(base.shifts, items.shifts, [](const shift_def& d) { return std::tie(d.unit, d.code); });
  upsert(base.roster, items.roster, [](const shift_assignment& a) { return std::tie(a.nip, a.date); });
  std::erase_if(base.roster, [](const shift_assignment& a) { return a.cleared; });
  return base;
}

result<bool> validate(const organisation& org) {
  std::set<std::string_view> offices, units, nips;
  std::set<std::pair<std::string_view, std::string_view>> counters, holidays_seen;
  for (const auto& o : org.offices) {
    if (!is_valid_id(o.office)) return invalid("kantor / office \"" + o.office + "\": id must be [a-z0-9-]{1,48}");
    if (!offices.insert(o.office).second) return invalid("kantor / office \"" + o.office + "\" twice");
  }
  for (const auto& u : org.units) {
    if (!is_valid_id(u.unit)) return invalid("unit \"" + u.unit + "\": id must be [a-z0-9-]{1,48}");
    if (!units.insert(u.unit).second) return invalid("unit \"" + u.unit + "\" twice");
    if (!offices.contains(u.office)) return invalid("unit \"" + u.unit + "\": unknown office \"" + u.office + "\"");
    if (u.grace_minutes < 0 || u.grace_minutes > 120) return invalid("unit \"" + u.unit + "\": grace_minutes 0..120");
    if (u.weekly) {
      indicators::unit_schedule s;
      s.weekly = *u.weekly;
      if (auto ok = indicators::validate(s); !ok)
        return invalid("unit \"" + u.unit + "\": weekly: " + ok.err().message);
    }
    if (!(u.target_present_pct >= 0 && u.target_present_pct <= 100))
      return invalid("unit \"" + u.unit + "\": target_present_pct 0..100");
    if (!(u.target_ikm >= 25 && u.target_ikm <= 100)) return invalid("unit \"" + u.unit + "\": target_ikm 25..100");
    if (u.services.size() > 200) return invalid("unit \"" + u.unit + "\": at most 200 services");
    std::set<std::string_view> codes;
    for (const auto& sv : u.services) {
      if (!is_valid_service_code(sv.code))
        return invalid("unit \"" + u.unit + "\": layanan / service \"" + sv.code + "\": code must be [a-z0-9-]{1,48}");
      if (!codes.insert(sv.code).second)
        return invalid("unit \"" + u.unit + "\": layanan / service \"" + sv.code + "\" twice");
      if (!is_valid_utf8(sv.name) || !is_printable_text(sv.name, 120))
        return invalid("unit \"" + u.unit + "\": layanan / service \"" + sv.code +
                       "\": name must be 1..120 printable characters");
    }
    if (u.tracking_since && !indicators::is_valid(*u.tracking_since))
      return invalid("unit \"" + u.unit + "\": tracking_since: invalid date");
  }
  for (const auto& c : org.counters) {
    if (c.counter.empty() || c.counter.size() > 48 ||
        !std::all_of(c.counter.begin(), c.counter.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == ' ' ||
                 ch == '_' || ch == '.' || ch == '-';
        }))
      return invalid("loket / counter \"" + c.counter + "\": id must be 1..48 of [A-Za-z0-9 _.-]");
    if (!counters.insert({c.office, c.counter}).second)
      return invalid("loket / counter \"" + c.counter + "\" twice in office \"" + c.office + "\"");
    const auto* u = org.find_unit(c.unit);
    if (u == nullptr) return invalid("loket / counter \"" + c.counter + "\": unknown unit \"" + c.unit + "\"");
    if (u->office != c.office)
      return invalid("loket / counter \"" + c.counter + "\": unit \"" + c.unit + "\" belongs to another office");
  }
  for (const auto& e : org.employees) {
    if (!is_valid_nip(e.nip)) return invalid("pegawai / employee \"" + e.nip + "\": NIP must be 18 digits");
    if (!nips.insert(e.nip).second) return invalid("pegawai / employee \"" + e.nip + "\" twice");
    if (e.name.empty() || e.name.size() > 200 || !is_valid_utf8(e.name))
      return invalid("pegawai / employee \"" + e.nip + "\": name must be 1..200 bytes of UTF-8");
    if (!units.contains(e.unit)) return invalid("pegawai / employee \"" + e.nip + "\": unknown unit \"" + e.unit + "\"");
    if ((e.active_from && !indicators::is_valid(*e.active_from)) || (e.active_to && !indicators::is_valid(*e.active_to)))
      return invalid("pegawai / employee \"" + e.nip + "\": active_from/active_to: invalid date");
    if (e.active_from && e.active_to && *e.active_to < *e.active_from)
      return invalid("pegawai / employee \"" + e.nip + "\": active_to sebelum active_from / active_to before active_from");
  }
  for (const auto& t : org.transfers) {
    if (!nips.contains(t.nip)) return invalid("mutasi / transfer: unknown employee \"" + t.nip + "\"");
    if (!units.contains(t.from_unit)) return invalid("mutasi / transfer of " + t.nip + ": unknown unit \"" + t.from_unit + "\"");
    if (!indicators::is_valid(t.date)) return invalid("mutasi / transfer of " + t.nip + ": invalid date");
  }
  for (const auto& h : org.holidays) {
    if (!offices.contains(h.office)) return invalid("hari libur / holiday: unknown office \"" + h.office + "\"");
    if (!indicators::is_valid(h.date)) return invalid("hari libur / holiday: invalid date");
  }
  return validate_leave_roster(org);
}

void each_csv_row(std::string_view text, const std::vector<std::string>& header, std::vector<csv_problem>& problems,
                  const std::function<void(std::size_t, std::vector<std::string>&)>& row) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t pos = 0;
  std::size_t line = 1;
  const record head = read_record(text, pos);
  if (head.fields != header) {
    std::string joined;
    for (const auto& h : header) joined += (joined.empty() ? "" : ",") + h;
    problems.push_back({1, "kepala harus \"" + joined + "\" / header must be \"" + joined + "\""});
    return;
  }
  line += head.lines;
  while (pos < text.size()) {
    const std::size_t at = line;
    const std::size_t start = pos;
    record r = read_record(text, pos);
    line += r.lines;
    const std::string_view raw = text.substr(start, pos - start);
    if (r.fields.size() == 1 && r.fields[0].empty() && !r.bad_quote) continue;  // blank line
    if (!is_valid_utf8(raw)) {
      problems.push_back({at, "bukan UTF-8 yang sah / not valid UTF-8"});
      continue;
    }
    if (r.bad_quote) {
      problems.push_back({at, "tanda kutip salah / broken quoting"});
      continue;
    }
    if (r.fields.size() != header.size()) {
      const auto want = std::to_string(header.size()), got = std::to_string(r.fields.size());
      problems.push_back({at, "harus " + want + " kolom, ada " + got + " / expected " + want + " fields, got " + got});
      continue;
    }
    row(at, r.fields);
  }
}

csv_import parse_employees_csv(std::string_view text, const organisation& org) {
  csv_import out;
  std::set<std::string> seen;
  each_csv_row(text, {"nip", "name", "unit"}, out.problems, [&](std::size_t at, std::vector<std::string>& f) {
    auto problem = [&](std::string m) { out.problems.push_back({at, std::move(m)}); };
    employee_info e{f[0], f[1], f[2], std::nullopt, std::nullopt};
    if (const auto* known = org.find_employee(e.nip)) {  // the file names people; their dates stay
      e.active_from = known->active_from;
      e.active_to = known->active_to;
    }
    if (!is_valid_nip(e.nip)) return problem("NIP harus 18 angka / NIP must be 18 digits: \"" + e.nip + "\"");
    if (e.name.empty() || e.name.size() > 200)
      return problem("nama kosong atau terlalu panjang / name empty or longer than 200 bytes");
    if (org.find_unit(e.unit) == nullptr) return problem("unit tidak dikenal / unknown unit: \"" + e.unit + "\"");
    if (!seen.insert(e.nip).second) return problem("NIP sudah ada di berkas ini / NIP repeated in this file: " + e.nip);
    out.rows.push_back(std::move(e));
  });
  return out;
}

organisation demo_organisation() {
  organisation org;
  org.offices.push_back({"binjai-dukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Binjai",
                         indicators::zone::wib});
  org.units.push_back({"pendaftaran", "binjai-dukcapil", "Pelayanan Pendaftaran Penduduk", 0, 95.0, 76.61, std::nullopt,
                       std::nullopt, false, {{"ktp-el", "KTP elektronik"}, {"kk", "Kartu Keluarga"}, {"pindah", "Surat pindah"}}});
  org.units.push_back({"pencatatan-sipil", "binjai-dukcapil", "Pelayanan Pencatatan Sipil", 0, 95.0, 76.61, std::nullopt,
                       std::nullopt, false,
                       {{"akta-lahir", "Akta kelahiran"}, {"akta-kawin", "Akta perkawinan"}, {"akta-mati", "Akta kematian"}}});
  org.units.push_back({"pengaduan", "binjai-dukcapil", "Pengaduan dan Informasi", 0, 95.0, 76.61, std::nullopt,
                       std::nullopt, false, {{"informasi", "Informasi"}, {"pengaduan", "Pengaduan"}}});
  org.counters.push_back({"binjai-dukcapil", "loket-1", "pendaftaran"});
  org.counters.push_back({"binjai-dukcapil", "loket-2", "pencatatan-sipil"});
  org.counters.push_back({"binjai-dukcapil", "loket-3", "pengaduan"});
  // The kiosk simulator's roster for seed 1, in roster order; employee i regularly staffs
  // loket-(i % 3 + 1), so each unit gets the three who staff its counter.
  const char* const roster[9][2] = {
      {"198909122019121001", "Agus Setiawan"},  {"198503252013021005", "Teguh Wibowo"},
      {"196807011993032004", "Intan Permata"},  {"197302132002091005", "Rizky Pratama"},
      {"198504152007031005", "Joko Susilo"},    {"199012042017081005", "Hendra Siregar"},
      {"199708132024011002", "Budi Santoso"},   {"199205132018072001", "Siti Rahmawati"},
      {"197112181998062005", "Lina Simanjuntak"},
  };
  for (std::size_t i = 0; i < 9; ++i) org.employees.push_back({roster[i][0], roster[i][1], org.counters[i % 3].unit, std::nullopt, std::nullopt});
  return org;
}

}  // namespace pantau::hub
