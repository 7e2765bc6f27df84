#include <systemd/sd-daemon.h>

#include "pantau/service/watchdog.hpp"

namespace pantau::service {

void systemd_notifier::notify(const std::string& state) {
  // Failures are not actionable here: without a manager listening the program still runs.
  (void)sd_notify(0, state.c_str());
}

std::optional<std::chrono::microseconds> watchdog_timeout_from_env() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(static_cast<std::int64_t>(usec));
}

}  // namespace pantau::service
