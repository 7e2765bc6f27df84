#include "pantau/shared/toml_schema.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "pantau/shared/config.hpp"

namespace pantau::toml_schema {
namespace {

std::string join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ", ";
    out.append(names[i]);
  }
  return out;
}

// The keys and nested tables of one table; `path` is its dotted name ("mqtt", "mqtt.tls").
std::optional<error> apply_table(const toml::table& table, const table_spec& spec, const std::string& path,
                                 std::string_view source) {
  std::vector<std::string_view> known;
  for (const auto& k : spec.keys) known.push_back(k.key);
  for (const auto& t : spec.tables) known.push_back(t.name);
  for (const auto& [key, value] : table) {
    const std::string_view key_name = key.str();
    const std::string full = path + "." + std::string(key_name);
    const auto ks = std::find_if(spec.keys.begin(), spec.keys.end(),
                                 [&](const key_spec& k) { return k.key == key_name; });
    if (ks != spec.keys.end()) {
      if (!ks->apply(value)) return config_error(source, full, ks->expected);
      continue;
    }
    const auto ts = std::find_if(spec.tables.begin(), spec.tables.end(),
                                 [&](const table_spec& t) { return t.name == key_name; });
    if (ts == spec.tables.end()) return config_error(source, full, "one of " + join(known) + " (unknown key)");
    const toml::table* inner = value.as_table();
    if (inner == nullptr) return config_error(source, full, "a table [" + full + "]");
    if (auto e = apply_table(*inner, *ts, full, source)) return e;
  }
  return std::nullopt;
}

bool is_valid_mqtt_url(std::string_view url) {
  for (const std::string_view scheme : {"tcp://", "mqtt://", "ssl://", "mqtts://", "ws://", "wss://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

// Shared-subscription names may not contain the topic separators or wildcards (MQTT v5 §4.8.2).
bool is_valid_share_group(std::string_view s) {
  return s.size() <= 64 && s.find_first_of("/+#") == std::string_view::npos;
}

bool is_valid_log_level(std::string_view s) {
  constexpr std::array<std::string_view, 7> levels{"trace", "debug", "info", "warn", "error", "critical", "off"};
  return std::find(levels.begin(), levels.end(), s) != levels.end();
}

constexpr std::string_view url_expected =
    "an MQTT URL starting with tcp://, mqtt://, ssl://, mqtts://, ws:// or wss://, e.g. \"tcp://127.0.0.1:1883\"";
constexpr std::string_view level_expected = "one of trace, debug, info, warn, error, critical, off";
constexpr std::string_view ca_expected =
    "an absolute path of a PEM file of CA certificates, e.g. \"/etc/pantau/tls/ca.pem\"";
constexpr std::string_view cert_expected =
    "an absolute path of a PEM client certificate, e.g. \"/etc/pantau/tls/client.crt\"";
constexpr std::string_view key_expected =
    "an absolute path of the PEM private key of cert_file, e.g. \"/etc/pantau/tls/client.key\"";

}  // namespace

error config_error(std::string_view source, std::string_view key, std::string_view expected) {
  std::string msg(source);
  msg.append(": key \"").append(key).append("\": expected ").append(expected);
  return error{errc::config, std::move(msg)};
}

std::optional<error> apply_schema(const toml::table& root, const std::vector<table_spec>& schema,
                                  std::string_view source) {
  std::vector<std::string_view> table_names;
  for (const auto& t : schema) table_names.push_back(t.name);

  for (const auto& [name, node] : root) {
    const std::string_view table_name = name.str();
    const auto spec = std::find_if(schema.begin(), schema.end(),
                                   [&](const table_spec& t) { return t.name == table_name; });
    if (spec == schema.end()) {
      return config_error(source, table_name, "one of the tables " + join(table_names) + " (unknown key)");
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) return config_error(source, table_name, "a table [" + std::string(table_name) + "]");
    if (auto e = apply_table(*table, *spec, std::string(table_name), source)) return e;
  }
  return std::nullopt;
}

std::optional<toml::table> parse_toml(std::string_view text, std::string_view source, error& err) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << source << ':' << e.source().begin.line << ':' << e.source().begin.column
        << ": TOML syntax error: " << e.description();
    err = error{errc::config, msg.str()};
    return std::nullopt;
  }
}

result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    const int e = errno;
    return error{errc::config, path + ": cannot read: " + std::generic_category().message(e != 0 ? e : ENOENT)};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad() || ss.fail()) {
    const int e = errno;
    // A directory opens fine and only fails on read.
    return error{errc::config, path + ": cannot read: " + std::generic_category().message(e != 0 ? e : EIO)};
  }
  return ss.str();
}

std::function<bool(const toml::node&)> any_string_into(std::string& out) {
  return string_into(out, [](std::string_view) { return true; });
}

std::function<bool(const toml::node&)> int_into(int& out, std::int64_t min, std::int64_t max) {
  return [&out, min, max](const toml::node& n) {
    const auto* v = n.as_integer();
    if (v == nullptr || v->get() < min || v->get() > max) return false;
    out = static_cast<int>(v->get());
    return true;
  };
}

std::function<bool(const toml::node&)> bool_into(bool& out) {
  return [&out](const toml::node& n) {
    const auto* v = n.as_boolean();
    if (v == nullptr) return false;
    out = v->get();
    return true;
  };
}

std::function<bool(const toml::node&)> string_list_into(std::vector<std::string>& out) {
  return [&out](const toml::node& n) {
    const auto* a = n.as_array();
    if (a == nullptr) return false;
    std::vector<std::string> values;
    for (const auto& e : *a) {
      const auto* v = e.as_string();
      if (v == nullptr) return false;
      values.push_back(v->get());
    }
    out = std::move(values);
    return true;
  };
}

bool non_empty(std::string_view s) { return !s.empty(); }

bool is_absolute_path(std::string_view s) { return s.size() > 1 && s.front() == '/' && s.find('\0') == s.npos; }

bool is_valid_listen(std::string_view s) { return parse_host_port(s).ok(); }

table_spec mqtt_table(mqtt_config& m, bool hub) {
  table_spec t{"mqtt",
               {
                   {"url", url_expected, string_into(m.url, is_valid_mqtt_url)},
                   {"client_id", "a string of at most 128 characters",
                    string_into(m.client_id, [](std::string_view s) { return s.size() <= 128; })},
                   {"username", "a string", any_string_into(m.username)},
                   {"password", "a string", any_string_into(m.password)},
                   {"keepalive_s", "an integer 1..65535", int_into(m.keepalive_s, 1, 65535)},
               }};
  if (hub) {
    t.keys.push_back({"share_group", "a string of at most 64 characters without / + #",
                      string_into(m.share_group, is_valid_share_group)});
  }
  t.tables.push_back({"tls",
                      {
                          {"ca_file", ca_expected, string_into(m.tls.ca_file, is_absolute_path)},
                          {"cert_file", cert_expected, string_into(m.tls.cert_file, is_absolute_path)},
                          {"key_file", key_expected, string_into(m.tls.key_file, is_absolute_path)},
                      }});
  return t;
}

std::optional<error> check_mqtt(const mqtt_config& m, std::string_view source) {
  if (!m.tls.cert_file.empty() && m.tls.key_file.empty())
    return config_error(source, "mqtt.tls.key_file", std::string(key_expected) + " (required with cert_file)");
  if (!m.tls.key_file.empty() && m.tls.cert_file.empty())
    return config_error(source, "mqtt.tls.cert_file", std::string(cert_expected) + " (required with key_file)");
  if (!m.tls.empty() && !is_tls_url(m.url))
    return config_error(source, "mqtt.url", "an ssl://, mqtts:// or wss:// URL when [mqtt.tls] is set, e.g. "
                                            "\"mqtts://broker.example.id:8883\"");
  return std::nullopt;
}

std::optional<error> check_mqtt_files(const mqtt_config& m, std::string_view source) {
  for (const auto& [key, path] : {std::pair<std::string_view, const std::string&>{"mqtt.tls.ca_file", m.tls.ca_file},
                                  {"mqtt.tls.cert_file", m.tls.cert_file},
                                  {"mqtt.tls.key_file", m.tls.key_file}}) {
    if (path.empty()) continue;
    if (auto text = read_file(path); !text) return config_error(source, key, "a readable file; " + text.err().message);
  }
  return std::nullopt;
}

table_spec log_table(std::string& level) {
  return {"log", {{"level", level_expected, string_into(level, is_valid_log_level)}}};
}

}  // namespace pantau::toml_schema
