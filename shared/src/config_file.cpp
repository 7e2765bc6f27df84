#include "config_file.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

namespace pantau::detail {

error config_error(std::string_view source, std::string_view key, std::string_view expected) {
  std::string msg(source);
  msg.append(": key \"").append(key).append("\": expected ").append(expected);
  return error{"config", std::move(msg)};
}

std::optional<toml::table> parse_toml(std::string_view text, std::string_view source, error& err) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source << ':' << e.source().begin.line << ':' << e.source().begin.column
        << ": TOML syntax error: " << e.description();
    err = error{"config", msg.str()};
    return std::nullopt;
  }
}

result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    const int e = errno;
    return error{"config", path + ": cannot read: " + std::generic_category().message(e != 0 ? e : ENOENT)};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad() || ss.fail()) {
    const int e = errno;
    // A directory opens fine and only fails on read.
    return error{"config", path + ": cannot read: " + std::generic_category().message(e != 0 ? e : EIO)};
  }
  return ss.str();
}

}  // namespace pantau::detail
