#pragma once
// The broker as a second wall (DESIGN §10): the text of a mosquitto 2.0 configuration and ACL file for
// the fleet. Clients connect over TLS with a certificate of the fleet CA only; the certificate's CN is
// the MQTT user name (use_identity_as_username), "<office>.<kiosk>" for a kiosk (a dot is in no
// office or kiosk name, so no kiosk identity can equal another one or the hub's). The ACL names each
// registered kiosk in a user block of its own rather than with `pattern` lines: a pattern cannot
// split one user name into the two topic levels, and explicit blocks leave nothing to substitution.
// A kiosk writes only its own events and status and reads only its own ack and config; only the hub
// identity reads events and status and writes ack and config. A kiosk added later needs the files
// written again (and mosquitto reloaded: SIGHUP re-reads the ACL).
// Thread-safety: pure functions.
#include <cstdint>
#include <string>
#include <vector>

#include "pantau/hub/core/kiosk.hpp"

namespace pantau::hub {

struct broker_config_options {
  std::string bind = "0.0.0.0";    // the listener's address
  std::uint16_t port = 8883;
  std::string ca_file;             // absolute paths as the broker reads them
  std::string cert_file;
  std::string key_file;
  std::string acl_file;            // where the ACL text is installed
  std::string hub_identity = "pantau-hub";  // the CN of the hub's client certificate
  // Above every payload of the contract: events are 4 KiB at most, but a kiosk's retained config
  // carries its office's roster, which for a large office runs to tens of KiB.
  std::uint32_t message_size_limit = 65536;
  // Per client: a hub that is away finds its session's messages waiting. The kiosks' outboxes are the
  // real buffer, so a cap only costs resends, never data; it is explicit because mosquitto's default
  // of 1000 drops silently.
  std::uint32_t max_queued_messages = 100000;
  std::uint32_t max_inflight_messages = 100;
  std::string persistence_location;  // empty: no persistence (the outboxes are the buffer)
  std::string run_as_user;           // mosquitto's `user`; empty: mosquitto's default
};

// The CN, and so the MQTT user name, of a kiosk's client certificate.
std::string kiosk_identity(const std::string& office, const std::string& kiosk);

struct broker_files {
  std::string conf;  // mosquitto.conf
  std::string acl;   // the file named by options.acl_file
};

broker_files render_broker_config(const broker_config_options& options, const std::vector<kiosk_info>& kiosks);

}  // namespace pantau::hub
