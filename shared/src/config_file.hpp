#pragma once
// What every TOML file of the project needs when it is read: the text, the parsed document and errors
// that name the file and the key. Private to pantau::shared. Thread-safety: pure functions.
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau::detail {

// "<source>: key \"<key>\": expected <expected>", code "config".
error config_error(std::string_view source, std::string_view key, std::string_view expected);

// The document, or empty with `err` naming the line and column of the syntax error.
std::optional<toml::table> parse_toml(std::string_view text, std::string_view source, error& err);

// The whole file, or an error naming it and why it cannot be read.
result<std::string> read_file(const std::string& path);

}  // namespace pantau::detail
