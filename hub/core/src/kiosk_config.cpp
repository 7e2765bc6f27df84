#include "pantau/hub/core/kiosk_config.hpp"

#include <algorithm>

#include "pantau/shared/codec.hpp"

namespace pantau::hub {

kiosk_settings settings_for_kiosk(const organisation& org, std::string_view office, std::string_view kiosk,
                                  const kiosk_screen_defaults& screen, std::int64_t issued_utc_ms) {
  kiosk_settings s;
  s.office = std::string(office);
  s.kiosk = std::string(kiosk);
  s.zone = std::string(indicators::abbreviation(org.zone_of_office(office)));
  s.language = screen.language;
  s.rating_mode = screen.rating_mode;
  s.bands = screen.bands;
  s.respondent_profile = screen.respondent_profile;
  s.issued = format_utc_ms(issued_utc_ms);
  for (const auto& u : org.units) {
    if (u.office != office) continue;
    unit_hours h;
    h.unit = u.unit;
    const auto sched = org.schedule_of(u);
    h.grace_minutes = sched.grace_minutes;
    for (std::size_t d = 0; d < 7; ++d)
      if (const auto& w = sched.weekly[d]) h.weekly[d] = work_hours{w->start_min, w->end_min};
    s.hours.push_back(std::move(h));
    for (const auto& sv : u.services) s.services.push_back(service_entry{u.unit, sv.code, sv.name});
    for (const auto& e : org.employees)
      if (e.unit == u.unit) s.roster.push_back(roster_entry{e.nip, e.name, e.unit});
  }
  for (const auto& c : org.counters)
    if (c.office == office) s.counters.push_back(counter_entry{c.counter, c.unit});
  for (const auto& h : org.holidays)
    if (h.office == office) s.holidays.push_back(indicators::format_date(h.date));
  std::sort(s.roster.begin(), s.roster.end(), [](const auto& a, const auto& b) { return a.nip < b.nip; });
  std::sort(s.holidays.begin(), s.holidays.end());
  return s;
}

bool same_content(const kiosk_settings& a, const kiosk_settings& b) {
  kiosk_settings x = a;
  x.issued = b.issued;
  return x == b;
}

}  // namespace pantau::hub
