#pragma once
// Times and dates as the wire contract writes them. Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

// UTC milliseconds <-> "2026-11-22T00:31:02.123Z" (input may leave out the milliseconds).
std::string format_utc_ms(std::int64_t ms);
result<std::int64_t> parse_utc_ms(std::string_view iso);

// Local clock times: minutes after midnight <-> "HH:MM".
std::string format_hh_mm(int minutes);
std::optional<int> parse_hh_mm(std::string_view s);

}  // namespace pantau
