#pragma once
// Pieces of configuration both programs read: "host:port" addresses (the zones are in zone.hpp, badge
// key files in badge_keyring.hpp). Each program's own config file is in its config library (hub/config,
// kiosk/config), built on pantau/shared/toml_schema.hpp. Thread-safety: plain functions and values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"
#include "pantau/shared/zone.hpp"

namespace pantau {

// "host:port" -> parts; IPv6 as "[::1]:8080".
struct host_port {
  std::string host;
  std::uint16_t port = 0;
};
result<host_port> parse_host_port(std::string_view s);

// Under systemd a secret file (badge keyring, signing key) is handed over as a credential
// (LoadCredential=, written by pantau-provision-kiosk): the file in /etc stays readable by root only
// while the service runs as a dynamic user. The credential carries the configured file's name; when
// $CREDENTIALS_DIRECTORY holds it, that is the path to read, else the configured one.
std::string credential_path(const std::string& configured);

}  // namespace pantau
