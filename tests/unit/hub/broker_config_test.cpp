// The fleet's mosquitto configuration and ACL as text: TLS with client certificates only, explicit
// limits, and one user block per registered kiosk with exactly its own four topics.
#include <gtest/gtest.h>

#include "pantau/hub/core/broker_config.hpp"

namespace pantau::hub {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

broker_config_options options() {
  broker_config_options o;
  o.port = 18883;
  o.bind = "127.0.0.1";
  o.ca_file = "/etc/pantau/broker/ca.crt";
  o.cert_file = "/etc/pantau/broker/broker.crt";
  o.key_file = "/etc/pantau/broker/broker.key";
  o.acl_file = "/etc/pantau/broker/pantau.acl";
  return o;
}

TEST(broker_config_test, tls_with_client_certificates_only_and_explicit_limits) {
  const auto f = render_broker_config(options(), {});
  for (const std::string line :
       {"allow_anonymous false", "per_listener_settings false", "listener 18883 127.0.0.1",
        "cafile /etc/pantau/broker/ca.crt", "certfile /etc/pantau/broker/broker.crt",
        "keyfile /etc/pantau/broker/broker.key", "require_certificate true", "use_identity_as_username true",
        "use_username_as_clientid true",
        "acl_file /etc/pantau/broker/pantau.acl", "message_size_limit 65536", "max_queued_messages 100000",
        "max_inflight_messages 100", "persistence false"})
    EXPECT_TRUE(has_line(f.conf, line)) << line << "\n" << f.conf;
  EXPECT_EQ(f.conf.find("\nuser "), std::string::npos);
  auto o = options();
  o.persistence_location = "/var/lib/mosquitto/";
  o.run_as_user = "mosquitto";
  o.message_size_limit = 8192;
  const auto g = render_broker_config(o, {});
  EXPECT_TRUE(has_line(g.conf, "persistence true"));
  EXPECT_TRUE(has_line(g.conf, "persistence_location /var/lib/mosquitto/"));
  EXPECT_TRUE(has_line(g.conf, "user mosquitto"));
  EXPECT_TRUE(has_line(g.conf, "message_size_limit 8192"));
}

TEST(broker_config_test, each_kiosk_gets_its_own_four_topics_and_only_the_hub_the_fleet_wide_ones) {
  std::vector<kiosk_info> kiosks(3);
  kiosks[0].office = "binjai-dukcapil";
  kiosks[0].kiosk = "k-02";
  kiosks[1].office = "binjai-dukcapil";
  kiosks[1].kiosk = "k-01";
  kiosks[2] = kiosks[1];  // listed twice: written once
  const auto f = render_broker_config(options(), kiosks);
  const std::string expected =
      "user pantau-hub\n"
      "topic read pantau/v1/+/+/events\n"
      "topic read pantau/v1/+/+/status\n"
      "topic write pantau/v1/+/+/ack\n"
      "topic write pantau/v1/+/+/config\n"
      "\n"
      "user binjai-dukcapil.k-01\n"
      "topic write pantau/v1/binjai-dukcapil/k-01/events\n"
      "topic write pantau/v1/binjai-dukcapil/k-01/status\n"
      "topic read pantau/v1/binjai-dukcapil/k-01/ack\n"
      "topic read pantau/v1/binjai-dukcapil/k-01/config\n"
      "\n"
      "user binjai-dukcapil.k-02\n"
      "topic write pantau/v1/binjai-dukcapil/k-02/events\n"
      "topic write pantau/v1/binjai-dukcapil/k-02/status\n"
      "topic read pantau/v1/binjai-dukcapil/k-02/ack\n"
      "topic read pantau/v1/binjai-dukcapil/k-02/config\n";
  ASSERT_NE(f.acl.find(expected), std::string::npos) << f.acl;
  EXPECT_EQ(f.acl.substr(f.acl.find(expected)), expected) << "nothing after the kiosks' blocks";
  EXPECT_EQ(f.acl.find("pattern"), std::string::npos);
  EXPECT_EQ(f.acl.find("#\n"), std::string::npos) << "no multi-level wildcard anywhere";
  EXPECT_EQ(kiosk_identity("binjai-dukcapil", "k-01"), "binjai-dukcapil.k-01");

  auto o = options();
  o.hub_identity = "hub-2";
  EXPECT_NE(render_broker_config(o, {}).acl.find("user hub-2\ntopic read"), std::string::npos);
}

}  // namespace
}  // namespace pantau::hub
