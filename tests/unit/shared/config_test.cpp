#include "pantau/shared/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "pantau/shared/zone.hpp"

namespace pantau {
namespace {

namespace fs = std::filesystem;

class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("pantau-shared-test-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void expect_error(const error& e, const std::string& file, const std::string& key) {
  EXPECT_EQ(e.code, "config");
  EXPECT_EQ(e.message.rfind(file + ": key \"" + key + "\": expected ", 0), 0U) << e.message;
}

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
[log]
level = "debug"
)";

constexpr const char* good_kiosk = R"(
[kiosk]
id = "k-01"
office = "binjai-dukcapil"
[mqtt]
url = "tcp://127.0.0.1:1883"
[store]
path = "/tmp/outbox.db"
[ui]
listen = "127.0.0.1:0"
[delivery]
window = 50
resend_after_ms = 800
status_interval_s = 2
[simulate]
rate = 5.0
count = 10000
seed = 42
[log]
level = "warn"
)";

TEST(config, loads_a_good_hub_file) {
  temp_dir dir;
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
  EXPECT_FALSE(c.auto_register);
  EXPECT_EQ(c.batch_max, 500);
  EXPECT_EQ(c.batch_wait_ms, 10);
  EXPECT_EQ(c.log_level, "debug");
}

TEST(config, hub_web_root_is_an_absolute_directory) {
  const auto r = parse_hub_config("[http]\nlisten = \"127.0.0.1:9\"\nweb_root = \"/usr/share/pantau/web\"\n", "h.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->http_web_root, "/usr/share/pantau/web");
}

TEST(config, hub_secure_cookie_is_off_unless_asked_for) {
  EXPECT_FALSE(parse_hub_config("", "h.toml")->http_secure_cookie);
  EXPECT_TRUE(parse_hub_config("[http]\nsecure_cookie = true\n", "h.toml")->http_secure_cookie);
  expect_error(parse_hub_config("[http]\nsecure_cookie = \"yes\"\n", "h.toml").err(), "h.toml", "http.secure_cookie");
}

TEST(config, hub_defaults) {
  const auto r = parse_hub_config("", "hub.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mqtt.url, "tcp://127.0.0.1:1883");
  EXPECT_EQ(r->mqtt.client_id, "pantau-hub");
  EXPECT_EQ(r->mqtt.share_group, "");
  EXPECT_EQ(r->http_listen, "127.0.0.1:8080");
  EXPECT_EQ(r->http_web_root, "");  // the program fills in its build's own hub/web
  EXPECT_TRUE(r->auto_register);
  EXPECT_EQ(r->batch_max, 2000);
  EXPECT_EQ(r->batch_wait_ms, 5);
  EXPECT_EQ(r->log_level, "info");
}

// An office tunes its alerts in hub.toml; a value out of range names the key and what it expects.
TEST(config, hub_alert_thresholds) {
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

TEST(config, loads_a_good_kiosk_file) {
  temp_dir dir;
  const auto r = load_kiosk_config(dir.write("kiosk.toml", good_kiosk));
  ASSERT_TRUE(r.ok()) << r.err().message;
  const kiosk_config& c = *r;
  EXPECT_EQ(c.kiosk_id, "k-01");
  EXPECT_EQ(c.office, "binjai-dukcapil");
  EXPECT_EQ(c.mqtt.url, "tcp://127.0.0.1:1883");
  EXPECT_EQ(c.mqtt.client_id, "pantau-kiosk-binjai-dukcapil-k-01");
  EXPECT_EQ(c.store_path, "/tmp/outbox.db");
  EXPECT_EQ(c.ui_listen, "127.0.0.1:0");
  EXPECT_EQ(c.window, 50);
  EXPECT_EQ(c.resend_after_ms, 800);
  EXPECT_EQ(c.status_interval_s, 2);
  ASSERT_TRUE(c.simulate_rate.has_value());
  EXPECT_DOUBLE_EQ(*c.simulate_rate, 5.0);
  EXPECT_EQ(c.simulate_count, 10000);
  EXPECT_EQ(c.simulate_seed, 42U);
  EXPECT_EQ(c.log_level, "warn");
}

TEST(config, kiosk_minimal_file_and_integer_rate) {
  const auto r = parse_kiosk_config("[kiosk]\nid = \"k-2\"\noffice = \"o\"\n[simulate]\nrate = 3\n", "k.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_DOUBLE_EQ(r->simulate_rate.value_or(0), 3.0);
  EXPECT_FALSE(r->simulate_count.has_value());
  EXPECT_EQ(r->window, 1000);
  EXPECT_EQ(r->resend_after_ms, 5000);
  EXPECT_EQ(r->status_interval_s, 5);
  EXPECT_EQ(r->ui_listen, "127.0.0.1:8090");
  EXPECT_EQ(r->mqtt.client_id, "pantau-kiosk-o-k-2");
  EXPECT_FALSE(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"o\"\n", "k.toml")->simulate_rate.has_value());
}

TEST(config, unknown_key_is_an_error) {
  temp_dir dir;
  const std::string path = dir.write("hub.toml", "[mqtt]\nurl = \"tcp://h:1\"\nurll = \"x\"\n");
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  expect_error(r.err(), path, "mqtt.urll");
  EXPECT_NE(r.err().message.find("unknown key"), std::string::npos);

  expect_error(parse_hub_config("[mqttt]\nurl = \"tcp://h:1\"\n", "hub.toml").err(), "hub.toml", "mqttt");
  expect_error(parse_hub_config("top = 1\n", "hub.toml").err(), "hub.toml", "top");
  expect_error(parse_hub_config("[mqtt.tls]\nca = \"x\"\n", "hub.toml").err(), "hub.toml", "mqtt.tls");
  // share_group is a hub key only
  expect_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"o\"\n[mqtt]\nshare_group = \"g\"\n", "k.toml").err(),
               "k.toml", "mqtt.share_group");
}

TEST(config, wrong_type_is_an_error) {
  expect_error(parse_hub_config("[registry]\nauto_register = \"yes\"\n", "h.toml").err(), "h.toml",
               "registry.auto_register");
  expect_error(parse_hub_config("[ingest]\nbatch_max = 1.5\n", "h.toml").err(), "h.toml", "ingest.batch_max");
  expect_error(parse_hub_config("[mqtt]\nurl = 1883\n", "h.toml").err(), "h.toml", "mqtt.url");
  expect_error(parse_hub_config("mqtt = 3\n", "h.toml").err(), "h.toml", "mqtt");
  expect_error(parse_kiosk_config("[kiosk]\nid = 1\noffice = \"o\"\n", "k.toml").err(), "k.toml", "kiosk.id");
  expect_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"o\"\n[simulate]\nrate = \"fast\"\n", "k.toml").err(),
               "k.toml", "simulate.rate");
}

TEST(config, out_of_range_or_malformed_values_are_errors) {
  const std::string k = "[kiosk]\nid = \"k\"\noffice = \"o\"\n";
  expect_error(parse_hub_config("[mqtt]\nurl = \"http://h:1\"\n", "h.toml").err(), "h.toml", "mqtt.url");
  expect_error(parse_hub_config("[mqtt]\nurl = \"tcp://\"\n", "h.toml").err(), "h.toml", "mqtt.url");
  expect_error(parse_hub_config("[mqtt]\nkeepalive_s = 0\n", "h.toml").err(), "h.toml", "mqtt.keepalive_s");
  expect_error(parse_hub_config("[mqtt]\nshare_group = \"a/b\"\n", "h.toml").err(), "h.toml", "mqtt.share_group");
  expect_error(parse_hub_config("[http]\nlisten = \"8080\"\n", "h.toml").err(), "h.toml", "http.listen");
  expect_error(parse_hub_config("[http]\nweb_root = \"hub/web\"\n", "h.toml").err(), "h.toml", "http.web_root");
  expect_error(parse_hub_config("[http]\nweb_root = \"\"\n", "h.toml").err(), "h.toml", "http.web_root");
  expect_error(parse_hub_config("[http]\nweb_root = 1\n", "h.toml").err(), "h.toml", "http.web_root");
  expect_error(parse_hub_config("[store]\npath = \"\"\n", "h.toml").err(), "h.toml", "store.path");
  expect_error(parse_hub_config("[ingest]\nbatch_max = 0\n", "h.toml").err(), "h.toml", "ingest.batch_max");
  expect_error(parse_hub_config("[ingest]\nbatch_wait_ms = -1\n", "h.toml").err(), "h.toml", "ingest.batch_wait_ms");
  expect_error(parse_hub_config("[log]\nlevel = \"loud\"\n", "h.toml").err(), "h.toml", "log.level");
  expect_error(parse_kiosk_config("[kiosk]\nid = \"K-01\"\noffice = \"o\"\n", "k.toml").err(), "k.toml", "kiosk.id");
  expect_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"a/b\"\n", "k.toml").err(), "k.toml",
               "kiosk.office");
  expect_error(parse_kiosk_config(k + "[delivery]\nwindow = 0\n", "k.toml").err(), "k.toml", "delivery.window");
  expect_error(parse_kiosk_config(k + "[simulate]\nrate = 0.0\n", "k.toml").err(), "k.toml", "simulate.rate");
  expect_error(parse_kiosk_config(k + "[simulate]\nrate = -2\n", "k.toml").err(), "k.toml", "simulate.rate");
  expect_error(parse_kiosk_config(k + "[simulate]\nrate = nan\n", "k.toml").err(), "k.toml", "simulate.rate");
  expect_error(parse_kiosk_config(k + "[simulate]\nrate = 1.0\ncount = 0\n", "k.toml").err(), "k.toml",
               "simulate.count");
  expect_error(parse_kiosk_config(k + "[simulate]\nseed = -1\n", "k.toml").err(), "k.toml", "simulate.seed");
  expect_error(parse_kiosk_config(k + "[ui]\nlisten = \"localhost:70000\"\n", "k.toml").err(), "k.toml", "ui.listen");
}

TEST(config, missing_required_key_is_an_error) {
  temp_dir dir;
  const std::string path = dir.write("kiosk.toml", "[kiosk]\nid = \"k-01\"\n[mqtt]\nurl = \"tcp://h:1\"\n");
  const auto r = load_kiosk_config(path);
  ASSERT_FALSE(r.ok());
  expect_error(r.err(), path, "kiosk.office");
  expect_error(parse_kiosk_config("", "k.toml").err(), "k.toml", "kiosk.id");
}

TEST(config, syntax_error_names_file_line_and_column) {
  temp_dir dir;
  const std::string path = dir.write("hub.toml", "[mqtt]\nurl = \"tcp://h:1\n");
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "config");
  EXPECT_EQ(r.err().message.rfind(path + ":2:", 0), 0U) << r.err().message;
  EXPECT_NE(r.err().message.find("TOML syntax error"), std::string::npos) << r.err().message;
  // Redefining a key is a syntax error in TOML too.
  const auto dup = parse_hub_config("[log]\nlevel = \"info\"\nlevel = \"debug\"\n", "h.toml");
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.err().message.rfind("h.toml:3:", 0), 0U) << dup.err().message;
}

TEST(config, missing_or_unreadable_file) {
  temp_dir dir;
  const std::string path = (dir.path() / "nope.toml").string();
  const auto r = load_hub_config(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, "config");
  EXPECT_EQ(r.err().message.rfind(path + ": cannot read: ", 0), 0U) << r.err().message;
  EXPECT_NE(r.err().message.find("No such file"), std::string::npos) << r.err().message;

  const auto d = load_kiosk_config(dir.path().string());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.err().message.rfind(dir.path().string() + ": cannot read: ", 0), 0U) << d.err().message;
}

TEST(config, parse_host_port) {
  auto r = parse_host_port("127.0.0.1:8080");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 8080);
  r = parse_host_port("[::1]:8080");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "::1");
  EXPECT_EQ(r->port, 8080);
  r = parse_host_port("localhost:0");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "localhost");
  EXPECT_EQ(r->port, 0);
  EXPECT_EQ(parse_host_port("0.0.0.0:65535")->port, 65535);
  for (const char* bad : {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80a", "::1:8080",
                          "[::1]8080", "[]:80", "[::1]:", "host name:80", "127.0.0.1:123456", "[zz]:80"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_host_port(bad).ok());
  }
}

constexpr const char* kiosk_head = "[kiosk]\nid = \"k-01\"\noffice = \"binjai-dukcapil\"\n";

TEST(config, camera_table_is_optional_with_defaults) {
  auto none = parse_kiosk_config(kiosk_head, "kiosk.toml");
  ASSERT_TRUE(none.ok()) << none.err().message;
  EXPECT_FALSE(none->camera.has_value());

  auto c = parse_kiosk_config(
      std::string(kiosk_head) + "[camera]\nsource = \"/dev/video0\"\nkeyring = \"/etc/pantau/badge-keys.toml\"\n",
      "kiosk.toml");
  ASSERT_TRUE(c.ok()) << c.err().message;
  ASSERT_TRUE(c->camera.has_value());
  EXPECT_EQ(c->camera->source, "/dev/video0");
  EXPECT_EQ(c->camera->keyring, "/etc/pantau/badge-keys.toml");
  EXPECT_EQ(c->camera->retention_days, 30);
  EXPECT_EQ(c->camera->zone, "WIB");
  EXPECT_FALSE(c->camera->loop);

  c = parse_kiosk_config(std::string(kiosk_head) +
                             "[camera]\nsource = \"demo\"\nkeyring = \"k.txt\"\nevidence_dir = \"/tmp/ev\"\n"
                             "retention_days = 7\nzone = \"WIT\"\nloop = true\n",
                         "kiosk.toml");
  ASSERT_TRUE(c.ok()) << c.err().message;
  EXPECT_EQ(c->camera->evidence_dir, "/tmp/ev");
  EXPECT_EQ(c->camera->retention_days, 7);
  EXPECT_EQ(c->camera->zone, "WIT");
  EXPECT_TRUE(c->camera->loop);
  EXPECT_EQ(zone_offset_minutes(c->camera->zone), 540);
}

TEST(config, camera_table_errors_name_the_key) {
  const std::string base = std::string(kiosk_head) + "[camera]\n";
  const std::string ok = "source = \"/dev/video0\"\nkeyring = \"k.toml\"\n";
  struct bad_case {
    std::string text;
    std::string key;
  };
  for (const auto& [text, key] : std::vector<bad_case>{
           {ok + "zone = \"WITA+1\"\n", "camera.zone"},
           {ok + "retention_days = 0\n", "camera.retention_days"},
           {ok + "loop = \"yes\"\n", "camera.loop"},
           {ok + "fps = 30\n", "camera.fps"},
           {"keyring = \"k.toml\"\n", "camera.source"},
           {"source = \"/dev/video0\"\n", "camera.keyring"},
       }) {
    SCOPED_TRACE(text);
    auto c = parse_kiosk_config(base + text, "kiosk.toml");
    ASSERT_FALSE(c.ok());
    expect_error(c.err(), "kiosk.toml", key);
  }
}

}  // namespace
}  // namespace pantau
