#include "pantau/shared/badge_keyring.hpp"

#include <algorithm>
#include <optional>

#include "pantau/shared/toml_schema.hpp"

namespace pantau {
namespace {

using toml_schema::config_error;

int hex_digit(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

constexpr std::string_view key_expected = "an even number of hex digits, at least 64 (32 bytes)";

// The raw bytes of `hex`, or empty when it is not a key of at least 32 bytes.
std::optional<std::string> decode_key(std::string_view hex) {
  if (hex.size() % 2 != 0 || hex.size() < 2 * min_badge_key_bytes) return std::nullopt;
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

std::optional<error> add_key(badge_keyring& keys, std::string_view id, std::string_view hex, std::string_view source) {
  if (!is_valid_key_id(id)) return config_error(source, id, "a key id of 1..32 characters from A-Z a-z 0-9 _ -");
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

bool is_valid_key_id(std::string_view key_id) {
  if (key_id.empty() || key_id.size() > 32) return false;
  return std::all_of(key_id.begin(), key_id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

result<badge_keyring> parse_badge_keyring(std::string_view text, std::string_view source_name, bool toml_format) {
  badge_keyring keys;
  if (toml_format) {
    error err;
    const auto doc = toml_schema::parse_toml(text, source_name, err);
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
        return error{errc::config, std::string(source_name) + ":" + std::to_string(line_no) +
                                   ": expected \"<key id> <hex key>\""};
      }
      const std::string_view id = trim(line.substr(0, sep));
      std::string_view hex = trim(line.substr(sep));
      if (!hex.empty() && hex.front() == '=') hex = trim(hex.substr(1));
      if (auto e = add_key(keys, id, hex, source_name)) return *e;
    }
  }
  if (keys.empty()) return error{errc::config, std::string(source_name) + ": expected at least one badge key"};
  return keys;
}

result<badge_keyring> load_badge_keyring(const std::string& path) {
  auto text = toml_schema::read_file(path);
  if (!text) return text.err();
  return parse_badge_keyring(*text, path, path.ends_with(".toml"));
}

}  // namespace pantau
