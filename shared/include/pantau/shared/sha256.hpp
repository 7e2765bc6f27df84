#pragma once
// SHA-256 (libsodium's crypto_hash_sha256) as the project writes it: 64 lowercase hex digits, e.g. the
// photo reference "sha256:<hex>" and the stored digest of a session token. Thread-safety: pure functions.
#include <cstddef>
#include <string>
#include <string_view>

namespace pantau {

std::string sha256_hex(const void* data, std::size_t size);
inline std::string sha256_hex(std::string_view bytes) { return sha256_hex(bytes.data(), bytes.size()); }

}  // namespace pantau
