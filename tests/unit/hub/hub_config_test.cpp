#include "pantau/hub/hub_config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "pantau/test/config_files.hpp"

namespace pantau {
namespace {

constexpr const char* good_hub = R"(# hub.toml
[mqtt]
url = "mqtts://broker.example.id:8883"
client_id = "hub-a"
username = "hub"
password = "rahasia"
share_group = "pantau-hub"
keepalive_s = 30
[http]
listen = "0.0.0.0:8080"
[store]
path = "/tmp/pantau.db"
[registry]
auto_register = false
[ingest]
batch_max = 500
batch_wait_ms = 10
max_seq_ahead = 5000
[signing]
key_file = "/etc/pantau/hub-a.key"
[log]
level = "debug"
)";

TEST(hub_config, loads_a_good_hub_file) {
  test::config_dir dir;
  const auto r = load_hub_config(dir.write("hub.toml", good_hub));
  ASSERT_TRUE(r.ok()) << r.err().message;
  const hub_config& c = *r;
  EXPECT_EQ(c.source, (dir.path() / "hub.toml").string());
  EXPECT_EQ(c.mqtt.url, "mqtts://broker.example.id:8883");
  EXPECT_EQ(c.mqtt.client_id, "hub-a");
  EXPECT_EQ(c.mqtt.username, "hub");
  EXPECT_EQ(c.mqtt.password, "rahasia");
  EXPECT_EQ(c.mqtt.share_group, "pantau-hub");
  EXPECT_EQ(c.mqtt.keepalive_s, 30);
  EXPECT_EQ(c.http_listen, "0.0.0.0:8080");
  EXPECT_EQ(c.store_path, "/tmp/pantau.db");
  EXPECT_EQ(c.batch_max, 500);
  EXPECT_EQ(c.max_seq_ahead, 5000);
  EXPECT_EQ(c.signing_key_file, "/etc/pantau/hub-a.key");
  EXPECT_EQ(c.batch_wait_ms, 10);
  EXPECT_EQ(c.log_level, "debug");
}

TEST(hub_config, hub_web_root_is_an_absolute_directory) {
  const auto r = parse_hub_config("[http]\nlisten = \"127.0.0.1:9\"\nweb_root = \"/usr/share/pantau/web\"\n", "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->http_web_root, "/usr/share/pantau/web");
}

TEST(hub_config, hub_secure_cookie_is_off_unless_asked_for) {
  EXPECT_FALSE(parse_hub_config("", "h.toml")->http_secure_cookie);
  EXPECT_TRUE(parse_hub_config("[http]\nsecure_cookie = true\n", "h.toml")->http_secure_cookie);
  test::expect_config_error(parse_hub_config("[http]\nsecure_cookie = \"yes\"\n", "h.toml").err(), "h.toml", "http.secure_cookie");
}

TEST(hub_config, http_walls_trusted_proxies_allowed_origins_and_max_connections) {
  const auto defaults = parse_hub_config("", "h.toml");
  ASSERT_TRUE(defaults.ok()) << defaults.err().message;
  EXPECT_TRUE(defaults->http_trusted_proxies.empty()) << "nobody's X-Forwarded-For is believed by default";
  EXPECT_TRUE(defaults->http_allowed_origins.empty());
  EXPECT_EQ(defaults->http_max_connections, 512);

  const auto r = parse_hub_config(R"([http]
trusted_proxies = ["127.0.0.1", "10.0.0.0/8", "fd00::/8"]
allowed_origins = ["HTTPS://Dasbor.Example.go.id/"]
max_connections = 64
)",
                                  "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->http_trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "fd00::/8"}));
  EXPECT_EQ(r->http_allowed_origins, (std::vector<std::string>{"https://dasbor.example.go.id"}));
  EXPECT_EQ(r->http_max_connections, 64);

  const std::vector<std::pair<std::string, std::string>> bad{
      {"trusted_proxies = \"10.0.0.0/8\"", "http.trusted_proxies"},
      {"trusted_proxies = [8]", "http.trusted_proxies"},
      {"trusted_proxies = [\"10.0.0.1/8\"]", "http.trusted_proxies"},
      {"trusted_proxies = [\"proxy.local\"]", "http.trusted_proxies"},
      {"allowed_origins = [\"dasbor.example\"]", "http.allowed_origins"},
      {"allowed_origins = [\"https://x/path\"]", "http.allowed_origins"},
      {"max_connections = 0", "http.max_connections"},
      {"max_connections = \"512\"", "http.max_connections"},
  };
  for (const auto& [line, key] : bad) {
    const auto e = parse_hub_config("[http]\n" + line + "\n", "h.toml");
    ASSERT_FALSE(e.ok()) << line;
    test::expect_config_error(e.err(), "h.toml", key);
  }
  // The message names the entry that is wrong, not just the key.
  const auto e = parse_hub_config("[http]\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.1/8\"]\n", "h.toml");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.err().message.find("\"10.0.0.1/8\": address bits set past the prefix length"), std::string::npos)
      << e.err().message;
}

TEST(hub_config, login_throttle_settings_in_people_units) {
  const auto d = parse_hub_config("", "h.toml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->login.max_failures, 5);
  EXPECT_EQ(d->login.window_ms, 15 * 60 * 1000);
  EXPECT_EQ(d->login.account_delay_ms, 1000);
  EXPECT_EQ(d->login.account_delay_max_ms, 60 * 1000);
  EXPECT_EQ(d->login.known_address_ms, std::int64_t{30} * 24 * 3600 * 1000);
  const auto r = parse_hub_config(
      "[login]\nmax_failures = 3\nwindow_minutes = 10\naccount_delay_s = 2\naccount_delay_max_s = 600\n"
      "known_address_days = 7\n",
      "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->login.max_failures, 3);
  EXPECT_EQ(r->login.window_ms, 10 * 60 * 1000);
  EXPECT_EQ(r->login.account_delay_ms, 2000);
  EXPECT_EQ(r->login.account_delay_max_ms, 600 * 1000);
  EXPECT_EQ(r->login.known_address_ms, std::int64_t{7} * 24 * 3600 * 1000);
  test::expect_config_error(parse_hub_config("[login]\nmax_failures = 0\n", "h.toml").err(), "h.toml",
                            "login.max_failures");
  test::expect_config_error(parse_hub_config("[login]\naccount_delay_s = 90\n", "h.toml").err(), "h.toml",
                            "login.account_delay_max_s");
  test::expect_config_error(parse_hub_config("[login]\nlockout = true\n", "h.toml").err(), "h.toml", "login.lockout");
}

TEST(hub_config, attendance_leave_kinds_that_count_as_present) {
  using hub::indicators::leave_kind;
  const auto d = parse_hub_config("", "h.toml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->leave_policy, hub::indicators::leave_policy{});
  const auto r = parse_hub_config("[attendance]\nleave_counts_present = [\"izin\", \"dinas_luar\"]\n", "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_TRUE(r->leave_policy.counts_present(leave_kind::izin));
  EXPECT_TRUE(r->leave_policy.counts_present(leave_kind::dinas_luar));
  EXPECT_FALSE(r->leave_policy.counts_present(leave_kind::kerja_fleksibel));
  const auto none = parse_hub_config("[attendance]\nleave_counts_present = []\n", "h.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->leave_policy.counts_present(leave_kind::dinas_luar));
  const auto bad = parse_hub_config("[attendance]\nleave_counts_present = [\"cuti_bersama\"]\n", "h.toml");
  ASSERT_FALSE(bad.ok());
  test::expect_config_error(bad.err(), "h.toml", "attendance.leave_counts_present");
  EXPECT_NE(bad.err().message.find("cuti_bersama"), std::string::npos) << bad.err().message;
}

TEST(hub_config, hub_defaults) {
  const auto r = parse_hub_config("", "hub.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mqtt.url, "tcp://127.0.0.1:1883");
  EXPECT_EQ(r->mqtt.client_id, "pantau-hub");
  EXPECT_EQ(r->mqtt.share_group, "");
  EXPECT_EQ(r->http_listen, "127.0.0.1:8080");
  EXPECT_EQ(r->http_web_root, "");  // the program fills in its build's own hub/web
  EXPECT_EQ(r->signing_key_file, "");  // the program uses default_hub_key_file()
  EXPECT_EQ(r->max_seq_ahead, 100'000);
  EXPECT_EQ(r->batch_max, 2000);
  EXPECT_EQ(r->batch_wait_ms, 5);
  EXPECT_EQ(r->log_level, "info");
}

TEST(hub_config, hub_alert_thresholds) {
  const auto defaults = parse_hub_config("", "hub.toml");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->alerts.min_responses, 4);
  EXPECT_EQ(defaults->alerts.attendance_check, "08:00");
  const auto r = parse_hub_config(
      "[alerts]\nrating_window_minutes = 30\nmin_responses = 6\nlow_score_max = 1\nlow_share_pct = 40\n"
      "include_misuse = true\noffline_after_minutes = 10\nbacklog_increases = 5\nbacklog_min = 50\n"
      "attendance_check = \"08:30\"\n",
      "hub.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->alerts.rating_window_minutes, 30);
  EXPECT_EQ(r->alerts.min_responses, 6);
  EXPECT_EQ(r->alerts.low_score_max, 1);
  EXPECT_EQ(r->alerts.low_share_pct, 40);
  EXPECT_TRUE(r->alerts.include_misuse);
  EXPECT_EQ(r->alerts.offline_after_minutes, 10);
  EXPECT_EQ(r->alerts.backlog_increases, 5);
  EXPECT_EQ(r->alerts.backlog_min, 50);
  EXPECT_EQ(r->alerts.attendance_check, "08:30");
  for (const auto& [text, key] : std::vector<std::pair<std::string, std::string>>{
           {"low_score_max = 4", "alerts.low_score_max"},
           {"min_responses = 0", "alerts.min_responses"},
           {"attendance_check = \"8 pagi\"", "alerts.attendance_check"},
           {"attendance_check = \"24:00\"", "alerts.attendance_check"},
           {"low_share_pct = 0", "alerts.low_share_pct"},
           {"threshold = 3", "alerts.threshold"}}) {
    const auto bad = parse_hub_config("[alerts]\n" + text + "\n", "hub.toml");
    ASSERT_FALSE(bad.ok()) << text;
    EXPECT_NE(bad.err().message.find(key), std::string::npos) << bad.err().message;
  }
}

TEST(hub_config, unknown_key_is_an_error) {
  test::config_dir dir;
  const std::string path = dir.write("hub.toml", "[mqtt]\nurl = \"tcp://h:1\"\nurll = \"x\"\n");
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  test::expect_config_error(r.err(), path, "mqtt.urll");
  EXPECT_NE(r.err().message.find("unknown key"), std::string::npos);

  test::expect_config_error(parse_hub_config("[mqttt]\nurl = \"tcp://h:1\"\n", "hub.toml").err(), "hub.toml", "mqttt");
  test::expect_config_error(parse_hub_config("top = 1\n", "hub.toml").err(), "hub.toml", "top");
  test::expect_config_error(parse_hub_config("[mqtt.tls]\nca = \"x\"\n", "hub.toml").err(), "hub.toml", "mqtt.tls.ca");
}

// A kiosk without a registered key can deliver nothing: registering strangers cannot be switched on.
TEST(hub_config, auto_register_can_only_be_false) {
  EXPECT_TRUE(parse_hub_config("[registry]\nauto_register = false\n", "h.toml").ok());
  test::expect_config_error(parse_hub_config("[registry]\nauto_register = true\n", "h.toml").err(), "h.toml",
                            "registry.auto_register");
}

TEST(hub_config, wrong_type_is_an_error) {
  test::expect_config_error(parse_hub_config("[registry]\nauto_register = \"yes\"\n", "h.toml").err(), "h.toml",
               "registry.auto_register");
  test::expect_config_error(parse_hub_config("[ingest]\nbatch_max = 1.5\n", "h.toml").err(), "h.toml", "ingest.batch_max");
  test::expect_config_error(parse_hub_config("[mqtt]\nurl = 1883\n", "h.toml").err(), "h.toml", "mqtt.url");
  test::expect_config_error(parse_hub_config("mqtt = 3\n", "h.toml").err(), "h.toml", "mqtt");
}

TEST(hub_config, out_of_range_or_malformed_values_are_errors) {
  test::expect_config_error(parse_hub_config("[mqtt]\nurl = \"http://h:1\"\n", "h.toml").err(), "h.toml", "mqtt.url");
  test::expect_config_error(parse_hub_config("[mqtt]\nurl = \"tcp://\"\n", "h.toml").err(), "h.toml", "mqtt.url");
  test::expect_config_error(parse_hub_config("[mqtt]\nkeepalive_s = 0\n", "h.toml").err(), "h.toml", "mqtt.keepalive_s");
  test::expect_config_error(parse_hub_config("[mqtt]\nshare_group = \"a/b\"\n", "h.toml").err(), "h.toml", "mqtt.share_group");
  test::expect_config_error(parse_hub_config("[http]\nlisten = \"8080\"\n", "h.toml").err(), "h.toml", "http.listen");
  test::expect_config_error(parse_hub_config("[http]\nweb_root = \"hub/web\"\n", "h.toml").err(), "h.toml", "http.web_root");
  test::expect_config_error(parse_hub_config("[http]\nweb_root = \"\"\n", "h.toml").err(), "h.toml", "http.web_root");
  test::expect_config_error(parse_hub_config("[http]\nweb_root = 1\n", "h.toml").err(), "h.toml", "http.web_root");
  test::expect_config_error(parse_hub_config("[store]\npath = \"\"\n", "h.toml").err(), "h.toml", "store.path");
  test::expect_config_error(parse_hub_config("[ingest]\nbatch_max = 0\n", "h.toml").err(), "h.toml", "ingest.batch_max");
  test::expect_config_error(parse_hub_config("[ingest]\nbatch_wait_ms = -1\n", "h.toml").err(), "h.toml", "ingest.batch_wait_ms");
  test::expect_config_error(parse_hub_config("[log]\nlevel = \"loud\"\n", "h.toml").err(), "h.toml", "log.level");
}

TEST(hub_config, syntax_error_names_file_line_and_column) {
  test::config_dir dir;
  const std::string path = dir.write("hub.toml", "[mqtt]\nurl = \"tcp://h:1\n");
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::config);
  EXPECT_EQ(r.err().message.rfind(path + ":2:", 0), 0U) << r.err().message;
  EXPECT_NE(r.err().message.find("TOML syntax error"), std::string::npos) << r.err().message;
  // Redefining a key is a syntax error in TOML too.
  const auto dup = parse_hub_config("[log]\nlevel = \"info\"\nlevel = \"debug\"\n", "h.toml");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.err().message.rfind("h.toml:3:", 0), 0U) << dup.err().message;
}

TEST(hub_config, missing_file) {
  test::config_dir dir;
  const std::string path = (dir.path() / "nope.toml").string();
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::config);
  EXPECT_EQ(r.err().message.rfind(path + ": cannot read: ", 0), 0U) << r.err().message;
  EXPECT_NE(r.err().message.find("No such file"), std::string::npos) << r.err().message;
}

TEST(hub_config, mqtt_tls_is_optional) {
  const auto plain = parse_hub_config("", "h.toml");
  ASSERT_TRUE(plain.ok()) << plain.err().message;
  EXPECT_TRUE(plain->mqtt.tls.empty());

  const auto r = parse_hub_config(
      "[mqtt]\nurl = \"mqtts://broker.example.id:8883\"\n[mqtt.tls]\nca_file = \"/etc/pantau/tls/ca.pem\"\n"
      "cert_file = \"/etc/pantau/tls/hub.crt\"\nkey_file = \"/etc/pantau/tls/hub.key\"\n",
      "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mqtt.tls.ca_file, "/etc/pantau/tls/ca.pem");
  EXPECT_EQ(r->mqtt.tls.cert_file, "/etc/pantau/tls/hub.crt");
  EXPECT_EQ(r->mqtt.tls.key_file, "/etc/pantau/tls/hub.key");
  // TLS with the system's CAs needs no table at all.
  EXPECT_TRUE(parse_hub_config("[mqtt]\nurl = \"ssl://broker.example.id:8883\"\n", "h.toml").ok());
}

TEST(hub_config, mqtt_tls_errors_name_the_key) {
  const std::string tls_url = "[mqtt]\nurl = \"mqtts://b:8883\"\n";
  struct bad_case {
    std::string text;
    std::string key;
    std::string says;
  };
  for (const auto& [text, key, says] : std::vector<bad_case>{
           {tls_url + "[mqtt.tls]\nca_file = \"tls/ca.pem\"\n", "mqtt.tls.ca_file", "absolute path"},
           {tls_url + "[mqtt.tls]\nca_file = 1\n", "mqtt.tls.ca_file", "PEM"},
           {tls_url + "[mqtt.tls]\ncert_file = \"/c.crt\"\n", "mqtt.tls.key_file", "required with cert_file"},
           {tls_url + "[mqtt.tls]\nkey_file = \"/c.key\"\n", "mqtt.tls.cert_file", "required with key_file"},
           {tls_url + "[mqtt.tls]\nca = \"/ca.pem\"\n", "mqtt.tls.ca", "one of ca_file, cert_file, key_file"},
           {tls_url + "tls = \"on\"\n", "mqtt.tls", "a table [mqtt.tls]"},
           {"[mqtt]\nurl = \"tcp://b:1883\"\n[mqtt.tls]\nca_file = \"/ca.pem\"\n", "mqtt.url", "mqtts://"},
       }) {
    SCOPED_TRACE(text);
    const auto r = parse_hub_config(text, "h.toml");
    ASSERT_FALSE(r.ok());
    test::expect_config_error(r.err(), "h.toml", key);
    EXPECT_NE(r.err().message.find(says), std::string::npos) << r.err().message;
  }
}

// A wrong path is found at start, not as a TLS failure on every reconnect.
TEST(hub_config, mqtt_tls_files_are_read_at_load) {
  test::config_dir dir;
  const std::string ca = dir.write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const std::string head = "[mqtt]\nurl = \"mqtts://b:8883\"\n[mqtt.tls]\n";
  const auto ok = load_hub_config(dir.write("hub.toml", head + "ca_file = \"" + ca + "\"\n"));
  ASSERT_TRUE(ok.ok()) << ok.err().message;
  EXPECT_EQ(ok->mqtt.tls.ca_file, ca);

  const std::string missing = (dir.path() / "none.pem").string();
  const std::string path = dir.write("bad.toml", head + "ca_file = \"" + missing + "\"\n");
  const auto bad = load_hub_config(path);
  ASSERT_FALSE(bad.ok());
  test::expect_config_error(bad.err(), path, "mqtt.tls.ca_file");
  EXPECT_NE(bad.err().message.find(missing + ": cannot read: No such file"), std::string::npos) << bad.err().message;
}

}  // namespace
}  // namespace pantau
