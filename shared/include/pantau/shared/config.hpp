#pragma once
// Hub and kiosk configuration (DESIGN §9) loaded from TOML. Errors name the file, the key and what was
// expected; unknown keys are errors. Thread-safety: plain values.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/result.hpp"

namespace pantau {

struct mqtt_config {
  std::string url = "tcp://127.0.0.1:1883";
  std::string client_id;      // empty: derived from the program and its identity
  std::string username;       // empty: anonymous
  std::string password;
  std::string share_group;    // hub only: non-empty subscribes as $share/<group>/...
  int keepalive_s = 20;
};

// The [alerts] table of hub.toml: when the live alerts fire (DESIGN §5). The defaults are the design's;
// an office that finds them too eager or too late tunes them here. Unit attendance targets are per unit
// (admin API), not here.
struct alert_settings {
  int rating_window_minutes = 15;   // low satisfaction: ratings of a counter within this window,
  int min_responses = 4;            //   at least this many,
  int low_score_max = 2;            //   scores at or below this are low,
  int low_share_pct = 50;           //   and at least this share of them low
  bool include_misuse = false;      //   count ratings flagged misuse too
  int offline_after_minutes = 5;    // kiosk silent this long within working hours
  int backlog_increases = 3;        // outbox growing this many status reports in a row,
  int backlog_min = 10;             //   ending at or above this many events
  std::string attendance_check = "08:00";  // unit attendance below target from this local time on
};

struct hub_config {
  std::string source;  // file the values came from, for messages
  mqtt_config mqtt;
  std::string http_listen = "127.0.0.1:8080";
  // The dashboard's files ([http] web_root, an absolute directory); empty: the build's own hub/web.
  std::string http_web_root;
  // [http] secure_cookie: the session cookie gets "Secure" (behind an HTTPS proxy; plain http must not).
  bool http_secure_cookie = false;
  std::string store_path = "/var/lib/pantau-hub/pantau.db";
  bool auto_register = true;
  int batch_max = 2000;        // events per store transaction at most
  int batch_wait_ms = 5;       // how long a partial batch may wait for company
  // Day aggregates kept in the ingest transaction ([ingest] aggregates). Off only to measure what they
  // cost, or for a bulk load followed by a rebuild: /api/v1/kpi answers from them.
  bool ingest_aggregates = true;
  // What the kiosks' screens use ([kiosks] language, rating_mode), sent on their retained config.
  std::string kiosk_language = "id";       // id | en
  std::string kiosk_rating_mode = "quick";  // quick | skm
  alert_settings alerts;
  std::string log_level = "info";
};

// The optional [gpio] table of kiosk.toml: the "next citizen" push button on a GPIO line.
struct gpio_config {
  std::string chip = "gpiochip0";  // name, path (/dev/gpiochip0), label or number
  int line = 17;                   // line offset on that chip
  bool active_low = true;          // pressed pulls the line to ground (the pull-up is enabled)
  int debounce_ms = 200;           // presses this close to the previous one are contact bounce
};

// The optional [camera] table of kiosk.toml: badge scans from a camera or an image folder.
struct camera_config {
  std::string source;        // "/dev/video0" (V4L2) or a folder of .jpg/.png images
  std::string keyring;       // file of badge keys (load_badge_keyring)
  std::string evidence_dir = "/var/lib/pantau-kiosk/evidence";
  int retention_days = 30;
  std::string zone = "WIB";  // WIB (UTC+7), WITA (UTC+8), WIT (UTC+9)
  bool loop = false;         // replay an image folder forever (demos)
};

struct kiosk_config {
  std::string source;
  std::string kiosk_id;
  std::string office;
  mqtt_config mqtt;
  std::string store_path = "/var/lib/pantau-kiosk/outbox.db";
  std::string ui_listen = "127.0.0.1:8090";
  std::string ui_counter = "loket-1";  // the counter this kiosk stands at (counter/service/rating events)
  std::string ui_web_dir;              // the touch UI's files; empty: the folder the program was built with
  int ui_lock_ms = 3000;               // after a rating, taps this soon are stored flagged misuse
  // "quick": one overall question; "skm": also the 9 SKM elements. Empty (not set): the hub's config
  // decides ([kiosks] rating_mode), quick until it has spoken.
  std::string ui_survey;
  int window = 1000;             // events published but not yet acked by the hub, at most
  int resend_after_ms = 5000;    // unacked this long: send again from the oldest, in seq order
  int status_interval_s = 5;
  std::optional<double> simulate_rate;     // events per second; absent: no generator
  std::optional<std::int64_t> simulate_count;  // stop generating once this many exist in total
  std::uint64_t simulate_seed = 0;         // 0: random
  std::optional<camera_config> camera;     // absent: no camera
  std::optional<gpio_config> gpio;         // absent: no push button
  std::string log_level = "info";
};

result<hub_config> parse_hub_config(std::string_view toml_text, std::string_view source_name);
result<kiosk_config> parse_kiosk_config(std::string_view toml_text, std::string_view source_name);
result<hub_config> load_hub_config(const std::string& path);
result<kiosk_config> load_kiosk_config(const std::string& path);

// "host:port" -> parts; IPv6 as "[::1]:8080".
struct host_port {
  std::string host;
  std::uint16_t port = 0;
};
result<host_port> parse_host_port(std::string_view s);

}  // namespace pantau
