#include "pantau/hub/core/live_events.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "pantau/hub/core/day_aggregates.hpp"

namespace pantau::hub {
namespace {

struct people {
  std::string_view counter;
  std::optional<std::string_view> employee;
};

people people_of(const pantau::event& e) {
  return std::visit(
      [](const auto& d) -> people {
        using data = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<data, attendance_data>) {
          return {{}, std::string_view(d.employee)};
        } else if constexpr (std::is_same_v<data, profile_data>) {
          return {d.counter, std::nullopt};
        } else if constexpr (std::is_same_v<data, rating_data>) {
          if (d.employee) return {d.counter, std::string_view(*d.employee)};
          return {d.counter, std::nullopt};
        } else {
          return {d.counter, std::string_view(d.employee)};
        }
      },
      e.data);
}

}  // namespace

touched_units units_touched(const organisation& org, std::span<const pantau::event* const> events) {
  touched_units out;
  for (const pantau::event* e : events) {
    if (e == nullptr) continue;
    const auto who = people_of(*e);
    std::string date;
    auto add = [&](const std::string& unit) {
      if (date.empty())
        date = indicators::format_date(
            indicators::civil_from_days(local_day_of(e->ts_ms, org.zone_of_office(e->office))));
      out.days.push_back({unit, date});
    };
    bool found = false;
    if (who.employee) {
      if (const auto* emp = org.find_employee(*who.employee)) {
        add(emp->unit);
        found = true;
      }
    }
    if (!who.counter.empty()) {
      for (const auto* c : org.find_counters(who.counter)) {
        if (c->office != e->office) continue;
        add(c->unit);
        found = true;
      }
    }
    if (!found) out.unresolved = true;
  }
  std::sort(out.days.begin(), out.days.end());
  out.days.erase(std::unique(out.days.begin(), out.days.end()), out.days.end());
  return out;
}

}  // namespace pantau::hub
