#pragma once
// Employee badges: the text of the QR code an employee shows to the kiosk camera.
//
//   PANTAU1.<NIP>.<key id>.<expiry>.<mac>
//
//   NIP     18 digits: birth date YYYYMMDD, appointment YYYYMM, sex 1|2, sequence NNN
//   key id  [A-Za-z0-9_-]{1,32}; names the signing key, so keys can be rotated without reissuing all
//   expiry  YYYYMMDD; the badge is valid through the end of that day in the site's fixed zone
//   mac     HMAC-SHA256 under the key of "PANTAU1.<NIP>.<key id>.<expiry>", base64url without
//           padding (43 characters)
//
// Example: PANTAU1.198503152010011001.k2026a.20271231.<43 characters>
//
// Checks run in this order and stop at the first failure, so the reason shown is the most useful one:
// malformed -> bad_nip -> unknown_key -> bad_signature -> expired. Expiry is judged only on authentic
// badges, so a forged date is reported as forged, not as expired.
// The hub signs badges (pantau-hub badge), the kiosks verify them offline: one format for both.
// Thread-safety: badge_verifier is immutable after construction and safe to share.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/badge_keyring.hpp"
#include "pantau/shared/result.hpp"

namespace pantau {

inline constexpr std::string_view badge_prefix = "PANTAU1";

struct badge {
  std::string nip;
  std::string key_id;
  std::string expiry;  // YYYYMMDD
  bool operator==(const badge&) const = default;
};

enum class badge_rejection { malformed, bad_nip, unknown_key, bad_signature, expired };

// Stable code for logs and metrics labels, e.g. "bad_signature".
const char* to_string(badge_rejection r);

// What the kiosk screen says: Bahasa Indonesia first, English second.
struct screen_message {
  std::string_view id;
  std::string_view en;
};
screen_message message_for(badge_rejection r);

bool is_valid_badge_nip(std::string_view nip);  // 18 digits with a plausible NIP structure

// The badge text for these fields, or an error naming the field that is wrong.
result<std::string> sign_badge(std::string_view nip, std::string_view key_id, std::string_view expiry,
                               std::string_view key);

struct badge_check {
  std::optional<badge_rejection> rejection;  // empty when the badge is accepted
  badge fields;  // as read from the text; complete when accepted, partial or empty otherwise
  bool ok() const { return !rejection.has_value(); }
};

class badge_verifier {
 public:
  // `utc_offset_minutes` is the site's fixed zone (WIB +420, WITA +480, WIT +540); it decides when a
  // badge's last day ends. Throws std::invalid_argument for a bad key id or a short key (start-up).
  badge_verifier(badge_keyring keys, int utc_offset_minutes);

  badge_check verify(std::string_view text, std::int64_t utc_ms) const;

 private:
  badge_keyring keys_;
  int utc_offset_minutes_;
};

}  // namespace pantau
