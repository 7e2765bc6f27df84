#pragma once
// Pieces of configuration both programs read: the fixed Indonesian zones, badge key files and
// "host:port" addresses. Each program's own config file is in its config library (hub/config,
// kiosk/config), built on pantau/shared/toml_schema.hpp. Thread-safety: plain functions and values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

// Minutes east of UTC of a fixed Indonesian zone; empty for anything else.
std::optional<int> zone_offset_minutes(std::string_view zone);

// Badge keys: key id -> raw key bytes (at least 32). A file ending in ".toml" holds `id = "<hex>"`
// pairs (top level or in a [keys] table); any other file holds lines "<id> <hex>" or "<id> = <hex>",
// with blank lines and "#" comments ignored. Errors name the file and the key.
using keyring_map = std::map<std::string, std::string, std::less<>>;
result<keyring_map> parse_badge_keyring(std::string_view text, std::string_view source_name, bool toml_format);
result<keyring_map> load_badge_keyring(const std::string& path);

// "host:port" -> parts; IPv6 as "[::1]:8080".
struct host_port {
  std::string host;
  std::uint16_t port = 0;
};
result<host_port> parse_host_port(std::string_view s);

}  // namespace pantau
