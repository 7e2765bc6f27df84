#pragma once
// What the programs' TOML config files have in common: each program lists its tables and keys as a
// schema, and apply_schema walks the document against it, so unknown keys are errors and every message
// names the file, the key and what was expected (DESIGN §7). The [mqtt] and [log] tables are the same
// in both programs and live here.
// Thread-safety: plain functions; a schema holds references into the config it fills, so it is used
// by the one thread that builds that config.
#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/mqtt_config.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::toml_schema {

// One known key: `apply` stores the value and returns false when its type or range is wrong.
struct key_spec {
  std::string_view key;
  std::string_view expected;
  std::function<bool(const toml::node&)> apply;
};

// A table of known keys, and the tables nested in it ([mqtt.tls] inside [mqtt]).
struct table_spec {
  std::string_view name;
  std::vector<key_spec> keys;
  std::vector<table_spec> tables = {};
};

// `<source>: key "<key>": expected <expected>`, code "config".
error config_error(std::string_view source, std::string_view key, std::string_view expected);

// Walks the document against the schema: every table and key must be known, every value valid.
std::optional<error> apply_schema(const toml::table& root, const std::vector<table_spec>& schema,
                                  std::string_view source);

// The document, or (in `err`) an error naming the source, line and column.
std::optional<toml::table> parse_toml(std::string_view text, std::string_view source, error& err);

// The whole file; an error names the path and the reason.
result<std::string> read_file(const std::string& path);

// Reads `path` and parses it with `parse(text, path)`.
template <class Config>
result<Config> load_file(const std::string& path, result<Config> (*parse)(std::string_view, std::string_view)) {
  auto text = read_file(path);
  if (!text) return text.err();
  return parse(*text, path);
}

// ---- value readers: stores the value when it is valid ------------------------------------------

template <class Pred>
std::function<bool(const toml::node&)> string_into(std::string& out, Pred ok) {
  return [&out, ok](const toml::node& n) {
    const auto* v = n.as_string();
    if (v == nullptr || !ok(std::string_view(v->get()))) return false;
    out = v->get();
    return true;
  };
}
std::function<bool(const toml::node&)> any_string_into(std::string& out);
std::function<bool(const toml::node&)> int_into(int& out, std::int64_t min, std::int64_t max);
std::function<bool(const toml::node&)> bool_into(bool& out);
// An array of strings (possibly empty); what each string must be is checked by the caller afterwards,
// so that its message can name the bad one.
std::function<bool(const toml::node&)> string_list_into(std::vector<std::string>& out);

bool non_empty(std::string_view s);
// Relative to what would be a guess (the config file? the working directory?), so only absolute.
bool is_absolute_path(std::string_view s);
bool is_valid_listen(std::string_view s);  // "host:port" (parse_host_port)
inline constexpr std::string_view listen_expected = "host:port, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\"";

// ---- the tables both programs have ---------------------------------------------------------------

// [mqtt] with [mqtt.tls]; share_group only for the hub (it alone subscribes to the events).
table_spec mqtt_table(mqtt_config& m, bool hub);
// What mqtt_table cannot see key by key: cert_file and key_file come together, and [mqtt.tls] asks
// for a TLS URL (a tcp:// URL would quietly ignore it).
std::optional<error> check_mqtt(const mqtt_config& m, std::string_view source);
// At load: the [mqtt.tls] files can be read, so a wrong path is a config error at start and not a
// TLS failure on every reconnect.
std::optional<error> check_mqtt_files(const mqtt_config& m, std::string_view source);
// [log] level
table_spec log_table(std::string& level);

}  // namespace pantau::toml_schema
