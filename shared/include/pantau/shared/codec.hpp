#pragma once
// Boost.JSON codec for events and acks with strict validation (DESIGN §4, §7). Pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pantau/shared/event.hpp"
#include "pantau/shared/kiosk_settings.hpp"
#include "pantau/shared/result.hpp"

namespace pantau {

inline constexpr std::size_t max_event_bytes = 4096;

// Error codes returned by decode_event (also the `reason` label in the hub's metrics):
//   too_large, invalid_utf8, invalid_json, unsupported_version, unknown_type, missing_field,
//   invalid_field, unknown_field
result<event> decode_event(std::string_view payload);
std::string encode_event(const event& e);

// What can be salvaged from a payload that failed validation so it can still be acked.
struct event_header {
  std::string id;
  std::int64_t seq = 0;  // 0 when unknown
};
event_header peek_event_header(std::string_view payload);

struct rejection {
  std::int64_t seq = 0;
  std::string error;
  bool operator==(const rejection&) const = default;
};

struct ack {
  std::vector<std::pair<std::int64_t, std::int64_t>> acked;  // inclusive ranges, ascending
  std::vector<rejection> rejected;
  bool operator==(const ack&) const = default;
};
std::string encode_ack(const ack& a);
result<ack> decode_ack(std::string_view payload);

// Collapses a list of sequence numbers into ascending inclusive ranges.
std::vector<std::pair<std::int64_t, std::int64_t>> to_ranges(std::vector<std::int64_t> seqs);

struct kiosk_status {
  std::string state = "online";  // online | offline
  std::string version;
  std::int64_t backlog = 0;
  std::int64_t last_seq = 0;
  std::string clock = "synced";
  std::string camera = "none";
  bool operator==(const kiosk_status&) const = default;
};
// Always writes every field. decode_status also accepts the short will form below.
std::string encode_status(const kiosk_status& s);
inline constexpr std::string_view offline_will_payload = R"({"v":1,"state":"offline"})";
result<kiosk_status> decode_status(std::string_view payload);

// The retained config payload: {"v":1,"office":...,"kiosk":...,"zone":"WIB","language":"id",
// "rating_mode":"quick","roster":[{"nip","name","unit"}],"counters":[{"counter","unit"}],
// "hours":[{"unit","weekly":[7 x ["07:30","16:00"]|null],"grace_min":0}],"holidays":["2026-12-25"],
// "issued":"<UTC ISO-8601>"}. Decoding is as strict as for events (same error codes).
std::string encode_settings(const kiosk_settings& s);
// Local clock times as the contract writes them: minutes after midnight <-> "HH:MM".
std::string format_hh_mm(int minutes);
std::optional<int> parse_hh_mm(std::string_view s);
result<kiosk_settings> decode_settings(std::string_view payload);

// UTC milliseconds <-> "2026-11-22T00:31:02.123Z".
std::string format_utc_ms(std::int64_t ms);
result<std::int64_t> parse_utc_ms(std::string_view iso);

bool is_valid_utf8(std::string_view s);
bool is_valid_nip(std::string_view s);

}  // namespace pantau
