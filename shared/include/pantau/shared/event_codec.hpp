#pragma once
// Boost.JSON codec for events with strict validation (DESIGN §4, §7). Pure functions.
#include <cstdint>
#include <string>
#include <string_view>

#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau {

inline constexpr std::size_t max_event_bytes = 4096;

// Error codes returned by decode_event (also the `reason` label in the hub's metrics):
//   too_large, invalid_utf8, invalid_json, unsupported_version, unknown_type, missing_field,
//   invalid_field, unknown_field
result<event> decode_event(std::string_view payload);
std::string encode_event(const event& e);
// An event as the hub stored it (sealed, verified on the way in): decoded without its signature.
result<event> decode_stored_event(std::string_view payload);

// What can be salvaged from a payload that failed validation so it can still be acked.
struct event_header {
  std::string id;
  std::int64_t seq = 0;  // 0 when unknown
};
event_header peek_event_header(std::string_view payload);

}  // namespace pantau
