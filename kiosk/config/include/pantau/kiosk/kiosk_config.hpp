#pragma once
// kiosk.toml (DESIGN §9): what pantau-kiosk reads at start. Errors name the file, the key and what was
// expected; unknown keys are errors. Thread-safety: plain values.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/mqtt_config.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau {

// The optional [gpio] table: the "next citizen" push button on a GPIO line.
struct gpio_config {
  std::string chip = "gpiochip0";  // name, path (/dev/gpiochip0), label or number
  int line = 17;                   // line offset on that chip
  bool active_low = true;          // pressed pulls the line to ground (the pull-up is enabled)
  int debounce_ms = 200;           // presses this close to the previous one are contact bounce
};

// The optional [camera] table: badge scans from a camera or an image folder.
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
  int ui_greeting_ms = 8000;           // a badge's greeting stays on the citizens' side this long
  int ui_notice_ms = 8000;             // a refused badge's notice stays this long
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
  // [signing] (DESIGN §10): this install's secret key file (a systemd credential under systemd) and
  // the hub's public key, base64, both from provisioning. load_kiosk_config requires both and reads
  // the key; parse_kiosk_config only checks their form.
  std::string signing_key_file;
  std::string hub_public_key_text;
  std::shared_ptr<const signing::secret_key> signing_key;  // set by load_kiosk_config
  std::optional<signing::public_key> hub_public_key;
};

result<kiosk_config> parse_kiosk_config(std::string_view toml_text, std::string_view source_name);
// parse_kiosk_config, then [signing]: required, and the key file read (credential_path).
result<kiosk_config> load_kiosk_config(const std::string& path);

}  // namespace pantau
