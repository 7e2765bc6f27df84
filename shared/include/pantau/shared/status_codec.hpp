#pragma once
// A kiosk's retained status and its will (DESIGN §4). Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

struct kiosk_status {
  std::string state = "online";  // online | offline
  std::string version;
  std::int64_t backlog = 0;
  std::int64_t last_seq = 0;
  std::string clock = "synced";
  std::string camera = "none";
  // Acks and configs that did not open with the hub's key or named another kiosk or key, since start.
  std::int64_t refused = 0;
  // What the kernel says of the wall clock (adjtimex): the offset it is still correcting and its
  // maximum error, in milliseconds; absent when the kiosk cannot read them (or a test set the state).
  std::optional<std::int64_t> clock_offset_ms;
  std::optional<std::int64_t> clock_error_ms;
  bool operator==(const kiosk_status&) const = default;
};
// Writes every field (the clock readings only when known). decode_status also accepts the short will
// form below.
std::string encode_status(const kiosk_status& s);
inline constexpr std::string_view offline_will_payload = R"({"v":1,"state":"offline"})";
result<kiosk_status> decode_status(std::string_view payload);

}  // namespace pantau
