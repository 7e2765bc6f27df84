#include "pantau/shared/kiosk_settings.hpp"

namespace pantau {

const roster_entry* kiosk_settings::find_employee(std::string_view nip) const {
  for (const auto& r : roster)
    if (r.nip == nip) return &r;
  return nullptr;
}

const unit_hours* kiosk_settings::hours_of(std::string_view unit) const {
  for (const auto& h : hours)
    if (h.unit == unit) return &h;
  return nullptr;
}

}  // namespace pantau
