#include "pantau/shared/uuid.hpp"

#include <array>
#include <cstdint>

namespace pantau {
namespace {

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

uuid_generator::uuid_generator() {
  // random_device gives 32 bits per call; seed the whole 64-bit state space, not one word of it.
  std::random_device rd;
  std::array<std::uint32_t, 8> seed_words{};
  for (auto& w : seed_words) w = rd();
  std::seed_seq seq(seed_words.begin(), seed_words.end());
  rng_.seed(seq);
}

std::string uuid_generator::next() {
  static constexpr char hex[] = "0123456789abcdef";
  std::array<std::uint8_t, 16> bytes{};
  const std::uint64_t a = rng_();
  const std::uint64_t b = rng_();
  for (std::size_t i = 0; i < 8; ++i) {
    bytes[i] = static_cast<std::uint8_t>(a >> (8U * i));
    bytes[i + 8] = static_cast<std::uint8_t>(b >> (8U * i));
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0FU) | 0x40U);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3FU) | 0x80U);  // RFC 4122 variant

  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[bytes[i] >> 4U]);
    out.push_back(hex[bytes[i] & 0x0FU]);
  }
  return out;
}

bool is_valid_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!is_lower_hex(s[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace pantau
