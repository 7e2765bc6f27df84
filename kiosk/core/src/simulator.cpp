#include "pantau/kiosk/simulator.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace pantau::kiosk {

namespace {

struct name_entry {
  const char* name;
  int gender;  // NIP digit 15: 1 male, 2 female
};

constexpr std::array<name_entry, 18> names = {{
    {"Siti Rahmawati", 2},  {"Budi Santoso", 1},    {"Dewi Lestari", 2},     {"Ahmad Fauzi", 1},
    {"Rina Marpaung", 2},   {"Hendra Siregar", 1},  {"Nur Aisyah", 2},       {"Rizky Pratama", 1},
    {"Yulia Nasution", 2},  {"Agus Setiawan", 1},   {"Fitri Handayani", 2},  {"Dedi Kurniawan", 1},
    {"Intan Permata", 2},   {"Joko Susilo", 1},     {"Maya Sari", 2},        {"Bambang Hutapea", 1},
    {"Lina Simanjuntak", 2}, {"Teguh Wibowo", 1},
}};

// Percent chance of scores 1..4 for each tendency; satisfaction surveys lean to 3 and 4.
constexpr std::array<std::array<int, 4>, 3> score_weights = {{
    {2, 4, 30, 64},
    {4, 9, 45, 42},
    {10, 22, 45, 23},
}};

std::string padded(std::uint64_t v, std::size_t width) {
  std::string s = std::to_string(v);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

}  // namespace

std::optional<sim_mix> parse_sim_mix(std::string_view s) {
  if (s == "mixed") return sim_mix::mixed;
  if (s == "attendance") return sim_mix::attendance;
  if (s == "counter") return sim_mix::counter;
  if (s == "service") return sim_mix::service;
  if (s == "rating") return sim_mix::rating;
  return std::nullopt;
}

const char* to_string(sim_mix m) {
  switch (m) {
    case sim_mix::mixed: return "mixed";
    case sim_mix::attendance: return "attendance";
    case sim_mix::counter: return "counter";
    case sim_mix::service: return "service";
    case sim_mix::rating: return "rating";
  }
  return "mixed";
}

simulator::simulator(sim_options opts) : opts_(opts), rng_(opts.seed) {
  opts_.counters = std::max<std::size_t>(1, opts_.counters);
  opts_.employees = std::max(opts_.employees, opts_.counters);

  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[pick(i)]);

  std::set<std::string> seen;
  while (roster_.size() < opts_.employees) {
    const std::size_t n = roster_.size();
    const name_entry& who = names[order[n % names.size()]];
    const std::uint64_t birth_year = 1968 + pick(31);
    const std::uint64_t hired_year = std::min<std::uint64_t>(2024, birth_year + 22 + pick(9));
    std::string nip = padded(birth_year, 4) + padded(1 + pick(12), 2) + padded(1 + pick(28), 2) +
                      padded(hired_year, 4) + padded(1 + pick(12), 2) +
                      std::to_string(who.gender) + padded(1 + pick(5), 3);
    if (!seen.insert(nip).second) continue;
    sim_employee e;
    e.nip = std::move(nip);
    e.name = who.name;
    if (n >= names.size()) e.name += " " + std::to_string(n / names.size() + 1);
    const std::size_t t = pick(10);
    e.tendency = t < 3 ? 0 : (t < 8 ? 1 : 2);
    roster_.push_back(std::move(e));
  }
  for (std::size_t c = 0; c < opts_.counters; ++c) counter_names_.push_back("loket-" + std::to_string(c + 1));
  present_.assign(roster_.size(), false);
  assigned_.assign(roster_.size(), std::nullopt);
  state_.assign(counter_names_.size(), counter_state{});
}

std::size_t simulator::pick(std::size_t n) { return n <= 1 ? 0 : static_cast<std::size_t>(rng_() % n); }
bool simulator::chance(int percent) { return static_cast<int>(pick(100)) < percent; }

int simulator::score(int tendency) {
  const auto& w = score_weights[static_cast<std::size_t>(std::clamp(tendency, 0, 2))];
  int roll = static_cast<int>(pick(100));
  for (int s = 0; s < 4; ++s) {
    roll -= w[static_cast<std::size_t>(s)];
    if (roll < 0) return s + 1;
  }
  return 4;
}

std::string simulator::next_ticket() {
  // One dispenser per office: A001..A999, then B001.., wrapping after Z999.
  const int n = ticket_no_++ % (26 * 999);
  const char letter = static_cast<char>('A' + n / 999);
  return std::string(1, letter) + padded(static_cast<std::uint64_t>(n % 999 + 1), 3);
}

std::optional<std::size_t> simulator::free_employee(bool present) {
  std::vector<std::size_t> candidates;
  for (std::size_t e = 0; e < roster_.size(); ++e)
    if (!assigned_[e] && present_[e] == present) candidates.push_back(e);
  if (candidates.empty()) return std::nullopt;
  return candidates[pick(candidates.size())];
}

event_data simulator::toggle_presence(std::size_t e) {
  attendance_data a;
  a.employee = roster_[e].nip;
  a.action = present_[e] ? attendance_data::action_t::out : attendance_data::action_t::in;
  present_[e] = !present_[e];
  if (chance(92)) {
    a.method = attendance_data::method_t::badge;
    const int roll = static_cast<int>(pick(100));
    a.face = roll < 90 ? attendance_data::face_t::present
                       : (roll < 93 ? attendance_data::face_t::absent : attendance_data::face_t::unchecked);
  } else {
    a.method = attendance_data::method_t::pin;
    a.face = attendance_data::face_t::unchecked;
  }
  if (a.face != attendance_data::face_t::unchecked) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string h = "sha256:";
    for (int word = 0; word < 4; ++word) {
      std::uint64_t bits = rng_();
      for (int i = 0; i < 16; ++i, bits >>= 4) h.push_back(hex[bits & 0xf]);
    }
    a.photo = std::move(h);
  }
  return a;
}

event_data simulator::counter_event(std::size_t c, counter_data::action_t a) {
  counter_data d;
  d.counter = counter_names_[c];
  d.employee = roster_[*state_[c].employee].nip;
  d.action = a;
  return d;
}

event_data simulator::rating_for(std::size_t c) {
  rating_data r;
  r.counter = counter_names_[c];
  int tendency = 1;
  if (state_[c].employee) {
    r.employee = roster_[*state_[c].employee].nip;
    tendency = roster_[*state_[c].employee].tendency;
  }
  r.overall = score(tendency);
  if (chance(18)) {
    std::array<std::optional<int>, rating_data::element_count> el{};
    for (std::size_t i = 0; i < el.size(); ++i) {
      // U4 (cost) is often skipped: most counter services here are free of charge.
      const int skip = i == 3 ? 35 : 6;
      if (chance(skip)) continue;
      int s = score(tendency);
      if (i == 2 && s > 1 && chance(15)) --s;  // U3 (waiting time) is the usual complaint
      el[i] = s;
    }
    if (std::none_of(el.begin(), el.end(), [](const auto& v) { return v.has_value(); })) el[0] = *r.overall;
    r.elements = el;
  }
  r.misuse = chance(1);
  return r;
}

event_data simulator::next_attendance_only() { return toggle_presence(pick(roster_.size())); }

event_data simulator::next_counter_only(std::size_t c) {
  counter_state& s = state_[c];
  switch (s.at) {
    case phase::closed: {
      auto e = free_employee(false);
      if (!e) e = free_employee(true);
      if (!e) break;
      s.employee = *e;
      assigned_[*e] = c;
      s.at = phase::idle;
      return counter_event(c, counter_data::action_t::open);
    }
    case phase::idle:
    case phase::serving:
      if (chance(65)) {
        s.at = phase::on_break;
        return counter_event(c, counter_data::action_t::break_);
      }
      break;
    case phase::on_break:
      if (chance(85)) {
        s.at = phase::idle;
        return counter_event(c, counter_data::action_t::resume);
      }
      break;
  }
  auto ev = counter_event(c, counter_data::action_t::close);
  assigned_[*s.employee] = std::nullopt;
  s = counter_state{};
  return ev;
}

event_data simulator::next_service_only(std::size_t c) {
  counter_state& s = state_[c];
  if (!s.employee) {
    s.employee = c;
    assigned_[c] = c;
  }
  service_data d;
  d.counter = counter_names_[c];
  d.employee = roster_[*s.employee].nip;
  if (s.at == phase::serving) {
    d.ticket = s.ticket;
    d.action = service_data::action_t::end;
    s.at = phase::idle;
  } else {
    s.ticket = next_ticket();
    d.ticket = s.ticket;
    d.action = service_data::action_t::start;
    s.at = phase::serving;
  }
  return d;
}

event_data simulator::next_mixed() {
  // Back-office staff (not at a counter) come and go now and then.
  if (chance(8)) {
    std::vector<std::size_t> loose;
    for (std::size_t e = 0; e < roster_.size(); ++e)
      if (!assigned_[e]) loose.push_back(e);
    if (!loose.empty()) return toggle_presence(loose[pick(loose.size())]);
  }
  const std::size_t c = pick(state_.size());
  counter_state& s = state_[c];
  if (s.rating_due) {
    s.rating_due = false;
    return rating_for(c);
  }
  switch (s.at) {
    case phase::closed: {
      if (auto e = free_employee(true)) {
        s.employee = *e;
        assigned_[*e] = c;
        s.at = phase::idle;
        return counter_event(c, counter_data::action_t::open);
      }
      if (auto e = free_employee(false)) return toggle_presence(*e);  // arrives, opens next time
      return toggle_presence(pick(roster_.size()));
    }
    case phase::serving: {
      service_data d;
      d.counter = counter_names_[c];
      d.employee = roster_[*s.employee].nip;
      d.ticket = s.ticket;
      d.action = service_data::action_t::end;
      s.at = phase::idle;
      s.rating_due = chance(75);
      return d;
    }
    case phase::on_break:
      if (chance(90)) {
        s.at = phase::idle;
        return counter_event(c, counter_data::action_t::resume);
      }
      break;
    case phase::idle: {
      const int roll = static_cast<int>(pick(100));
      if (roll < 4) {
        s.at = phase::on_break;
        return counter_event(c, counter_data::action_t::break_);
      }
      if (roll >= 6) {
        service_data d;
        d.counter = counter_names_[c];
        d.employee = roster_[*s.employee].nip;
        s.ticket = next_ticket();
        d.ticket = s.ticket;
        d.action = service_data::action_t::start;
        s.at = phase::serving;
        return d;
      }
      break;
    }
  }
  auto ev = counter_event(c, counter_data::action_t::close);
  assigned_[*s.employee] = std::nullopt;
  s = counter_state{};
  return ev;
}

event_data simulator::next() {
  switch (opts_.mix) {
    case sim_mix::attendance: return next_attendance_only();
    case sim_mix::counter: return next_counter_only(pick(state_.size()));
    case sim_mix::service: return next_service_only(pick(state_.size()));
    case sim_mix::rating: {
      const std::size_t c = pick(state_.size());
      // Without the rest of the story, each counter has its own regular employee; some taps come
      // in while nobody is signed in at the counter.
      state_[c].employee = chance(10) ? std::nullopt : std::optional<std::size_t>(c);
      return rating_for(c);
    }
    case sim_mix::mixed: break;
  }
  return next_mixed();
}

}  // namespace pantau::kiosk
