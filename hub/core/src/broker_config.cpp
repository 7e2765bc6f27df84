#include "pantau/hub/core/broker_config.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "pantau/shared/topics.hpp"

namespace pantau::hub {

std::string kiosk_identity(const std::string& office, const std::string& kiosk) { return office + "." + kiosk; }

broker_files render_broker_config(const broker_config_options& o, const std::vector<kiosk_info>& kiosks) {
  broker_files f;
  std::string& c = f.conf;
  c += "# Pantau: broker mosquitto untuk armada kios, ditulis oleh `pantau-hub broker-config`.\n"
       "# Pantau: the fleet's mosquitto broker, written by `pantau-hub broker-config`.\n"
       "per_listener_settings false\n"
       "allow_anonymous false\n";
  if (!o.run_as_user.empty()) c += "user " + o.run_as_user + "\n";
  if (o.persistence_location.empty()) {
    c += "persistence false\n";
  } else {
    c += "persistence true\npersistence_location " + o.persistence_location + "\n";
  }
  c += "message_size_limit " + std::to_string(o.message_size_limit) + "\n";
  c += "max_queued_messages " + std::to_string(o.max_queued_messages) + "\n";
  c += "max_inflight_messages " + std::to_string(o.max_inflight_messages) + "\n";
  c += "acl_file " + o.acl_file + "\n";
  c += "log_dest stdout\n";
  c += "\nlistener " + std::to_string(o.port) + " " + o.bind + "\n";
  c += "cafile " + o.ca_file + "\ncertfile " + o.cert_file + "\nkeyfile " + o.key_file + "\n";
  c += "tls_version tlsv1.2\n"
       "require_certificate true\n"
       "use_identity_as_username true\n"
       // The client id becomes the certificate's identity: nobody can take another kiosk's id and
       // so disconnect it.
       "use_username_as_clientid true\n";

  std::string& a = f.acl;
  a += "# Pantau: siapa boleh menulis/membaca topik apa / who may write or read which topic.\n"
       "# Ditulis oleh / written by `pantau-hub broker-config`; tulis ulang setelah menambah kios.\n\n";
  a += "user " + o.hub_identity + "\n";
  for (const auto kind : {topics::kind::events, topics::kind::status})
    a += "topic read " + topics::filter(kind) + "\n";
  for (const auto kind : {topics::kind::ack, topics::kind::config})
    a += "topic write " + topics::filter(kind) + "\n";
  // Sorted and once each, so the same registry always gives the same file.
  std::set<std::pair<std::string, std::string>> unique;
  for (const auto& k : kiosks) unique.emplace(k.office, k.kiosk);
  for (const auto& [office, kiosk] : unique) {
    a += "\nuser " + kiosk_identity(office, kiosk) + "\n";
    a += "topic write " + topics::make(office, kiosk, topics::kind::events) + "\n";
    a += "topic write " + topics::make(office, kiosk, topics::kind::status) + "\n";
    a += "topic read " + topics::make(office, kiosk, topics::kind::ack) + "\n";
    a += "topic read " + topics::make(office, kiosk, topics::kind::config) + "\n";
  }
  return f;
}

}  // namespace pantau::hub
