#pragma once
// The one place that turns an [mqtt] table into Paho's options, for the hub's link and the kiosk's
// publisher alike: MQTT v5 (Paho needs it in the create options and again in the connect options),
// clean start, no automatic reconnect (both programs reconnect themselves), credentials, and TLS for
// ssl://, mqtts:// and wss:// URLs. Paho stays behind the adapters; only they include this.
// Thread-safety: plain functions.
#include <mqtt/async_client.h>

#include <chrono>
#include <optional>
#include <string>

#include "pantau/shared/mqtt_config.hpp"

namespace pantau::paho {

// What differs between the programs' connections.
struct connection_params {
  int max_buffered = 100;  // requests Paho queues before the broker has taken them
  int max_inflight = 65'535;
  std::chrono::seconds connect_timeout{10};
  std::optional<::mqtt::will_options> will;
};

struct client_options {
  ::mqtt::create_options create;
  ::mqtt::connect_options connect;
};

client_options make_client_options(const mqtt_config& cfg, const connection_params& params);

// Paho says little more than "failure" when TLS fails; for a TLS URL this names what to check.
// Empty for plain TCP.
std::string tls_hint(const mqtt_config& cfg);

}  // namespace pantau::paho
