#pragma once
// Every codec of the wire contract (DESIGN §4, §7) in one include; new code includes the one it uses.
#include "pantau/shared/ack_codec.hpp"
#include "pantau/shared/event_codec.hpp"
#include "pantau/shared/iso_time.hpp"
#include "pantau/shared/settings_codec.hpp"
#include "pantau/shared/status_codec.hpp"
#include "pantau/shared/validate.hpp"
