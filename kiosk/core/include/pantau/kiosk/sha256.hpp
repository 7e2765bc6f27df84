#pragma once
// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) in plain C++, so badge signing and verification stay
// in kiosk core without a crypto library. Not hardened against side channels beyond a constant-time
// MAC comparison; the key never leaves the device anyway.
// Thread-safety: sha256 objects are not thread-safe; the free functions are.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pantau::kiosk {

using sha256_digest = std::array<std::uint8_t, 32>;

class sha256 {
 public:
  sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view s) { update(s.data(), s.size()); }
  sha256_digest finish();  // the object must be reset() before it is used again

  void reset();

 private:
  void block(const std::uint8_t* p);

  std::array<std::uint32_t, 8> h_{};
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
};

sha256_digest sha256_of(std::string_view data);
sha256_digest hmac_sha256(std::string_view key, std::string_view message);

// Compares without an early exit, so timing does not reveal how many leading bytes matched.
bool digests_equal(const sha256_digest& a, const sha256_digest& b);

std::string to_hex(const sha256_digest& d);

}  // namespace pantau::kiosk
