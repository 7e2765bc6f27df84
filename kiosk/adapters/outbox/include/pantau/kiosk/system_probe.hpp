#pragma once
// What the device says about itself, for stamping events: which boot this is and whether the
// kernel considers the wall clock synchronised. Plain functions, safe from any thread.
#include <cstdint>
#include <optional>
#include <string>

#include "pantau/shared/event.hpp"

namespace pantau::kiosk {

// The kernel's boot id (changes at every boot); a fresh random id when the kernel has none.
std::string read_boot_id();

// unsynced while the kernel reports STA_UNSYNC (no NTP yet and no RTC, as on a Raspberry Pi).
clock_state kernel_clock_state();

// The kernel's view of the wall clock (adjtimex), for the kiosk's status: the offset still being
// corrected and the maximum error, in milliseconds; nothing when adjtimex fails.
struct clock_reading {
  std::int64_t offset_ms = 0;
  std::int64_t error_ms = 0;
};
std::optional<clock_reading> kernel_clock_reading();

}  // namespace pantau::kiosk
