#pragma once
// A believable stream of what happens at one kiosk: staff check in and out, open their counter, take
// breaks, serve numbered tickets, and citizens rate the service (mostly the single overall question,
// sometimes the nine SKM elements, scores mostly 3-4 with a per-employee tendency). Deterministic for
// a given seed, for demos and load tests. Thread-safety: not thread-safe.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/event.hpp"

namespace pantau::kiosk {

enum class sim_mix { mixed, attendance, counter, service, rating };
std::optional<sim_mix> parse_sim_mix(std::string_view s);
const char* to_string(sim_mix m);

struct sim_employee {
  std::string nip;   // 18 digits: birth date, appointment month, gender, number
  std::string name;
  int tendency = 1;  // 0 excellent, 1 average, 2 needs coaching: skews the ratings they get
};

struct sim_options {
  std::uint64_t seed = 1;
  sim_mix mix = sim_mix::mixed;
  std::size_t employees = 9;  // at least `counters`
  std::size_t counters = 3;   // loket-1 .. loket-N
};

class simulator {
 public:
  explicit simulator(sim_options opts);

  event_data next();

  const std::vector<sim_employee>& roster() const { return roster_; }
  const std::vector<std::string>& counters() const { return counter_names_; }

 private:
  enum class phase { closed, idle, serving, on_break };
  struct counter_state {
    phase at = phase::closed;
    std::optional<std::size_t> employee;
    std::string ticket;
    bool rating_due = false;
  };

  event_data next_mixed();
  event_data next_attendance_only();
  event_data next_counter_only(std::size_t c);
  event_data next_service_only(std::size_t c);
  event_data rating_for(std::size_t c);

  event_data toggle_presence(std::size_t e);
  event_data counter_event(std::size_t c, counter_data::action_t a);
  std::optional<std::size_t> free_employee(bool present);
  std::string next_ticket();
  int score(int tendency);
  std::size_t pick(std::size_t n);  // uniform in [0, n)
  bool chance(int percent);

  sim_options opts_;
  std::mt19937_64 rng_;
  std::vector<sim_employee> roster_;
  std::vector<std::string> counter_names_;
  std::vector<bool> present_;
  std::vector<std::optional<std::size_t>> assigned_;  // employee -> counter
  std::vector<counter_state> state_;
  int ticket_no_ = 0;
};

}  // namespace pantau::kiosk
