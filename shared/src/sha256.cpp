#include "pantau/shared/sha256.hpp"

#include <array>

#include "sodium_init.hpp"

namespace pantau {

std::string sha256_hex(const void* data, std::size_t size) {
  detail::ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), static_cast<const unsigned char*>(data), size);
  std::array<char, 2 * crypto_hash_sha256_BYTES + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), 2 * crypto_hash_sha256_BYTES);
}

}  // namespace pantau
