#include "pantau/hub/hub_config.hpp"

#include <cstdlib>
#include <vector>

#include "pantau/http/client_address.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/toml_schema.hpp"

namespace pantau {

// The schema vocabulary, read as the table definitions below are.
using namespace toml_schema;

constexpr std::string_view proxies_expected =
    "an array of IP addresses or CIDR networks of reverse proxies, e.g. [\"127.0.0.1\", \"10.0.0.0/8\"]";
constexpr std::string_view origins_expected =
    "an array of origins \"http(s)://host[:port]\", e.g. [\"https://dasbor.example.go.id\"]";

result<hub_config> parse_hub_config(std::string_view toml_text, std::string_view source_name) {
  error err;
  const auto doc = parse_toml(toml_text, source_name, err);
  if (!doc) return err;

  hub_config c;
  c.source = std::string(source_name);
  // In the units people configure; the throttle counts milliseconds.
  constexpr std::int64_t s_ms = 1000;
  int login_failures = c.login.max_failures;
  int login_window_min = static_cast<int>(c.login.window_ms / (60 * s_ms));
  int login_delay_s = static_cast<int>(c.login.account_delay_ms / s_ms);
  int login_delay_max_s = static_cast<int>(c.login.account_delay_max_ms / s_ms);
  int login_known_days = static_cast<int>(c.login.known_address_ms / (24 * 3600 * s_ms));
  std::vector<std::string> leave_present;
  for (const auto k : hub::indicators::all_leave_kinds)
    if (c.leave_policy.counts_present(k)) leave_present.emplace_back(hub::indicators::code_of(k));
  const std::vector<table_spec> schema{
      mqtt_table(c.mqtt, true),
      {"http",
       {
           {"listen", listen_expected, string_into(c.http_listen, is_valid_listen)},
           {"web_root", "an absolute directory path, e.g. \"/usr/share/pantau/web\"",
            string_into(c.http_web_root, is_absolute_path)},
           {"secure_cookie", "true or false", bool_into(c.http_secure_cookie)},
           {"trusted_proxies", proxies_expected, string_list_into(c.http_trusted_proxies)},
           {"allowed_origins", origins_expected, string_list_into(c.http_allowed_origins)},
           {"max_connections", "an integer 1..100000", int_into(c.http_max_connections, 1, 100'000)},
       }},
      {"store", {{"path", "a non-empty file path", string_into(c.store_path, non_empty)}}},
      // Kept so that existing files still read: a kiosk without a registered key can deliver nothing,
      // so registering unknown kiosks on first contact cannot be switched on any more.
      {"registry",
       {{"auto_register", "false (kiosks are registered with their key: pantau-hub kiosk add --public-key)",
         [](const toml::node& n) { return n.is_boolean() && !n.as_boolean()->get(); }}}},
      {"signing", {{"key_file", "a non-empty path of the hub's secret key", string_into(c.signing_key_file, non_empty)}}},
      {"ingest",
       {
           {"batch_max", "an integer 1..100000", int_into(c.batch_max, 1, 100'000)},
           {"batch_wait_ms", "an integer 0..10000", int_into(c.batch_wait_ms, 0, 10'000)},
           {"aggregates", "true or false", bool_into(c.ingest_aggregates)},
           {"max_seq_ahead", "an integer 1000..1000000000", int_into(c.max_seq_ahead, 1000, 1'000'000'000)},
           {"gap_wait_s", "an integer 1..86400 (seconds)", int_into(c.gap_wait_s, 1, 86'400)},
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
      {"attendance",
       {
           {"leave_counts_present", "an array of leave kinds, e.g. [\"dinas_luar\", \"tugas_belajar\", \"kerja_fleksibel\"]",
            string_list_into(leave_present)},
       }},
      {"login",
       {
           {"max_failures", "an integer 1..100", int_into(login_failures, 1, 100)},
           {"window_minutes", "an integer 1..1440", int_into(login_window_min, 1, 1440)},
           {"account_delay_s", "an integer 1..3600", int_into(login_delay_s, 1, 3600)},
           {"account_delay_max_s", "an integer 1..86400", int_into(login_delay_max_s, 1, 86'400)},
           {"known_address_days", "an integer 0..365", int_into(login_known_days, 0, 365)},
       }},
      log_table(c.log_level),
  };
  if (auto e = apply_schema(*doc, schema, source_name)) return *e;
  if (auto e = check_mqtt(c.mqtt, source_name)) return *e;
  if (login_delay_max_s < login_delay_s)
    return config_error(source_name, "login.account_delay_max_s", "at least login.account_delay_s");
  if (auto p = hub::indicators::leave_policy_of(leave_present); p)
    c.leave_policy = *p;
  else
    return config_error(source_name, "attendance.leave_counts_present", p.err().message);
  c.login.max_failures = login_failures;
  c.login.window_ms = login_window_min * 60 * s_ms;
  c.login.account_delay_ms = login_delay_s * s_ms;
  c.login.account_delay_max_ms = login_delay_max_s * s_ms;
  c.login.known_address_ms = login_known_days * 24 * 3600 * s_ms;
  if (auto proxies = http::trusted_proxies::parse(c.http_trusted_proxies); !proxies)
    return config_error(source_name, "http.trusted_proxies", std::string(proxies_expected) + "; " + proxies.err().message);
  for (auto& origin : c.http_allowed_origins) {
    auto normal = http::normalise_origin(origin);
    if (!normal) return config_error(source_name, "http.allowed_origins", std::string(origins_expected) + "; " + normal.err().message);
    origin = std::move(*normal);
  }
  if (c.mqtt.client_id.empty()) c.mqtt.client_id = "pantau-hub";
  return c;
}

std::string default_hub_key_file() {
  if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir != nullptr && *dir != '\0')
    return std::string(dir) + "/hub.key";
  return "/etc/pantau/hub.key";
}

result<hub_config> load_hub_config(const std::string& path) {
  auto c = load_file(path, parse_hub_config);
  if (!c) return c;
  if (auto e = check_mqtt_files(c->mqtt, path)) return *e;
  return c;
}

}  // namespace pantau
