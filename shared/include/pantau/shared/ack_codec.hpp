#pragma once
// The hub's acks to a kiosk (DESIGN §4): acked sequence ranges and rejected events. Pure functions.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pantau/shared/result.hpp"

namespace pantau {

struct rejection {
  std::int64_t seq = 0;
  // An errc label, kept as text: the kiosk only logs it, and a newer hub may send one it does not know.
  std::string error;
  bool operator==(const rejection&) const = default;
};

struct ack {
  // Whom the hub sealed it for (DESIGN §10): a kiosk takes only an ack naming itself and its key id.
  std::string office;
  std::string kiosk;
  std::string key;
  std::vector<std::pair<std::int64_t, std::int64_t>> acked;  // inclusive ranges, ascending
  std::vector<rejection> rejected;
  bool operator==(const ack&) const = default;
};
std::string encode_ack(const ack& a);
result<ack> decode_ack(std::string_view payload);

// Collapses a list of sequence numbers into ascending inclusive ranges.
std::vector<std::pair<std::int64_t, std::int64_t>> to_ranges(std::vector<std::int64_t> seqs);

}  // namespace pantau
