#pragma once
// Password hashing with libsodium's argon2id (crypto_pwhash_str): the stored string carries its own
// salt and cost, so old hashes keep verifying after the cost is raised.
// Thread-safety: free functions, safe from any thread.
#include <cstddef>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::hub::auth {

struct password_cost {
  unsigned long long ops;
  std::size_t mem_bytes;
  // libsodium's "interactive" level: about 0.1-0.3 s and 64 MiB per hash on the hub.
  static password_cost interactive();
  // The lowest the library allows; for tests only.
  static password_cost minimum();
};

inline constexpr std::size_t min_password_length = 8;
inline constexpr std::size_t max_password_length = 1024;

// Checks the length rules; error code "bad_password" with a message for people.
result<bool> check_new_password(std::string_view password);

// "$argon2id$v=19$m=...". Errors: "bad_password" (rules above), "hash_failed" (out of memory).
result<std::string> hash_password(std::string_view password, password_cost cost = password_cost::interactive());

// False for a wrong password and for anything that is not a valid hash string.
bool verify_password(std::string_view hash, std::string_view password);

// True when `hash` was made with a different cost than `cost` (re-hash after the next good login).
bool needs_rehash(std::string_view hash, password_cost cost);

// Fills libsodium's random generator; called by everything here, cheap after the first time.
void init_sodium();

}  // namespace pantau::hub::auth
