#pragma once
// One badge held up to the camera is one scan. Thread-safety: not thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "pantau/shared/clock.hpp"

namespace pantau::kiosk {

// The same key seen again within the window is the same scan: a badge held up for a while, or shown
// twice in a row, must not become two check-ins. Every sighting extends the window, so a badge left
// in front of the camera stays one scan however long it stays there.
class scan_debouncer {
 public:
  explicit scan_debouncer(const clock& clk, std::int64_t window_ms = 60'000);

  // True when `key` counts as a new scan now; records the sighting either way.
  bool new_scan(std::string_view key);

 private:
  void prune(std::int64_t now);

  const clock& clock_;
  std::int64_t window_ms_;
  std::unordered_map<std::string, std::int64_t> last_seen_;
};

}  // namespace pantau::kiosk
