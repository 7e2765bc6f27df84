#pragma once
// What the hub checks of a respondent profile beyond its codec (docs/survey.md): a service must be
// one the counter's unit offers (organisation data). The closed lists themselves are the codec's.
// Thread-safety: pure function.
#include <optional>

#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// nullopt when `e` may be stored; otherwise the reason (code unknown_service) for the kiosk's ack.
// Events other than profiles, and profiles without a service, always pass.
std::optional<error> check_profile(const organisation& org, const pantau::event& e);

}  // namespace pantau::hub
