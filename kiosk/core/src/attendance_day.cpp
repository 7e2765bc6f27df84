#include "pantau/kiosk/attendance_day.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace pantau::kiosk {

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

std::string attendance_day_book::encode(std::int64_t now_utc_ms) const {
  const std::int64_t today = local_day_number(now_utc_ms, utc_offset_minutes_);
  std::vector<std::pair<std::string, std::int64_t>> rows;
  for (const auto& [nip, ms] : last_scan_)
    if (local_day_number(ms, utc_offset_minutes_) == today) rows.emplace_back(nip, ms);
  std::sort(rows.begin(), rows.end());  // the same book gives the same text
  std::string out = "v1\n";
  for (const auto& [nip, ms] : rows) out += nip + " " + std::to_string(ms) + "\n";
  return out;
}

bool attendance_day_book::restore(std::string_view text) {
  std::unordered_map<std::string, std::int64_t> book;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line_no++ == 0) {
      if (line != "v1") return false;
      continue;
    }
    const auto space = line.find(' ');
    if (space == 0 || space == std::string_view::npos) return false;
    std::int64_t ms = 0;
    const auto digits = line.substr(space + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ms);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return false;
    book[std::string(line.substr(0, space))] = ms;
  }
  if (line_no == 0) return false;
  last_scan_ = std::move(book);
  return true;
}

}  // namespace pantau::kiosk
