#pragma once
// Ed25519 signatures on the wire (DESIGN §10, docs/security.md): every signed MQTT payload is a JSON
// object whose last member is "sig":"<base64 of the 64-byte signature>", and the signature covers the
// payload with that member removed (P + "}" for a payload P + ",\"sig\":\"" + B64 + "\"}"), itself
// valid JSON. Keys travel as one line of base64 of the raw libsodium key; a key id is the first 16 hex
// digits of the SHA-256 of the public key. Thread-safety: pure functions and plain values.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::signing {

inline constexpr std::size_t public_key_bytes = 32;
inline constexpr std::size_t secret_key_bytes = 64;  // libsodium's form: seed and public key
inline constexpr std::size_t signature_bytes = 64;
// What seal() adds to the unsigned bytes: ,"sig":" + 88 base64 characters + "}  less the final }.
inline constexpr std::size_t seal_overhead = 8 + 88 + 2 - 1;

struct public_key {
  std::array<unsigned char, public_key_bytes> bytes{};
  bool operator==(const public_key&) const = default;
};

struct secret_key {
  std::array<unsigned char, secret_key_bytes> bytes{};
  public_key public_part() const;
};

struct key_pair {
  secret_key secret;
  public_key pub;
};

// A fresh pair from the system's randomness.
key_pair generate();
// The pair a 32-byte seed determines (tests and fixtures that must know a key in advance).
key_pair from_seed(std::string_view seed32);

std::string to_text(const public_key& k);  // base64, 44 characters
std::string to_text(const secret_key& k);  // base64, 88 characters
// Strict base64 of exactly the key's size; surrounding whitespace (a file's newline) is allowed.
result<public_key> parse_public_key(std::string_view text);
result<secret_key> parse_secret_key(std::string_view text);
// The file holds one key as above; errors name the file.
result<secret_key> load_secret_key(const std::string& path);
result<public_key> load_public_key(const std::string& path);

// First 16 hex digits of sha256(public key): names a key in logs, the UI and acks.
std::string key_id(const public_key& k);

// `unsigned_json` must be a JSON object with at least one member and no whitespace after its final
// "}"; returns it with the "sig" member appended.
std::string seal(std::string_view unsigned_json, const secret_key& k);

// Verifies a sealed payload. On success returns the signed bytes (P + "}"), kept in `scratch`; on
// failure an error with code "not_sealed" (no sig member where it must be) or "bad_signature".
// Nothing of the payload is parsed: what it says is only read after this succeeds.
result<std::string_view> open(std::string_view payload, const public_key& k, std::string& scratch);

// The signed bytes of a payload verified earlier (a stored event), without verifying again; a payload
// without a sig member where it must be (stored before events were signed) is returned as it is.
std::string_view signed_part(std::string_view payload, std::string& scratch);

}  // namespace pantau::signing
