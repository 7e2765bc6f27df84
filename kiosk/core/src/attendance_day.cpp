#include "pantau/kiosk/attendance_day.hpp"

namespace pantau::kiosk {

std::int64_t local_day_number(std::int64_t utc_ms, int utc_offset_minutes) {
  constexpr std::int64_t ms_per_day = 86'400'000;
  const std::int64_t local_ms = utc_ms + std::int64_t{utc_offset_minutes} * 60'000;
  std::int64_t day = local_ms / ms_per_day;
  if (local_ms % ms_per_day < 0) --day;
  return day;
}

attendance_data::action_t attendance_action_for(std::optional<std::int64_t> previous_scan_utc_ms,
                                                std::int64_t scan_utc_ms, int utc_offset_minutes) {
  if (!previous_scan_utc_ms) return attendance_data::action_t::in;
  return local_day_number(*previous_scan_utc_ms, utc_offset_minutes) < local_day_number(scan_utc_ms, utc_offset_minutes)
             ? attendance_data::action_t::in
             : attendance_data::action_t::out;
}

attendance_data::action_t attendance_day_book::action_for(std::string_view nip, std::int64_t scan_utc_ms) const {
  const auto it = last_scan_.find(std::string(nip));
  std::optional<std::int64_t> previous;
  if (it != last_scan_.end()) previous = it->second;
  return attendance_action_for(previous, scan_utc_ms, utc_offset_minutes_);
}

attendance_data::action_t attendance_day_book::record(std::string_view nip, std::int64_t scan_utc_ms) {
  const auto action = action_for(nip, scan_utc_ms);
  last_scan_[std::string(nip)] = scan_utc_ms;
  return action;
}

}  // namespace pantau::kiosk
