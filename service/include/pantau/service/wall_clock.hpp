#pragma once
// The wall clock a program runs on. Production: the machine's clock. With PANTAU_CLOCK_OFFSET_MS set
// (an integer, milliseconds, may be negative) the program's wall clock reads that much ahead of the
// machine's, so tests and demos run at a chosen instant; several programs given the same offset agree.
// Thread-safety: call at start-up; the returned clock is safe from any thread.
#include <cstdint>
#include <optional>
#include <string>

#include "pantau/shared/clock.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::service {

inline constexpr const char* clock_offset_variable = "PANTAU_CLOCK_OFFSET_MS";

// The offset from the environment (0 when unset); an error naming the variable when it is not an
// integer within ±200 years.
result<std::int64_t> clock_offset_from_environment();

// With the offset a test also says whether the kiosk's clock counts as synced (PANTAU_CLOCK_SYNC =
// "synced" | "unsynced"); nothing when unset, and then the kernel's own state decides.
inline constexpr const char* clock_sync_variable = "PANTAU_CLOCK_SYNC";
result<std::optional<clock_state>> clock_sync_from_environment();

}  // namespace pantau::service
