#pragma once
// The [mqtt] table both programs share (DESIGN §9): where the broker is and how to reach it.
// Thread-safety: plain values.
#include <string>
#include <string_view>

namespace pantau {

// [mqtt.tls]: files for a TLS connection (absolute paths; empty: not set). The URL's scheme decides
// whether TLS is used; these say whom to trust and who we are.
struct mqtt_tls_config {
  std::string ca_file;    // PEM CA certificates the broker's certificate must chain to; empty: the system's
  std::string cert_file;  // PEM client certificate, for a broker that requires one (with key_file)
  std::string key_file;   // PEM private key of cert_file
  bool empty() const { return ca_file.empty() && cert_file.empty() && key_file.empty(); }
};

struct mqtt_config {
  std::string url = "tcp://127.0.0.1:1883";
  std::string client_id;      // empty: derived from the program and its identity
  std::string username;       // empty: anonymous
  std::string password;
  std::string share_group;    // hub only: non-empty subscribes as $share/<group>/...
  int keepalive_s = 20;
  mqtt_tls_config tls;
};

// ssl://, mqtts:// and wss:// connect with TLS.
bool is_tls_url(std::string_view url);

}  // namespace pantau
