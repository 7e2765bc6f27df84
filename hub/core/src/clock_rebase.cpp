#include "pantau/hub/core/clock_rebase.hpp"

namespace pantau::hub {

std::optional<clock_anchor> anchor_of(const event& e) {
  if (e.clock != clock_state::synced || e.boot.empty()) return std::nullopt;
  return clock_anchor{e.id, e.ts_ms - e.mono_ms};
}

const char* to_string(time_source s) {
  switch (s) {
    case time_source::rebased: return "rebased";
    case time_source::reviewed: return "reviewed";
    case time_source::kiosk: break;
  }
  return "kiosk";
}

std::optional<time_source> parse_time_source(std::string_view s) {
  if (s == "kiosk") return time_source::kiosk;
  if (s == "rebased") return time_source::rebased;
  if (s == "reviewed") return time_source::reviewed;
  return std::nullopt;
}

counted_time counted_time_of(const event& e, const clock_anchor* anchor) {
  if (e.clock == clock_state::synced) return {e.ts_ms, true, time_source::kiosk};
  if (anchor != nullptr && !e.boot.empty()) return {e.mono_ms + anchor->offset_ms, true, time_source::rebased};
  return {e.ts_ms, false, time_source::kiosk};
}

}  // namespace pantau::hub
