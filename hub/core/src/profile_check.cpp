#include "pantau/hub/core/profile_check.hpp"

#include <variant>

namespace pantau::hub {

std::optional<error> check_profile(const organisation& org, const pantau::event& e) {
  const auto* p = std::get_if<profile_data>(&e.data);
  if (p == nullptr || !p->service) return std::nullopt;
  for (const auto* c : org.find_counters(p->counter)) {
    if (c->office != e.office) continue;
    const auto* u = org.find_unit(c->unit);
    if (u != nullptr && u->find_service(*p->service) != nullptr) return std::nullopt;
    return error{errc::unknown_service, "data.service: unit \"" + c->unit + "\" of counter \"" + p->counter +
                                            "\" does not offer \"" + *p->service + "\""};
  }
  // A service names the unit's list: without a known counter there is no list it could be on.
  return error{errc::unknown_service, "data.service: counter \"" + p->counter + "\" is not known in office \"" +
                                          e.office + "\", so no service of it is"};
}

}  // namespace pantau::hub
