#include "pantau/shared/config.hpp"

#include <toml++/toml.h>

#include <algorithm>

#include "pantau/shared/toml_schema.hpp"

namespace pantau {

using toml_schema::config_error;
using toml_schema::parse_toml;
using toml_schema::read_file;

std::optional<int> zone_offset_minutes(std::string_view zone) {
  if (zone == "WIB") return 7 * 60;
  if (zone == "WITA") return 8 * 60;
  if (zone == "WIT") return 9 * 60;
  return std::nullopt;
}

namespace {

bool is_keyring_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '-';
  });
}

int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

constexpr std::size_t min_keyring_key_bytes = 32;
constexpr std::string_view key_expected = "an even number of hex digits, at least 64 (32 bytes)";

// The raw bytes of `hex`, or empty when it is not a key of at least 32 bytes.
std::optional<std::string> decode_key(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() < 2 * min_keyring_key_bytes) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]);
    const int lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::optional<error> add_key(keyring_map& keys, std::string_view id, std::string_view hex, std::string_view source) {
  if (!is_keyring_id(id)) return config_error(source, id, "a key id of 1..32 characters from A-Z a-z 0-9 _ -");
  if (keys.contains(id)) return config_error(source, id, "a key id given once (duplicate)");
  auto key = decode_key(hex);
  if (!key) return config_error(source, id, key_expected);
  keys.emplace(std::string(id), std::move(*key));
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

result<keyring_map> parse_badge_keyring(std::string_view text, std::string_view source_name, bool toml_format) {
  keyring_map keys;
  if (toml_format) {
    error err;
    const auto doc = parse_toml(text, source_name, err);
    if (!doc) return err;
    const toml::table* table = &*doc;
    if (const auto* inner = doc->get_as<toml::table>("keys"); inner != nullptr && doc->size() == 1) table = inner;
    for (const auto& [name, node] : *table) {
      const auto* v = node.as_string();
      if (v == nullptr) return config_error(source_name, name.str(), std::string(key_expected) + " as a string");
      if (auto e = add_key(keys, name.str(), v->get(), source_name)) return *e;
    }
  } else {
    std::size_t line_no = 0;
    while (!text.empty()) {
      const auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      ++line_no;
      if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      line = trim(line);
      if (line.empty()) continue;
      const auto sep = line.find_first_of(" \t=");
      if (sep == std::string_view::npos) {
        return error{"config", std::string(source_name) + ":" + std::to_string(line_no) +
                                   ": expected \"<key id> <hex key>\""};
      }
      const std::string_view id = trim(line.substr(0, sep));
      std::string_view hex = trim(line.substr(sep));
      if (!hex.empty() && hex.front() == '=') hex = trim(hex.substr(1));
      if (auto e = add_key(keys, id, hex, source_name)) return *e;
    }
  }
  if (keys.empty()) return error{"config", std::string(source_name) + ": expected at least one badge key"};
  return keys;
}

result<keyring_map> load_badge_keyring(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.err();
  return parse_badge_keyring(*text, path, path.ends_with(".toml"));
}

result<host_port> parse_host_port(std::string_view s) {
  const auto bad = [s] {
    return error{"invalid_address", "\"" + std::string(s.substr(0, 80)) +
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

}  // namespace pantau
