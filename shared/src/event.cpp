#include "pantau/shared/event.hpp"

namespace pantau {

const char* to_string(event_type t) {
  switch (t) {
    case event_type::attendance: return "attendance";
    case event_type::counter: return "counter";
    case event_type::service: return "service";
    case event_type::rating: return "rating";
  }
  return "unknown";
}

std::optional<event_type> parse_event_type(std::string_view s) {
  if (s == "attendance") return event_type::attendance;
  if (s == "counter") return event_type::counter;
  if (s == "service") return event_type::service;
  if (s == "rating") return event_type::rating;
  return std::nullopt;
}

}  // namespace pantau
