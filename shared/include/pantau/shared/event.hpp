#pragma once
// The event model of the wire contract (DESIGN §4). Plain values; thread-safety: none needed.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "pantau/shared/respondent.hpp"

namespace pantau {

enum class event_type { attendance, counter, service, rating, profile };
enum class clock_state { synced, unsynced };

struct attendance_data {
  enum class action_t { in, out };
  enum class method_t { badge, pin };
  enum class face_t { present, absent, unchecked };
  std::string employee;  // NIP, 18 digits
  action_t action = action_t::in;
  method_t method = method_t::badge;
  face_t face = face_t::unchecked;
  std::optional<std::string> photo;  // "sha256:<64 hex>"
  bool operator==(const attendance_data&) const = default;
};

struct counter_data {
  enum class action_t { open, break_, resume, close };
  std::string counter;
  std::string employee;
  action_t action = action_t::open;
  bool operator==(const counter_data&) const = default;
};

struct service_data {
  enum class action_t { start, end };
  std::string counter;
  std::string employee;
  std::string ticket;
  action_t action = action_t::start;
  bool operator==(const service_data&) const = default;
};

struct rating_data {
  static constexpr std::size_t element_count = 9;  // U1..U9 of PermenPANRB 14/2017
  std::string counter;
  std::optional<std::string> employee;
  std::optional<int> overall;  // 1..4
  std::optional<std::array<std::optional<int>, element_count>> elements;
  bool misuse = false;
  bool operator==(const rating_data&) const = default;
};

// The optional respondent profile given after a rating (docs/survey.md): a separate event, so the
// rating is committed and sent first and never waits for it. Codes come from respondent.hpp; null is
// "not answered". No names, no free text.
struct profile_data {
  std::string rating;  // id of the rating event it belongs to
  std::string counter;
  std::optional<std::string> gender;
  std::optional<std::string> age;
  std::optional<std::string> education;
  std::optional<std::string> occupation;
  std::optional<std::string> service;  // a service code of the counter's unit
  bool operator==(const profile_data&) const = default;

  // The answer of one field (nullopt: not answered).
  const std::optional<std::string>& value(profile_field f) const;
  std::optional<std::string>& value(profile_field f);
};

using event_data = std::variant<attendance_data, counter_data, service_data, rating_data, profile_data>;

// What an install's first event names as its previous one.
inline constexpr std::string_view chain_start = "0000000000000000000000000000000000000000000000000000000000000000";

struct event {
  static constexpr int version = 1;
  std::string id;      // UUID, lowercase canonical form
  std::string kiosk;
  std::string office;
  std::int64_t seq = 0;  // from the kiosk outbox, >= 1
  // sha256 (hex) of the same kiosk install's previous event payload as sent; 64 zeros for its first.
  std::string prev;
  std::string boot;      // boot id of the kiosk
  std::int64_t mono_ms = 0;
  std::int64_t ts_ms = 0;  // UTC milliseconds since the epoch (wire: ISO-8601 with 'Z')
  clock_state clock = clock_state::synced;
  event_data data;

  event_type type() const { return static_cast<event_type>(data.index()); }
  bool operator==(const event&) const = default;
};

const char* to_string(event_type t);
std::optional<event_type> parse_event_type(std::string_view s);

}  // namespace pantau
