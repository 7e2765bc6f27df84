#pragma once
// The one closed set of error codes of hub and kiosk (DESIGN §8). A code's label is what goes on the
// wire (an ack's rejection reasons), into JSON bodies ("code") and into metrics labels: a released
// label never changes. Thread-safety: pure functions over constant data.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

namespace pantau {

enum class errc : std::uint8_t {
  // Payloads of the wire contract, JSON bodies and text from outside.
  invalid_json,
  too_large,
  invalid_utf8,
  unsupported_version,
  unknown_type,
  missing_field,
  unknown_field,
  invalid_field,
  topic_mismatch,
  unregistered_kiosk,
  wrong_kiosk,
  seq_out_of_window,
  // Signatures (DESIGN §10).
  not_sealed,
  bad_signature,
  invalid_key,
  // Values the shared parsers check.
  invalid_date,
  invalid_time,
  invalid_zone,
  invalid_address,
  invalid_nip,
  invalid_key_id,
  invalid_expiry,
  short_key,
  // Start-up: configuration files, environment, folders; servers that cannot listen.
  config,
  http_error,
  ui_error,
  // Storage (hub store, kiosk outbox and settings).
  store_error,
  unsupported,
  // The hub's HTTP API and commands.
  bad_request,
  not_found,
  forbidden,
  http,
  internal,
  bad_user,
  bad_password,
  hash_failed,
  bad_badge,
  export_failed,
  // The hub's organisation and indicators.
  invalid_org,
  invalid_policy,
  invalid_period,
  invalid_weights,
  invalid_schedule,
  insufficient_data,
  // A respondent profile (the survey): a value outside its closed list, or a service its unit does not offer.
  invalid_profile,
  unknown_service,
  invalid_marks,
  invalid_histogram,
  // The kiosk's screen.
  invalid_input,
  no_question,
  no_employee,
  counter_not_open,
  invalid_transition,
  not_committed,
  old_day,
  bad_state,
  // The kiosk's devices: button, camera, photo evidence.
  gpio_error,
  read_failed,
  end_of_stream,
  image_io,
  image_decode,
  evidence_io,
  evidence_empty,
  evidence_encode,  // keep last: errc_count counts up to here
};

inline constexpr std::size_t errc_count = static_cast<std::size_t>(errc::evidence_encode) + 1;

// The stable snake_case label, e.g. "invalid_field".
std::string_view to_string(errc code);
// A default message for people, "Bahasa Indonesia / English", for errors that carry no message of their own.
std::string_view describe(errc code);
// The code of a label; nullopt for a label this program does not know (a newer peer's).
std::optional<errc> parse_errc(std::string_view label);
// Writes the label (test failure output).
std::ostream& operator<<(std::ostream& os, errc code);

}  // namespace pantau
