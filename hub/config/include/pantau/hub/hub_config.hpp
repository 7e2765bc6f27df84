#pragma once
// hub.toml (DESIGN §9): what pantau-hub reads at start. Errors name the file, the key and what was
// expected; unknown keys are errors. Thread-safety: plain values.
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/alert_settings.hpp"
#include "pantau/hub/core/login_throttle.hpp"
#include "pantau/hub/indicators/leave.hpp"
#include "pantau/shared/mqtt_config.hpp"
#include "pantau/shared/result.hpp"

namespace pantau {

struct hub_config {
  std::string source;  // file the values came from, for messages
  mqtt_config mqtt;
  std::string http_listen = "127.0.0.1:8080";
  // The dashboard's files ([http] web_root, an absolute directory); empty: the build's own hub/web.
  std::string http_web_root;
  // [http] secure_cookie: the session cookie gets "Secure" (behind an HTTPS proxy; plain http must not).
  bool http_secure_cookie = false;
  // [http] trusted_proxies: addresses or CIDR networks whose X-Forwarded-For is believed (checked by
  // pantau::http::trusted_proxies::parse); empty: every peer is the client itself.
  std::vector<std::string> http_trusted_proxies;
  // [http] allowed_origins: other sites whose pages may open /api/v1/live, normalised
  // ("https://host[:port]").
  std::vector<std::string> http_allowed_origins;
  // [http] max_connections: open HTTP and WebSocket connections at most; more are answered 503.
  int http_max_connections = 512;
  std::string store_path = "/var/lib/pantau-hub/pantau.db";
  // [signing] key_file: the hub's secret key (seals acks and configs); empty: the default, which is
  // $CREDENTIALS_DIRECTORY/hub.key under systemd, else /etc/pantau/hub.key (default_hub_key_file).
  std::string signing_key_file;
  // [ingest] max_seq_ahead: authenticated seqs further than this past a kiosk's cursor are rejected.
  int max_seq_ahead = 100'000;
  // [ingest] gap_wait_s: how long later seqs wait for a missing one before it is recorded as a gap.
  int gap_wait_s = 600;
  int batch_max = 2000;        // events per store transaction at most
  int batch_wait_ms = 5;       // how long a partial batch may wait for company
  // Day aggregates kept in the ingest transaction ([ingest] aggregates). Off only to measure what they
  // cost, or for a bulk load followed by a rebuild: /api/v1/kpi answers from them.
  bool ingest_aggregates = true;
  // What the kiosks' screens use ([kiosks] language, rating_mode), sent on their retained config.
  std::string kiosk_language = "id";       // id | en
  std::string kiosk_rating_mode = "quick";  // quick | skm
  hub::alert_settings alerts;
  // [attendance] leave_counts_present: the leave kinds whose days count as present (the others are
  // excused); checked against the kinds of hub/indicators/leave.hpp.
  hub::indicators::leave_policy leave_policy;
  // [login]: how password guessing is slowed (hub/core/login_throttle.hpp).
  hub::login_throttle_options login;
  std::string log_level = "info";
};

result<hub_config> parse_hub_config(std::string_view toml_text, std::string_view source_name);
result<hub_config> load_hub_config(const std::string& path);
// Where the hub's secret key is when hub.toml does not say.
std::string default_hub_key_file();

}  // namespace pantau
