#include "pantau/shared/event.hpp"

#include <utility>

namespace pantau {

const char* to_string(event_type t) {
  switch (t) {
    case event_type::attendance: return "attendance";
    case event_type::counter: return "counter";
    case event_type::service: return "service";
    case event_type::rating: return "rating";
    case event_type::profile: return "profile";
  }
  return "unknown";
}

std::optional<event_type> parse_event_type(std::string_view s) {
  if (s == "attendance") return event_type::attendance;
  if (s == "counter") return event_type::counter;
  if (s == "service") return event_type::service;
  if (s == "rating") return event_type::rating;
  if (s == "profile") return event_type::profile;
  return std::nullopt;
}

std::optional<std::string>& profile_data::value(profile_field f) {
  return const_cast<std::optional<std::string>&>(std::as_const(*this).value(f));
}

const std::optional<std::string>& profile_data::value(profile_field f) const {
  switch (f) {
    case profile_field::gender: return gender;
    case profile_field::age: return age;
    case profile_field::education: return education;
    case profile_field::occupation: return occupation;
    case profile_field::service: break;
  }
  return service;
}

}  // namespace pantau
