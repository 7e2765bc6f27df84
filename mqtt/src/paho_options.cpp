#include "pantau/mqtt/paho_options.hpp"

#include <algorithm>

namespace pantau::paho {

client_options make_client_options(const mqtt_config& cfg, const connection_params& params) {
  auto b = ::mqtt::connect_options_builder()
               .mqtt_version(MQTTVERSION_5)
               .clean_start(true)
               .automatic_reconnect(false)
               .keep_alive_interval(std::chrono::seconds(std::max(1, cfg.keepalive_s)))
               .connect_timeout(params.connect_timeout)
               .max_inflight(params.max_inflight);
  if (params.will) b.will(*params.will);
  if (!cfg.username.empty()) b.user_name(cfg.username).password(cfg.password);
  if (is_tls_url(cfg.url)) {
    // The host name is checked too: a certificate the same CA issued to someone else (a kiosk's
    // client certificate, say) must not pass for the broker's.
    auto ssl = ::mqtt::ssl_options_builder().enable_server_cert_auth(true).verify(true);
    if (!cfg.tls.ca_file.empty()) ssl.trust_store(cfg.tls.ca_file);
    if (!cfg.tls.cert_file.empty()) ssl.key_store(cfg.tls.cert_file).private_key(cfg.tls.key_file);
    b.ssl(ssl.finalize());
  }
  return {::mqtt::create_options(MQTTVERSION_5, params.max_buffered), b.finalize()};
}

std::string tls_hint(const mqtt_config& cfg) {
  if (!is_tls_url(cfg.url)) return {};
  std::string hint = "TLS: the broker's certificate must name its host and be signed by ";
  hint += cfg.tls.ca_file.empty() ? "a CA the system trusts (or set mqtt.tls.ca_file)" : "mqtt.tls.ca_file " + cfg.tls.ca_file;
  hint += cfg.tls.cert_file.empty() ? "; a broker that requires client certificates needs mqtt.tls.cert_file and key_file"
                                    : "; the broker must accept mqtt.tls.cert_file " + cfg.tls.cert_file;
  return hint;
}

}  // namespace pantau::paho
