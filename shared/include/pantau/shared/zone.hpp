#pragma once
// The three fixed Indonesian zones: the one table of them. GCC 12 ships no std::chrono time-zone
// database and Indonesia has no daylight saving, so a fixed offset per site is exact (DESIGN §3).
// Thread-safety: pure functions.
#include <optional>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

enum class zone { wib, wita, wit };

int utc_offset_minutes(zone z);         // 420, 480, 540
std::string_view abbreviation(zone z);  // "WIB", "WITA", "WIT"
std::string_view iana_name(zone z);     // for display only: "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"

// Exactly "WIB", "WITA" or "WIT", as configuration files and the wire write them.
std::optional<zone> zone_from_abbreviation(std::string_view s);
// Minutes east of UTC of "WIB", "WITA" or "WIT"; empty for anything else.
std::optional<int> zone_offset_minutes(std::string_view abbreviation);

// Accepts WIB/WITA/WIT (any case) and the IANA names of Indonesia (Asia/Jakarta, Asia/Pontianak,
// Asia/Makassar, Asia/Jayapura). Error code: invalid_zone.
result<zone> parse_zone(std::string_view s);

}  // namespace pantau
