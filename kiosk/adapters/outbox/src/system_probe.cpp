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

}  // namespace pantau::kiosk
