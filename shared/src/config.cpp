#include "pantau/shared/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace pantau {

result<host_port> parse_host_port(std::string_view s) {
  const auto bad = [s] {
    return error{errc::invalid_address, "\"" + std::string(s.substr(0, 80)) +
                                        "\": expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080"};
  };
  host_port hp;
  std::string_view port_text;
  if (s.starts_with('[')) {
    const auto close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') return bad();
    const std::string_view host = s.substr(1, close - 1);
    const bool ok = !host.empty() && host.find(':') != std::string_view::npos &&
                    std::all_of(host.begin(), host.end(), [](char c) {
                      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                             c == ':' || c == '.';
                    });
    if (!ok) return bad();
    hp.host = std::string(host);
    port_text = s.substr(close + 2);
  } else {
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return bad();
    const std::string_view host = s.substr(0, colon);
    const bool ok = std::all_of(host.begin(), host.end(), [](char c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-';
    });
    if (!ok) return bad();
    hp.host = std::string(host);
    port_text = s.substr(colon + 1);
  }
  if (port_text.empty() || port_text.size() > 5) return bad();
  unsigned port = 0;
  for (const char c : port_text) {
    if (c < '0' || c > '9') return bad();
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port > 65535) return bad();
  hp.port = static_cast<std::uint16_t>(port);
  return hp;
}

std::string credential_path(const std::string& configured) {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir != nullptr && *dir != '\0') {
    const auto handed = std::filesystem::path(dir) / std::filesystem::path(configured).filename();
    std::error_code ec;
    if (std::filesystem::is_regular_file(handed, ec)) return handed.string();
  }
  return configured;
}

}  // namespace pantau
