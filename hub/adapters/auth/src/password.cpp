#include "pantau/hub/auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

namespace pantau::hub::auth {

void init_sodium() {
  // sodium_init is idempotent and thread-safe; -1 means no randomness source, which is fatal.
  if (sodium_init() < 0) throw std::runtime_error("libsodium tidak bisa dimulai / libsodium failed to initialise");
}

password_cost password_cost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

password_cost password_cost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

result<bool> check_new_password(std::string_view password) {
  if (password.size() < min_password_length)
    return error{errc::bad_password, "kata sandi minimal " + std::to_string(min_password_length) +
                                     " karakter / password must be at least " +
                                     std::to_string(min_password_length) + " characters"};
  if (password.size() > max_password_length)
    return error{errc::bad_password, "kata sandi terlalu panjang / password too long (max " +
                                     std::to_string(max_password_length) + ")"};
  return true;
}

result<std::string> hash_password(std::string_view password, password_cost cost) {
  auto ok = check_new_password(password);
  if (!ok) return ok.err();
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.ops, cost.mem_bytes) != 0)
    return error{errc::hash_failed, "hash kata sandi gagal (memori?) / password hashing failed (out of memory?)"};
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  // The library wants a NUL-terminated string no longer than STRBYTES.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES || password.size() > max_password_length) return false;
  init_sodium();
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash, password_cost cost) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  char buf[crypto_pwhash_STRBYTES] = {};
  hash.copy(buf, hash.size());
  return crypto_pwhash_str_needs_rehash(buf, cost.ops, cost.mem_bytes) != 0;
}

}  // namespace pantau::hub::auth
