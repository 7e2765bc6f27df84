#pragma once
// `pantau-hub verify`: walks every kiosk install's chain in the store (DESIGN §10), prints what each one
// holds, names every altered, missing or reordered event, and keeps the outcome for the fleet view.
// Returns 0 when every chain is intact, 1 when one is not or the store failed.
// Thread-safety: run from main() only.
#include <iosfwd>

#include "pantau/hub/hub_config.hpp"
#include "pantau/shared/clock.hpp"

namespace pantau::hub::app {

int verify_chains(const hub_config& cfg, const pantau::clock& clock, std::ostream& out, std::ostream& err);

}  // namespace pantau::hub::app
