#pragma once
// The retained config payload a kiosk gets from the hub (DESIGN §4). Pure functions.
#include <string>
#include <string_view>

#include "pantau/shared/kiosk_settings.hpp"
#include "pantau/shared/result.hpp"

namespace pantau {

// {"v":1,"office":...,"kiosk":...,"zone":"WIB","language":"id","rating_mode":"quick",
// "roster":[{"nip","name","unit"}],"counters":[{"counter","unit"}],
// "hours":[{"unit","weekly":[7 x ["07:30","16:00"]|null],"grace_min":0}],"holidays":["2026-12-25"],
// "issued":"<UTC ISO-8601>"}. Decoding is as strict as for events (same error codes).
std::string encode_settings(const kiosk_settings& s);
result<kiosk_settings> decode_settings(std::string_view payload);

}  // namespace pantau
