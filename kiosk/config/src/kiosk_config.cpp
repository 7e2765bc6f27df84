#include "pantau/kiosk/kiosk_config.hpp"

#include <cmath>
#include <vector>

#include "pantau/shared/config.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/topics.hpp"
#include "pantau/shared/toml_schema.hpp"

namespace pantau {

// The schema vocabulary, read as the table definitions below are.
using namespace toml_schema;

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
           {"greeting_ms", "an integer 1000..3600000", int_into(c.ui_greeting_ms, 1000, 3'600'000)},
           {"notice_ms", "an integer 1000..3600000", int_into(c.ui_notice_ms, 1000, 3'600'000)},
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
      {"signing",
       {
           {"key_file", "a non-empty path of this kiosk's secret key (from provisioning)",
            string_into(c.signing_key_file, non_empty)},
           {"hub_public_key", "the hub's public key: base64 of 32 bytes (from provisioning)",
            string_into(c.hub_public_key_text, [](std::string_view v) { return signing::parse_public_key(v).ok(); })},
       }},
      log_table(c.log_level),
  };
  if (auto e = apply_schema(*doc, schema, source_name)) return *e;
  if (auto e = check_mqtt(c.mqtt, source_name)) return *e;
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
  if (!c.hub_public_key_text.empty()) c.hub_public_key = *signing::parse_public_key(c.hub_public_key_text);
  return c;
}

result<kiosk_config> load_kiosk_config(const std::string& path) {
  auto c = load_file(path, parse_kiosk_config);
  if (!c) return c;
  // Provisioning names the MQTT client key by its credential's path (/run/credentials/...); a kiosk
  // started outside systemd with $CREDENTIALS_DIRECTORY finds it there as it finds its signing key.
  if (!c->mqtt.tls.key_file.empty()) c->mqtt.tls.key_file = credential_path(c->mqtt.tls.key_file);
  if (auto e = check_mqtt_files(c->mqtt, path)) return *e;
  // Without its key nothing this kiosk sends is accepted, and without the hub's it could not tell a
  // real ack from a forged one: neither is optional for a kiosk that runs.
  if (c->signing_key_file.empty())
    return config_error(path, "signing.key_file", "a non-empty path of this kiosk's secret key (required)");
  if (!c->hub_public_key)
    return config_error(path, "signing.hub_public_key", "the hub's public key: base64 of 32 bytes (required)");
  auto key = signing::load_secret_key(credential_path(c->signing_key_file));
  if (!key) return error{errc::config, path + ": key \"signing.key_file\": " + key.err().message};
  c->signing_key = std::make_shared<const signing::secret_key>(*key);
  return c;
}

}  // namespace pantau
