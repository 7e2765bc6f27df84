#pragma once
// What the hub tells one kiosk on its retained config topic (DESIGN §4): who may check in there (the
// roster: NIP -> name, unit), the office's counters, each unit's working hours and the holidays (for
// the on-screen "tepat waktu" / TL band), the site's zone, the screen language and the rating mode.
// The kiosk keeps the last one it received and works offline with it.
// Thread-safety: plain values.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "pantau/shared/discipline.hpp"

namespace pantau {

inline constexpr std::size_t max_settings_bytes = 512 * 1024;

struct roster_entry {
  std::string nip;
  std::string name;
  std::string unit;
  bool operator==(const roster_entry&) const = default;
};

struct counter_entry {
  std::string counter;
  std::string unit;
  bool operator==(const counter_entry&) const = default;
};

// A service a unit offers, for the respondent profile screen.
struct service_entry {
  std::string unit;
  std::string code;
  std::string name;
  bool operator==(const service_entry&) const = default;
};

struct work_hours {
  int start_min = 0;  // local minutes after midnight
  int end_min = 0;    // <= start: the shift ends the next day
  bool operator==(const work_hours&) const = default;
};

struct unit_hours {
  std::string unit;
  std::array<std::optional<work_hours>, 7> weekly;  // Monday first; nullopt: not a working day
  int grace_minutes = 0;
  bool operator==(const unit_hours&) const = default;
};

struct kiosk_settings {
  std::string office;
  std::string kiosk;
  std::string key;  // the kiosk's key id (signing::key_id) the hub sealed it for; empty: not named
  std::string zone = "WIB";          // WIB | WITA | WIT
  std::string language = "id";       // id | en: the screen's first language
  std::string rating_mode = "quick";  // quick (four faces) | skm (the nine survey elements)
  std::vector<roster_entry> roster;
  std::vector<counter_entry> counters;
  std::vector<unit_hours> hours;
  std::vector<std::string> holidays;  // YYYY-MM-DD, local dates
  std::vector<service_entry> services;  // of the office's units, each unit's in its own order
  bool respondent_profile = false;      // offer the optional respondent profile after a rating
  band_bounds bands = default_band_bounds;  // TL/PSW band upper minutes (the hub's attendance policy)
  std::string issued;                 // UTC ISO-8601, when the hub built it
  bool operator==(const kiosk_settings&) const = default;

  const roster_entry* find_employee(std::string_view nip) const;
  const unit_hours* hours_of(std::string_view unit) const;
};

}  // namespace pantau
