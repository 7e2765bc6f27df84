#pragma once
// What the device says about itself, for stamping events: which boot this is and whether the
// kernel considers the wall clock synchronised. Plain functions, safe from any thread.
#include <string>

#include "pantau/shared/event.hpp"

namespace pantau::kiosk {

// The kernel's boot id (changes at every boot); a fresh random id when the kernel has none.
std::string read_boot_id();

// unsynced while the kernel reports STA_UNSYNC (no NTP yet and no RTC, as on a Raspberry Pi).
clock_state kernel_clock_state();

}  // namespace pantau::kiosk
