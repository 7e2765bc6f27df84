#pragma once
// The retained config the hub publishes to each kiosk (DESIGN §4), built from the organisation data:
// the roster of the kiosk's office (every employee of its units), its counters, each unit's hours and
// the office's holidays, the zone, and the screen's language and rating mode.
// Thread-safety: pure functions.
#include <cstdint>
#include <string>
#include <string_view>

#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/kiosk_settings.hpp"

namespace pantau::hub {

struct kiosk_screen_defaults {
  std::string language = "id";       // id | en
  std::string rating_mode = "quick";  // quick | skm
  // The attendance policy's band bounds: the kiosk's greeting bands a check-in as the indicators do.
  band_bounds bands = default_band_bounds;
  bool respondent_profile = false;  // offer the optional profile after a rating
};

kiosk_settings settings_for_kiosk(const organisation& org, std::string_view office, std::string_view kiosk,
                                  const kiosk_screen_defaults& screen, std::int64_t issued_utc_ms);

// The same settings without "issued": two builds that would tell a kiosk nothing new compare equal,
// so the hub republishes only when something a kiosk uses has changed.
bool same_content(const kiosk_settings& a, const kiosk_settings& b);

}  // namespace pantau::hub
