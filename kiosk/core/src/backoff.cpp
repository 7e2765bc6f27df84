#include "pantau/kiosk/backoff.hpp"

#include <algorithm>

namespace pantau::kiosk {

backoff::backoff(std::int64_t initial_ms, std::int64_t max_ms)
    : initial_(std::max<std::int64_t>(1, initial_ms)),
      max_(std::max(initial_, max_ms)),
      next_(initial_) {}

std::int64_t backoff::next_delay_ms() {
  const std::int64_t now = next_;
  next_ = std::min(max_, next_ * 2);
  return now;
}

}  // namespace pantau::kiosk
