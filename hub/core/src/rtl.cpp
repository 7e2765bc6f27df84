#include "pantau/hub/core/rtl.hpp"

#include <algorithm>
#include <array>

#include "indicators/text.hpp"
#include "pantau/shared/validate.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;

error bad_field(std::string_view field, std::string message) {
  return error{errc::bad_request, std::string(field) + ": " + std::move(message)};
}

result<std::size_t> parse_element(std::string_view s) {
  for (std::size_t i = 0; i < ind::element_count; ++i)
    if (s == ind::element_code(i)) return i;
  return bad_field("element", "unsur harus U1..U9 / element must be U1..U9, got '" + std::string(s) + "'");
}

result<std::string> checked_text(std::string_view field, const std::string& s, bool required) {
  if (required && s.find_first_not_of(" \t\r\n") == std::string::npos)
    return bad_field(field, "wajib diisi / required");
  if (s.size() > rtl_text_max)
    return bad_field(field, "terlalu panjang (maks. " + std::to_string(rtl_text_max) + " byte) / too long");
  if (!is_valid_utf8(s)) return bad_field(field, "bukan UTF-8 yang sah / not valid UTF-8");
  return s;
}

// Fields that must be given for a new item, in the order their errors are reported.
result<bool> require(const rtl_fields& f) {
  const std::pair<const char*, const std::optional<std::string>*> needed[] = {
      {"unit", &f.unit},   {"period", &f.period},         {"element", &f.element}, {"problem", &f.problem},
      {"action", &f.action}, {"owner_kind", &f.owner_kind}, {"owner", &f.owner},     {"due", &f.due}};
  for (const auto& [name, value] : needed)
    if (!*value) return bad_field(name, "wajib diisi / required");
  return true;
}

// Every field given is checked against its own format, then the item as a whole; the first problem
// is reported with its field.
result<rtl_item> apply_fields(rtl_item item, const rtl_fields& f, const rtl_checks& checks, std::int64_t now_ms) {
  if (f.element) {
    auto e = parse_element(*f.element);
    if (!e) return e.err();
    item.element = *e;
  }
  if (f.problem) {
    auto t = checked_text("problem", *f.problem, true);
    if (!t) return t.err();
    item.problem = *t;
  }
  if (f.action) {
    auto t = checked_text("action", *f.action, true);
    if (!t) return t.err();
    item.action = *t;
  }
  if (f.owner_kind) {
    auto k = parse_rtl_owner_kind(*f.owner_kind);
    if (!k)
      return bad_field("owner_kind", "harus 'account' (akun hub) atau 'employee' (NIP pegawai unit) / must be "
                                     "'account' or 'employee', got '" + *f.owner_kind + "'");
    item.owner_kind = *k;
  }
  if (f.owner) item.owner = *f.owner;
  if (f.due) {
    auto d = ind::parse_date(*f.due);
    if (!d) return bad_field("due", "tanggal harus YYYY-MM-DD / due must be a date YYYY-MM-DD, got '" + *f.due + "'");
    item.due = *d;
  }
  if (f.status) {
    auto s = parse_rtl_status(*f.status);
    if (!s)
      return bad_field("status", "harus planned, in_progress atau done / must be planned, in_progress or done, got '" +
                                     *f.status + "'");
    item.status = *s;
  }
  if (f.evidence) {
    auto t = checked_text("evidence", *f.evidence, false);
    if (!t) return t.err();
    item.evidence = *t;
  }

  // The owner is checked after owner_kind and unit are known: an account is not a NIP and back.
  if (f.owner || f.owner_kind) {
    if (item.owner_kind == rtl_owner_kind::employee) {
      if (!is_valid_nip(item.owner))
        return bad_field("owner", "NIP 18 digit pegawai unit / an 18-digit NIP of the unit's employee, got '" +
                                      item.owner + "'");
      const auto* e = checks.org ? checks.org->find_employee(item.owner) : nullptr;
      if (e == nullptr || e->unit != item.unit)
        return bad_field("owner", "bukan pegawai unit " + item.unit + " / not an employee of unit " + item.unit +
                                      ": " + item.owner);
    } else {
      if (item.owner.empty() || !checks.account_can_own || !checks.account_can_own(item.owner, item.unit))
        return bad_field("owner", "akun tidak dikenal atau tidak berhak atas unit " + item.unit +
                                      " / unknown account or not one of the unit: '" + item.owner + "'");
    }
  }
  if (item.due < item.of.first())
    return bad_field("due", "tenggat " + ind::format_date(item.due) + " sebelum awal periode " +
                                ind::format_date(item.of.first()) + " / due date before the period starts");
  if (item.due > ind::add_days(item.of.last(), 3 * 366))
    return bad_field("due", "tenggat lebih dari tiga tahun setelah periode / due more than three years after the period");
  if (item.status == rtl_status::done && item.evidence.empty())
    return bad_field("evidence", "wajib diisi untuk status done / required to mark an item done");

  if (item.status == rtl_status::done) {
    if (!item.closed_ms) item.closed_ms = now_ms;
  } else {
    item.closed_ms.reset();
  }
  item.updated_ms = now_ms;
  return item;
}

// A first action per element, for the supervisor to adapt (the proposal is a draft, not a plan).
constexpr std::array<std::string_view, ind::element_count> suggested_actions{
    "Sederhanakan persyaratan dan umumkan daftarnya di loket dan daring",
    "Tinjau alur prosedur layanan dan pasang bagan alur yang jelas",
    "Tetapkan dan umumkan waktu penyelesaian; pantau antrean pada jam sibuk",
    "Umumkan biaya/tarif resmi (atau bebas biaya) di tempat yang terlihat",
    "Samakan produk layanan dengan standar pelayanan yang diumumkan",
    "Adakan pelatihan teknis bagi pelaksana layanan",
    "Adakan pembinaan sikap dan budaya pelayanan bagi pelaksana",
    "Perjelas saluran pengaduan dan tanggapi setiap pengaduan tepat waktu",
    "Perbaiki sarana dan prasarana ruang layanan yang dikeluhkan",
};

std::string owner_text(const rtl_item& i) { return std::string(to_string(i.owner_kind)) + ":" + i.owner; }

}  // namespace

std::string_view to_string(rtl_status s) {
  switch (s) {
    case rtl_status::planned: return "planned";
    case rtl_status::in_progress: return "in_progress";
    case rtl_status::done: return "done";
  }
  return "planned";
}

std::string_view label_id(rtl_status s) {
  switch (s) {
    case rtl_status::planned: return "Direncanakan";
    case rtl_status::in_progress: return "Sedang berjalan";
    case rtl_status::done: return "Selesai";
  }
  return "Direncanakan";
}

std::optional<rtl_status> parse_rtl_status(std::string_view s) {
  for (auto v : {rtl_status::planned, rtl_status::in_progress, rtl_status::done})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

std::string_view to_string(rtl_owner_kind k) { return k == rtl_owner_kind::account ? "account" : "employee"; }

std::optional<rtl_owner_kind> parse_rtl_owner_kind(std::string_view s) {
  if (s == "account") return rtl_owner_kind::account;
  if (s == "employee") return rtl_owner_kind::employee;
  return std::nullopt;
}

result<rtl_item> make_rtl_item(const rtl_fields& f, const rtl_checks& checks, std::int64_t now_ms) {
  if (auto r = require(f); !r) return r.err();
  rtl_item item;
  if (checks.org == nullptr || checks.org->find_unit(*f.unit) == nullptr)
    return bad_field("unit", "unit tidak dikenal / unknown unit: '" + *f.unit + "'");
  item.unit = *f.unit;
  auto p = ind::parse_period(*f.period);
  if (!p)
    return bad_field("period", "periode harus bulan (2026-11), semester (2026-S2) atau tahun (2026) / period must be "
                               "a month, semester or year, got '" + *f.period + "'");
  item.of = *p;
  item.created_ms = now_ms;
  rtl_fields rest = f;
  if (!rest.status) rest.status = std::string(to_string(rtl_status::planned));
  return apply_fields(std::move(item), rest, checks, now_ms);
}

result<rtl_item> update_rtl_item(const rtl_item& base, const rtl_fields& f, const rtl_checks& checks,
                                 std::int64_t now_ms) {
  if (f.unit && *f.unit != base.unit) return bad_field("unit", "tidak dapat diubah / cannot be changed");
  if (f.period && *f.period != ind::to_string(base.of)) return bad_field("period", "tidak dapat diubah / cannot be changed");
  return apply_fields(base, f, checks, now_ms);
}

result<rtl_item> close_rtl_item(const rtl_item& base, std::optional<std::string_view> evidence, std::int64_t now_ms) {
  rtl_fields f;
  f.status = std::string(to_string(rtl_status::done));
  if (evidence) f.evidence = std::string(*evidence);
  // Closing changes neither owner nor unit: no account or organisation lookup is needed.
  return apply_fields(base, f, rtl_checks{}, now_ms);
}

std::vector<rtl_change> rtl_diff(const rtl_item& before, const rtl_item& after) {
  std::vector<rtl_change> out;
  const auto add = [&out](const char* field, std::string a, std::string b) {
    if (a != b) out.push_back({field, std::move(a), std::move(b)});
  };
  add("element", std::string(ind::element_code(before.element)), std::string(ind::element_code(after.element)));
  add("problem", before.problem, after.problem);
  add("action", before.action, after.action);
  add("owner", owner_text(before), owner_text(after));
  add("due", ind::format_date(before.due), ind::format_date(after.due));
  add("status", std::string(to_string(before.status)), std::string(to_string(after.status)));
  add("evidence", before.evidence, after.evidence);
  return out;
}

std::vector<rtl_change> rtl_created(const rtl_item& item) {
  return {{"unit", "", item.unit},
          {"period", "", ind::to_string(item.of)},
          {"element", "", std::string(ind::element_code(item.element))},
          {"problem", "", item.problem},
          {"action", "", item.action},
          {"owner", "", owner_text(item)},
          {"due", "", ind::format_date(item.due)},
          {"status", "", std::string(to_string(item.status))},
          {"evidence", "", item.evidence}};
}

std::vector<std::size_t> weakest_elements(const std::array<std::optional<double>, ind::element_count>& nrr,
                                          std::size_t at_least) {
  std::vector<std::size_t> answered;
  for (std::size_t i = 0; i < ind::element_count; ++i)
    if (nrr[i]) answered.push_back(i);
  // Compared as shown (hundredths of the converted value), so two elements that print the same tie.
  const auto shown = [&](std::size_t i) { return ind::round_hundredths(*nrr[i] * 25.0); };
  std::stable_sort(answered.begin(), answered.end(), [&](std::size_t a, std::size_t b) { return shown(a) < shown(b); });
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < answered.size(); ++k) {
    const auto g = ind::grade_of(*nrr[answered[k]] * 25.0);
    const bool below_b = g && (*g == ind::grade::c || *g == ind::grade::d);
    if (below_b || k < at_least) out.push_back(answered[k]);
  }
  return out;
}

result<ind::satisfaction_totals> satisfaction_in(const organisation& org, std::span<const unit_info> units,
                                                 std::int64_t from_day, std::int64_t to_day, aggregate_reader& rows) {
  std::vector<counter_info> counters;
  for (const auto& c : org.counters)
    if (std::any_of(units.begin(), units.end(), [&](const unit_info& u) { return u.unit == c.unit; }))
      counters.push_back(c);
  ind::satisfaction_totals t;
  if (counters.empty()) return t;
  auto days = rows.counter_days(counters, from_day, to_day);
  if (!days) return days.err();
  for (const auto& d : *days) t.merge(d.satisfaction);
  return t;
}

ind::period previous_period(const ind::period& p) {
  ind::period q = p;
  switch (p.kind) {
    case ind::period_kind::month:
      if (p.index == 1) { q.year -= 1; q.index = 12; } else { q.index -= 1; }
      break;
    case ind::period_kind::semester:
      if (p.index == 1) { q.year -= 1; q.index = 2; } else { q.index = 1; }
      break;
    case ind::period_kind::year: q.year -= 1; break;
  }
  return q;
}

ind::period next_period(const ind::period& p) {
  ind::period q = p;
  switch (p.kind) {
    case ind::period_kind::month:
      if (p.index == 12) { q.year += 1; q.index = 1; } else { q.index += 1; }
      break;
    case ind::period_kind::semester:
      if (p.index == 2) { q.year += 1; q.index = 1; } else { q.index = 2; }
      break;
    case ind::period_kind::year: q.year += 1; break;
  }
  return q;
}

std::vector<rtl_item> propose_rtl(const unit_info& unit, const ind::period& of, const ind::satisfaction_totals& totals,
                                  const principal& who, std::span<const rtl_item> existing) {
  const auto values = ind::nrr(totals);
  std::vector<rtl_item> out;
  for (const std::size_t e : weakest_elements(values)) {
    const bool taken = std::any_of(existing.begin(), existing.end(), [&](const rtl_item& i) {
      return i.unit == unit.unit && i.of == of && i.element == e;
    });
    if (taken) continue;
    rtl_item d;
    d.unit = unit.unit;
    d.of = of;
    d.element = e;
    const double converted = *values[e] * 25.0;
    const auto g = ind::grade_of(converted);
    d.problem = "NRR " + std::string(ind::element_code(e)) + " " + std::string(ind::element_name(e)) + " " +
                ind::text::decimal(ind::round2(*values[e])) + " (konversi " + ind::text::decimal(ind::round2(converted)) +
                (g ? std::string(", mutu ") + ind::letter(*g) + " " + std::string(ind::label(*g)) : std::string()) +
                ") pada " + ind::label_id(of);
    d.action = std::string(suggested_actions[e]);
    d.owner_kind = rtl_owner_kind::account;
    if (who.role == role::supervisor) d.owner = who.user;
    d.due = next_period(of).last();
    out.push_back(std::move(d));
  }
  return out;
}

bool overdue(const rtl_item& item, ind::civil_date today) { return item.status != rtl_status::done && item.due < today; }

std::map<std::string, rtl_overdue_summary> summarise_overdue(
    std::span<const rtl_item> open, const std::function<ind::civil_date(std::string_view unit)>& today_of) {
  std::map<std::string, rtl_overdue_summary> out;
  std::map<std::string, ind::civil_date, std::less<>> today;
  for (const auto& i : open) {
    auto it = today.find(i.unit);
    if (it == today.end()) it = today.emplace(i.unit, today_of(i.unit)).first;
    if (!overdue(i, it->second)) continue;
    auto& s = out[i.unit];
    s.oldest_due = s.items == 0 ? i.due : std::min(s.oldest_due, i.due);
    ++s.items;
  }
  return out;
}

}  // namespace pantau::hub
