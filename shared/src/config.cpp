#include "pantau/shared/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <sstream>
#include <vector>

#include "config_file.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"
#include "pantau/shared/zone.hpp"

namespace pantau {
namespace {

using detail::config_error;
using detail::parse_toml;
using detail::read_file;

// One known key: `apply` stores the value and returns false when its type or range is wrong.
struct key_spec {
  std::string_view key;
  std::string_view expected;
  std::function<bool(const toml::node&)> apply;
};

struct table_spec {
  std::string_view name;
  std::vector<key_spec> keys;
};

std::string join(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ", ";
    out.append(names[i]);
  }
  return out;
}

// Walks the document against the schema: every table and key must be known, every value valid.
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

    std::vector<std::string_view> key_names;
    for (const auto& k : spec->keys) key_names.push_back(k.key);
    for (const auto& [key, value] : *table) {
      const std::string_view key_name = key.str();
      const std::string full = std::string(table_name) + "." + std::string(key_name);
      const auto ks = std::find_if(spec->keys.begin(), spec->keys.end(),
                                   [&](const key_spec& k) { return k.key == key_name; });
      if (ks == spec->keys.end()) {
        return config_error(source, full, "one of " + join(key_names) + " (unknown key)");
      }
      if (!ks->apply(value)) return config_error(source, full, ks->expected);
    }
  }
  return std::nullopt;
}

// ---- value readers --------------------------------------------------------------------------

template <class Pred>
std::function<bool(const toml::node&)> string_into(std::string& out, Pred ok) {
  return [&out, ok](const toml::node& n) {
    const auto* v = n.as_string();
    if (v == nullptr || !ok(std::string_view(v->get()))) return false;
    out = v->get();
    return true;
  };
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

bool is_valid_listen(std::string_view s) { return parse_host_port(s).ok(); }

bool non_empty(std::string_view s) { return !s.empty(); }

// Relative to what would be a guess (the config file? the working directory?), so only absolute.
bool is_absolute_path(std::string_view s) { return s.size() > 1 && s.front() == '/' && s.find('\0') == s.npos; }

constexpr std::string_view url_expected =
    "an MQTT URL starting with tcp://, mqtt://, ssl://, mqtts://, ws:// or wss://, e.g. \"tcp://127.0.0.1:1883\"";
constexpr std::string_view listen_expected = "host:port, e.g. \"127.0.0.1:8080\" or \"[::1]:8080\"";
constexpr std::string_view level_expected = "one of trace, debug, info, warn, error, critical, off";

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
  return t;
}

table_spec log_table(std::string& level) {
  return {"log", {{"level", level_expected, string_into(level, is_valid_log_level)}}};
}

}  // namespace

result<hub_config> parse_hub_config(std::string_view toml_text, std::string_view source_name) {
  error err;
  const auto doc = parse_toml(toml_text, source_name, err);
  if (!doc) return err;

  hub_config c;
  c.source = std::string(source_name);
  const std::vector<table_spec> schema{
      mqtt_table(c.mqtt, true),
      {"http",
       {
           {"listen", listen_expected, string_into(c.http_listen, is_valid_listen)},
           {"web_root", "an absolute directory path, e.g. \"/usr/share/pantau/web\"",
            string_into(c.http_web_root, is_absolute_path)},
           {"secure_cookie", "true or false", bool_into(c.http_secure_cookie)},
       }},
      {"store", {{"path", "a non-empty file path", string_into(c.store_path, non_empty)}}},
      {"registry", {{"auto_register", "true or false", bool_into(c.auto_register)}}},
      {"ingest",
       {
           {"batch_max", "an integer 1..100000", int_into(c.batch_max, 1, 100'000)},
           {"batch_wait_ms", "an integer 0..10000", int_into(c.batch_wait_ms, 0, 10'000)},
           {"aggregates", "true or false", bool_into(c.ingest_aggregates)},
       }},
      {"kiosks",
       {
           {"language", "\"id\" or \"en\"",
            string_into(c.kiosk_language, [](std::string_view v) { return v == "id" || v == "en"; })},
           {"rating_mode", "\"quick\" or \"skm\"",
            string_into(c.kiosk_rating_mode, [](std::string_view v) { return v == "quick" || v == "skm"; })},
       }},
      {"alerts",
       {
           {"rating_window_minutes", "an integer 1..1440", int_into(c.alerts.rating_window_minutes, 1, 1440)},
           {"min_responses", "an integer 1..1000", int_into(c.alerts.min_responses, 1, 1000)},
           {"low_score_max", "an integer 1..3", int_into(c.alerts.low_score_max, 1, 3)},
           {"low_share_pct", "an integer 1..100", int_into(c.alerts.low_share_pct, 1, 100)},
           {"include_misuse", "true or false", bool_into(c.alerts.include_misuse)},
           {"offline_after_minutes", "an integer 1..1440", int_into(c.alerts.offline_after_minutes, 1, 1440)},
           {"backlog_increases", "an integer 1..100", int_into(c.alerts.backlog_increases, 1, 100)},
           {"backlog_min", "an integer 1..1000000", int_into(c.alerts.backlog_min, 1, 1'000'000)},
           {"attendance_check", "a local time \"HH:MM\"",
            string_into(c.alerts.attendance_check, [](std::string_view v) { return parse_hh_mm(v).has_value(); })},
       }},
      log_table(c.log_level),
  };
  if (auto e = apply_schema(*doc, schema, source_name)) return *e;
  if (c.mqtt.client_id.empty()) c.mqtt.client_id = "pantau-hub";
  return c;
}

result<kiosk_config> parse_kiosk_config(std::string_view toml_text, std::string_view source_name) {
  error err;
  const auto doc = parse_toml(toml_text, source_name, err);
  if (!doc) return err;

  kiosk_config c;
  camera_config cam;
  gpio_config gpio;
  c.source = std::string(source_name);
  constexpr std::string_view name_expected = "a name of 1..48 characters from a-z 0-9 -";
  const std::vector<table_spec> schema{
      {"kiosk",
       {
           {"id", name_expected, string_into(c.kiosk_id, topics::is_valid_name)},
           {"office", name_expected, string_into(c.office, topics::is_valid_name)},
       }},
      mqtt_table(c.mqtt, false),
      {"store", {{"path", "a non-empty file path", string_into(c.store_path, non_empty)}}},
      {"ui",
       {
           {"listen", listen_expected, string_into(c.ui_listen, is_valid_listen)},
           {"counter", "a counter name of 1..48 characters from A-Z a-z 0-9 space _ . -",
            string_into(c.ui_counter,
                        [](std::string_view s) {
                          return !s.empty() && s.size() <= 48 &&
                                 s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                     "0123456789 _.-") == std::string_view::npos;
                        })},
           {"web_dir", "a non-empty directory path", string_into(c.ui_web_dir, non_empty)},
           {"lock_ms", "an integer 0..60000", int_into(c.ui_lock_ms, 0, 60'000)},
           {"survey", "\"quick\" or \"skm\"",
            string_into(c.ui_survey, [](std::string_view s) { return s == "quick" || s == "skm"; })},
       }},
      {"delivery",
       {
           {"window", "an integer 1..100000", int_into(c.window, 1, 100'000)},
           {"resend_after_ms", "an integer 10..3600000", int_into(c.resend_after_ms, 10, 3'600'000)},
           {"status_interval_s", "an integer 1..3600", int_into(c.status_interval_s, 1, 3600)},
       }},
      {"simulate",
       {
           {"rate", "a number of events per second > 0",
            [&](const toml::node& n) {
              // `rate = 5` is as natural to write as `rate = 5.0`.
              double rate = 0;
              if (const auto* f = n.as_floating_point()) {
                rate = f->get();
              } else if (const auto* i = n.as_integer()) {
                rate = static_cast<double>(i->get());
              } else {
                return false;
              }
              if (!std::isfinite(rate) || rate <= 0) return false;
              c.simulate_rate = rate;
              return true;
            }},
           {"count", "an integer >= 1",
            [&](const toml::node& n) {
              const auto* i = n.as_integer();
              if (i == nullptr || i->get() < 1) return false;
              c.simulate_count = i->get();
              return true;
            }},
           {"seed", "an integer >= 0 (0: random)",
            [&](const toml::node& n) {
              const auto* i = n.as_integer();
              if (i == nullptr || i->get() < 0) return false;
              c.simulate_seed = static_cast<std::uint64_t>(i->get());
              return true;
            }},
       }},
      {"camera",
       {
           {"source", "a V4L2 device path (/dev/video0) or a folder of images",
            string_into(cam.source, non_empty)},
           {"keyring", "a non-empty path of the badge key file", string_into(cam.keyring, non_empty)},
           {"evidence_dir", "a non-empty directory path", string_into(cam.evidence_dir, non_empty)},
           {"retention_days", "an integer 1..3650", int_into(cam.retention_days, 1, 3650)},
           {"zone", "one of WIB, WITA, WIT",
            string_into(cam.zone, [](std::string_view z) { return zone_offset_minutes(z).has_value(); })},
           {"loop", "true or false", bool_into(cam.loop)},
       }},
      {"gpio",
       {
           {"chip", "a GPIO chip name, path, label or number", string_into(gpio.chip, non_empty)},
           {"line", "a line offset 0..1023", int_into(gpio.line, 0, 1023)},
           {"active_low", "true or false", bool_into(gpio.active_low)},
           {"debounce_ms", "an integer 0..2000", int_into(gpio.debounce_ms, 0, 2000)},
       }},
      log_table(c.log_level),
  };
  if (auto e = apply_schema(*doc, schema, source_name)) return *e;
  if (doc->contains("camera")) {
    if (cam.source.empty())
      return config_error(source_name, "camera.source", "a V4L2 device path (/dev/video0) or a folder of images (required)");
    if (cam.keyring.empty()) return config_error(source_name, "camera.keyring", "a badge key file (required)");
    c.camera = std::move(cam);
  }
  if (doc->contains("gpio")) c.gpio = gpio;
  if (c.kiosk_id.empty()) return config_error(source_name, "kiosk.id", std::string(name_expected) + " (required)");
  if (c.office.empty()) return config_error(source_name, "kiosk.office", std::string(name_expected) + " (required)");
  if (c.mqtt.client_id.empty()) c.mqtt.client_id = "pantau-kiosk-" + c.office + "-" + c.kiosk_id;
  return c;
}

result<hub_config> load_hub_config(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.err();
  return parse_hub_config(*text, path);
}

result<kiosk_config> load_kiosk_config(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.err();
  return parse_kiosk_config(*text, path);
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
