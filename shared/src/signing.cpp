#include "pantau/shared/signing.hpp"

#include <array>

#include "pantau/shared/sha256.hpp"
#include "pantau/shared/toml_schema.hpp"
#include "sodium_init.hpp"

namespace pantau::signing {
namespace {

constexpr std::string_view sig_open = ",\"sig\":\"";
constexpr std::size_t sig_b64_chars = 88;  // base64 of 64 bytes, padded
constexpr std::size_t sig_suffix = sig_open.size() + sig_b64_chars + 2;
static_assert(seal_overhead == sig_suffix - 1);

std::string to_base64(const unsigned char* bytes, std::size_t size) {
  detail::ensure_sodium();
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
  out.pop_back();  // the terminating NUL
  return out;
}

// Exactly `size` bytes from canonical padded base64, or false.
bool from_base64(std::string_view text, unsigned char* out, std::size_t size) {
  detail::ensure_sodium();
  if (text.size() != sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL) - 1) return false;
  std::size_t got = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &got, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return false;
  return got == size && end == text.data() + text.size();
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

template <class Key>
result<Key> parse_key(std::string_view text, std::string_view what) {
  Key k;
  if (!from_base64(trim(text), k.bytes.data(), k.bytes.size()))
    return error{errc::invalid_key, "expected the base64 of a " + std::to_string(k.bytes.size()) + "-byte Ed25519 " +
                                    std::string(what) + " key"};
  return k;
}

template <class Key>
result<Key> load_key(const std::string& path, std::string_view what) {
  auto text = toml_schema::read_file(path);
  if (!text) return text.err();
  auto k = parse_key<Key>(*text, what);
  if (!k) return error{k.err().code, path + ": " + k.err().message};
  return k;
}

}  // namespace

public_key secret_key::public_part() const {
  detail::ensure_sodium();
  public_key p;
  crypto_sign_ed25519_sk_to_pk(p.bytes.data(), bytes.data());
  return p;
}

key_pair generate() {
  detail::ensure_sodium();
  key_pair kp;
  crypto_sign_keypair(kp.pub.bytes.data(), kp.secret.bytes.data());
  return kp;
}

key_pair from_seed(std::string_view seed32) {
  detail::ensure_sodium();
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  for (std::size_t i = 0; i < seed.size() && i < seed32.size(); ++i) seed[i] = static_cast<unsigned char>(seed32[i]);
  key_pair kp;
  crypto_sign_seed_keypair(kp.pub.bytes.data(), kp.secret.bytes.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  return kp;
}

std::string to_text(const public_key& k) { return to_base64(k.bytes.data(), k.bytes.size()); }
std::string to_text(const secret_key& k) { return to_base64(k.bytes.data(), k.bytes.size()); }

result<public_key> parse_public_key(std::string_view text) { return parse_key<public_key>(text, "public"); }

result<secret_key> parse_secret_key(std::string_view text) {
  auto k = parse_key<secret_key>(text, "secret");
  if (!k) return k;
  // libsodium's secret key ends with its public key: one that does not match is not a key it made.
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> derived{};
  crypto_sign_ed25519_sk_to_pk(derived.data(), k->bytes.data());
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  crypto_sign_ed25519_sk_to_seed(seed.data(), k->bytes.data());
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  const bool consistent = sodium_memcmp(pk.data(), derived.data(), pk.size()) == 0;
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(sk.data(), sk.size());
  if (!consistent) return error{errc::invalid_key, "expected an Ed25519 secret key whose public half matches its seed"};
  return k;
}

result<secret_key> load_secret_key(const std::string& path) { return load_key<secret_key>(path, "secret"); }
result<public_key> load_public_key(const std::string& path) { return load_key<public_key>(path, "public"); }

std::string key_id(const public_key& k) { return sha256_hex(k.bytes.data(), k.bytes.size()).substr(0, 16); }

std::string seal(std::string_view unsigned_json, const secret_key& k) {
  detail::ensure_sodium();
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(unsigned_json.data()),
                       unsigned_json.size(), k.bytes.data());
  std::string out;
  out.reserve(unsigned_json.size() + seal_overhead);
  out.append(unsigned_json.substr(0, unsigned_json.empty() ? 0 : unsigned_json.size() - 1));
  out.append(sig_open);
  out.append(to_base64(sig.data(), sig.size()));
  out.append("\"}");
  return out;
}

namespace {
// Where the sig member starts, or npos. It has a fixed size, so where it must be is known without
// reading the rest: the smallest sealed object is {"a":0 plus the member.
std::size_t sig_at(std::string_view payload) {
  if (payload.size() < sig_suffix + 2 || payload.front() != '{' || !payload.ends_with("\"}"))
    return std::string_view::npos;
  const std::size_t at = payload.size() - sig_suffix;
  return payload.substr(at, sig_open.size()) == sig_open ? at : std::string_view::npos;
}
}  // namespace

std::string_view signed_part(std::string_view payload, std::string& scratch) {
  const std::size_t at = sig_at(payload);
  if (at == std::string_view::npos) return payload;
  scratch.assign(payload.substr(0, at));
  scratch.push_back('}');
  return scratch;
}

result<std::string_view> open(std::string_view payload, const public_key& k, std::string& scratch) {
  const std::size_t at = sig_at(payload);
  if (at == std::string_view::npos)
    return error{errc::not_sealed, "expected a JSON object ending with a \"sig\" member"};
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  if (!from_base64(payload.substr(at + sig_open.size(), sig_b64_chars), sig.data(), sig.size()))
    return error{errc::not_sealed, "expected \"sig\" to be the base64 of a 64-byte signature"};
  scratch.assign(payload.substr(0, at));
  scratch.push_back('}');
  detail::ensure_sodium();
  if (crypto_sign_verify_detached(sig.data(), reinterpret_cast<const unsigned char*>(scratch.data()), scratch.size(),
                                  k.bytes.data()) != 0)
    return error{errc::bad_signature, "the signature does not verify with the expected key"};
  return std::string_view(scratch);
}

}  // namespace pantau::signing
