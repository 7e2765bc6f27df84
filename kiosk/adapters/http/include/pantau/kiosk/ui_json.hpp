#pragma once
// The JSON of the touch UI's WebSocket: commands from the screen, replies and live state to it.
//   screen -> kiosk  {"op":"rate","overall":1..4}  {"op":"follow_up","element":1..9}|{"op":"follow_up","skip":true}
//                    {"op":"survey","score":1..4}|{"op":"survey","skip":true}
//                    {"op":"counter","action":"open"|"break"|"resume"|"close"}  {"op":"next"}
//                    an optional "re" (any JSON number) is echoed in the reply
//   kiosk -> screen  {"type":"reply","re":..,"ok":true,"seq":n|null,"screen":"thanks",...}
//                    {"type":"reply","re":..,"ok":false,"error":"<id> / <en>"}
//                    {"type":"state","language":"id"|"en",...}  (ui_state_json; language: the first one on screen)
// Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

enum class ui_op { rate, follow_up, survey, counter, next };

struct ui_command {
  ui_op op = ui_op::rate;
  std::optional<int> value;  // overall, element or score; empty: skip
  counter_data::action_t action = counter_data::action_t::open;
  std::optional<std::int64_t> re;
};

// A command from the screen, or an error in Bahasa Indonesia / English saying what was wrong.
result<ui_command> parse_ui_command(std::string_view text);

// What the kiosk reports besides the panel: outbox backlog, broker connection, camera.
struct ui_status {
  std::int64_t backlog = -1;  // -1: unknown
  bool connected = false;
  std::string camera = "none";
  std::string kiosk;
  std::string office;
};

std::string ui_state_json(const ui_snapshot& s, const ui_status& status, int utc_offset_minutes);
std::string ui_reply_json(std::optional<std::int64_t> re, const result<ui_outcome>& r, panel_screen screen);
// Greeting lines for the employee panel: {"masuk 07:28 — tepat waktu", "checked in 07:28 — on time"}.
std::pair<std::string, std::string> greeting_of(const employee_at_counter& e);

}  // namespace pantau::kiosk
