#include "pantau/kiosk/kiosk_config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "pantau/test/config_files.hpp"

#include "pantau/shared/config.hpp"

namespace pantau {
namespace {

const std::string good_kiosk = R"(
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

// [signing] as provisioning writes it: the kiosk's secret key file and the hub's public key.
std::string signing_table(const test::config_dir& dir, const signing::key_pair& kiosk, const signing::key_pair& hub) {
  const auto key_file = dir.write("kiosk.key", signing::to_text(kiosk.secret) + "\n");
  return "[signing]\nkey_file = \"" + key_file + "\"\nhub_public_key = \"" + signing::to_text(hub.pub) + "\"\n";
}

TEST(kiosk_config, loads_a_good_kiosk_file) {
  test::config_dir dir;
  const auto kiosk_key = signing::generate();
  const auto hub_key = signing::generate();
  const auto r = load_kiosk_config(dir.write("kiosk.toml", good_kiosk + signing_table(dir, kiosk_key, hub_key)));
  ASSERT_TRUE(r.ok()) << r.err().message;
  const kiosk_config& c = *r;
  ASSERT_NE(c.signing_key, nullptr);
  EXPECT_EQ(c.signing_key->public_part(), kiosk_key.pub);
  EXPECT_EQ(c.hub_public_key, hub_key.pub);
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

// Without its key nothing the kiosk sends is accepted; without the hub's it could not tell a forged ack.
TEST(kiosk_config, a_running_kiosk_needs_both_keys) {
  test::config_dir dir;
  const auto kiosk_key = signing::generate();
  const auto hub_key = signing::generate();
  const std::string signing = signing_table(dir, kiosk_key, hub_key);
  const auto without_key = load_kiosk_config(dir.write("a.toml", good_kiosk));
  ASSERT_FALSE(without_key.ok());
  test::expect_config_error(without_key.err(), (dir.path() / "a.toml").string(), "signing.key_file");
  const auto without_hub = load_kiosk_config(
      dir.write("b.toml", std::string(good_kiosk) + "[signing]\nkey_file = \"" + (dir.path() / "kiosk.key").string() + "\"\n"));
  ASSERT_FALSE(without_hub.ok());
  test::expect_config_error(without_hub.err(), (dir.path() / "b.toml").string(), "signing.hub_public_key");
  test::expect_config_error(
      parse_kiosk_config("[signing]\nhub_public_key = \"not a key\"\n", "k.toml").err(), "k.toml",
      "signing.hub_public_key");
  const auto missing_file = load_kiosk_config(dir.write(
      "c.toml", std::string(good_kiosk) + "[signing]\nkey_file = \"/nonexistent/kiosk.key\"\nhub_public_key = \"" +
                    signing::to_text(hub_key.pub) + "\"\n"));
  ASSERT_FALSE(missing_file.ok());
  EXPECT_NE(missing_file.err().message.find("signing.key_file"), std::string::npos) << missing_file.err().message;
}

// Provisioning names the MQTT client key by its systemd credential's path; outside systemd the same
// file is found through $CREDENTIALS_DIRECTORY, as the signing key is.
TEST(kiosk_config, the_mqtt_client_key_can_come_as_a_credential) {
  test::config_dir dir;
  const auto kiosk_key = signing::generate();
  const auto hub_key = signing::generate();
  const std::string cert = dir.write("kiosk.crt", "certificate\n");
  std::filesystem::create_directories(dir.path() / "credentials");
  const std::string handed = dir.write("credentials/mqtt-client.key", "key\n");
  std::string text = good_kiosk + signing_table(dir, kiosk_key, hub_key) +
                     "[mqtt.tls]\ncert_file = \"" + cert +
                     "\"\nkey_file = \"/run/credentials/pantau-kiosk.service/mqtt-client.key\"\n";
  text.replace(text.find("tcp://"), 6, "mqtts://");
  const std::string path = dir.write("kiosk.toml", text);

  const auto without = load_kiosk_config(path);
  ASSERT_FALSE(without.ok());
  EXPECT_NE(without.err().message.find("mqtt.tls.key_file"), std::string::npos) << without.err().message;

  ::setenv("CREDENTIALS_DIRECTORY", (dir.path() / "credentials").c_str(), 1);
  const auto with = load_kiosk_config(path);
  ::unsetenv("CREDENTIALS_DIRECTORY");
  ASSERT_TRUE(with.ok()) << with.err().message;
  EXPECT_EQ(with->mqtt.tls.key_file, handed);
}

TEST(kiosk_config, kiosk_minimal_file_and_integer_rate) {
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

TEST(kiosk_config, share_group_is_a_hub_key_only) {
  test::expect_config_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"o\"\n[mqtt]\nshare_group = \"g\"\n", "k.toml").err(),
               "k.toml", "mqtt.share_group");
}

TEST(kiosk_config, wrong_type_is_an_error) {
  test::expect_config_error(parse_kiosk_config("[kiosk]\nid = 1\noffice = \"o\"\n", "k.toml").err(), "k.toml", "kiosk.id");
  test::expect_config_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"o\"\n[simulate]\nrate = \"fast\"\n", "k.toml").err(),
               "k.toml", "simulate.rate");
}

TEST(kiosk_config, out_of_range_or_malformed_values_are_errors) {
  const std::string k = "[kiosk]\nid = \"k\"\noffice = \"o\"\n";
  test::expect_config_error(parse_kiosk_config("[kiosk]\nid = \"K-01\"\noffice = \"o\"\n", "k.toml").err(), "k.toml", "kiosk.id");
  test::expect_config_error(parse_kiosk_config("[kiosk]\nid = \"k\"\noffice = \"a/b\"\n", "k.toml").err(), "k.toml",
               "kiosk.office");
  test::expect_config_error(parse_kiosk_config(k + "[delivery]\nwindow = 0\n", "k.toml").err(), "k.toml", "delivery.window");
  test::expect_config_error(parse_kiosk_config(k + "[simulate]\nrate = 0.0\n", "k.toml").err(), "k.toml", "simulate.rate");
  test::expect_config_error(parse_kiosk_config(k + "[simulate]\nrate = -2\n", "k.toml").err(), "k.toml", "simulate.rate");
  test::expect_config_error(parse_kiosk_config(k + "[simulate]\nrate = nan\n", "k.toml").err(), "k.toml", "simulate.rate");
  test::expect_config_error(parse_kiosk_config(k + "[simulate]\nrate = 1.0\ncount = 0\n", "k.toml").err(), "k.toml",
               "simulate.count");
  test::expect_config_error(parse_kiosk_config(k + "[simulate]\nseed = -1\n", "k.toml").err(), "k.toml", "simulate.seed");
  test::expect_config_error(parse_kiosk_config(k + "[ui]\nlisten = \"localhost:70000\"\n", "k.toml").err(), "k.toml", "ui.listen");
}

TEST(kiosk_config, missing_required_key_is_an_error) {
  test::config_dir dir;
  const std::string path = dir.write("kiosk.toml", "[kiosk]\nid = \"k-01\"\n[mqtt]\nurl = \"tcp://h:1\"\n");
  const auto r = load_kiosk_config(path);
  ASSERT_FALSE(r.ok());
  test::expect_config_error(r.err(), path, "kiosk.office");
  test::expect_config_error(parse_kiosk_config("", "k.toml").err(), "k.toml", "kiosk.id");
}

TEST(kiosk_config, unreadable_file) {
  test::config_dir dir;
  const auto d = load_kiosk_config(dir.path().string());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.err().message.rfind(dir.path().string() + ": cannot read: ", 0), 0U) << d.err().message;
}

constexpr const char* kiosk_head = "[kiosk]\nid = \"k-01\"\noffice = \"binjai-dukcapil\"\n";


TEST(kiosk_config, camera_table_is_optional_with_defaults) {
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

TEST(kiosk_config, camera_table_errors_name_the_key) {
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
    test::expect_config_error(c.err(), "kiosk.toml", key);
  }
}

TEST(kiosk_config, mqtt_tls_is_read_and_checked) {
  const std::string head = std::string(kiosk_head) + "[mqtt]\nurl = \"mqtts://hub.example.id:8883\"\n[mqtt.tls]\n";
  const auto r = parse_kiosk_config(
      head + "ca_file = \"/etc/pantau/tls/ca.pem\"\ncert_file = \"/etc/pantau/tls/k-01.crt\"\n"
             "key_file = \"/etc/pantau/tls/k-01.key\"\n",
      "kiosk.toml");
  ASSERT_TRUE(r.ok()) << r.err().message;
  EXPECT_EQ(r->mqtt.tls.ca_file, "/etc/pantau/tls/ca.pem");
  EXPECT_EQ(r->mqtt.tls.cert_file, "/etc/pantau/tls/k-01.crt");
  EXPECT_EQ(r->mqtt.tls.key_file, "/etc/pantau/tls/k-01.key");
  test::expect_config_error(parse_kiosk_config(head + "cert_file = \"/etc/pantau/tls/k-01.crt\"\n", "kiosk.toml").err(),
                            "kiosk.toml", "mqtt.tls.key_file");

  test::config_dir dir;
  const std::string path = dir.write("kiosk.toml", head + "ca_file = \"" + (dir.path() / "none.pem").string() + "\"\n");
  const auto missing = load_kiosk_config(path);
  ASSERT_FALSE(missing.ok());
  test::expect_config_error(missing.err(), path, "mqtt.tls.ca_file");
}

}  // namespace
}  // namespace pantau
