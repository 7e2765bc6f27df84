#include "pantau/hub/core/access.hpp"

namespace pantau::hub {

std::optional<role> parse_role(std::string_view s) {
  if (s == "admin") return role::admin;
  if (s == "supervisor") return role::supervisor;
  if (s == "viewer") return role::viewer;
  return std::nullopt;
}

const char* to_string(role r) {
  switch (r) {
    case role::admin: return "admin";
    case role::supervisor: return "supervisor";
    case role::viewer: return "viewer";
  }
  return "viewer";
}

}  // namespace pantau::hub
