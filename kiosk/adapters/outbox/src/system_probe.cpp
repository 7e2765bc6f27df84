#include "pantau/kiosk/system_probe.hpp"

#include <sys/timex.h>

#include <fstream>

#include "pantau/shared/uuid.hpp"

namespace pantau::kiosk {

std::string read_boot_id() {
  std::ifstream in("/proc/sys/kernel/random/boot_id");
  std::string id;
  if (in >> id && is_valid_uuid(id)) return id;
  static const std::string fallback = uuid_generator().next();
  return fallback;
}

clock_state kernel_clock_state() {
  timex t{};
  const int state = ::adjtimex(&t);
  if (state == -1 || state == TIME_ERROR || (t.status & STA_UNSYNC) != 0) return clock_state::unsynced;
  return clock_state::synced;
}

std::optional<clock_reading> kernel_clock_reading() {
  timex t{};
  if (::adjtimex(&t) == -1) return std::nullopt;
  // offset is in ns with STA_NANO, else in µs; maxerror always in µs.
  const std::int64_t per_ms = (t.status & STA_NANO) != 0 ? 1'000'000 : 1'000;
  return clock_reading{static_cast<std::int64_t>(t.offset) / per_ms, static_cast<std::int64_t>(t.maxerror) / 1'000};
}

}  // namespace pantau::kiosk
