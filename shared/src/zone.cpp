#include "pantau/shared/zone.hpp"

#include <array>
#include <cctype>
#include <string>

namespace pantau {
namespace {

struct zone_row {
  zone z;
  std::string_view abbreviation;
  std::string_view iana;
  int offset_minutes;
};

constexpr std::array<zone_row, 3> zones{{
    {zone::wib, "WIB", "Asia/Jakarta", 7 * 60},
    {zone::wita, "WITA", "Asia/Makassar", 8 * 60},
    {zone::wit, "WIT", "Asia/Jayapura", 9 * 60},
}};

// West Kalimantan keeps Jakarta's time under an IANA name of its own.
constexpr std::string_view pontianak = "Asia/Pontianak";

const zone_row& row(zone z) {
  for (const auto& r : zones) {
    if (r.z == z) return r;
  }
  return zones[0];
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

int utc_offset_minutes(zone z) { return row(z).offset_minutes; }

std::string_view abbreviation(zone z) { return row(z).abbreviation; }

std::string_view iana_name(zone z) { return row(z).iana; }

std::optional<zone> zone_from_abbreviation(std::string_view s) {
  for (const auto& r : zones) {
    if (r.abbreviation == s) return r.z;
  }
  return std::nullopt;
}

std::optional<int> zone_offset_minutes(std::string_view abbreviation) {
  const auto z = zone_from_abbreviation(abbreviation);
  if (!z) return std::nullopt;
  return utc_offset_minutes(*z);
}

result<zone> parse_zone(std::string_view s) {
  if (s == pontianak) return zone::wib;
  for (const auto& r : zones) {
    if (equals_ignore_case(s, r.abbreviation) || s == r.iana) return r.z;
  }
  return error{errc::invalid_zone, "time zone '" + std::string(s) +
                                   "' is not one of WIB, WITA, WIT, Asia/Jakarta, Asia/Pontianak, "
                                   "Asia/Makassar, Asia/Jayapura"};
}

}  // namespace pantau
