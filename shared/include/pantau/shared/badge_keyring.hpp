#pragma once
// Badge keys: key id -> raw key bytes, as the hub signs with them and the kiosks verify with them
// (badge.hpp). A file ending in ".toml" holds `id = "<hex>"` pairs (top level or in a [keys] table);
// any other file holds lines "<id> <hex>" or "<id> = <hex>", with blank lines and "#" comments ignored.
// Errors name the file and the key. Thread-safety: pure functions and plain values.
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

using badge_keyring = std::map<std::string, std::string, std::less<>>;

// Shorter keys are refused, both when a keyring is read and when a verifier is built.
inline constexpr std::size_t min_badge_key_bytes = 32;

bool is_valid_key_id(std::string_view key_id);  // [A-Za-z0-9_-]{1,32}

result<badge_keyring> parse_badge_keyring(std::string_view text, std::string_view source_name, bool toml_format);
result<badge_keyring> load_badge_keyring(const std::string& path);

}  // namespace pantau
