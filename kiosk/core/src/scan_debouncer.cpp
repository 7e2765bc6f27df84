#include "pantau/kiosk/scan_debouncer.hpp"

#include <unordered_map>

namespace pantau::kiosk {

scan_debouncer::scan_debouncer(const clock& clk, std::int64_t window_ms) : clock_(clk), window_ms_(window_ms) {}

bool scan_debouncer::new_scan(std::string_view key) {
  const std::int64_t now = clock_.monotonic_ms();
  if (last_seen_.size() >= 256) prune(now);
  auto [it, inserted] = last_seen_.try_emplace(std::string(key), now);
  if (inserted) return true;
  const bool fresh = now - it->second >= window_ms_;
  it->second = now;
  return fresh;
}

void scan_debouncer::prune(std::int64_t now) {
  std::erase_if(last_seen_, [&](const auto& kv) { return now - kv.second >= window_ms_; });
}

}  // namespace pantau::kiosk
