#pragma once
// MQTT topic names of the wire contract (DESIGN §4). Pure functions.
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/validate.hpp"

namespace pantau::topics {

enum class kind { events, ack, status, config };

struct parsed {
  std::string office;
  std::string kiosk;
  topics::kind kind = kind::events;
};

// `{office}` and `{kiosk}` are ids: lowercase [a-z0-9-]{1,48}.
inline bool is_valid_name(std::string_view name) { return is_valid_id(name); }
std::string make(std::string_view office, std::string_view kiosk, kind k);
std::optional<parsed> parse(std::string_view topic);

// Subscription filters for the hub; `share_group` non-empty gives the MQTT v5 shared form.
std::string filter(kind k, std::string_view share_group = {});

}  // namespace pantau::topics
