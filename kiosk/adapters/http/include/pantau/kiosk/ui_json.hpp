#pragma once
// The JSON of the touch UI's WebSocket: commands from the screen, replies and live state to it.
//   screen -> kiosk  {"op":"rate","overall":1..4}  {"op":"follow_up","element":1..9}|{"op":"follow_up","skip":true}
//                    {"op":"survey","score":1..4}|{"op":"survey","skip":true}
//                    {"op":"counter","action":"open"|"break"|"resume"|"close"}  {"op":"next"}
//                    an optional "re" (any JSON number) is echoed in the reply
//   kiosk -> screen  {"type":"reply","re":..,"ok":true,"seq":n|null,"screen":"thanks",...}
//                    {"type":"reply","re":..,"ok":false,"error":"<id> / <en>"}
//                    {"type":"state","language":"id"|"en",...}  (ui_state_json; language: the first one on screen;
//                     "greeting": the scan's greeting still on the citizens' side; "refusal": null or
//                     {"reason":"unknown"|"expired"|"invalid","text_id":..,"text_en":..} for a moment)
// Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/kiosk/station.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

// A command from the screen, or an error in Bahasa Indonesia / English saying what was wrong.
result<ui_command> parse_ui_command(std::string_view text);

std::string ui_state_json(const ui_snapshot& s, const ui_status& status, int utc_offset_minutes);
std::string ui_reply_json(std::optional<std::int64_t> re, const result<ui_outcome>& r, panel_screen screen);
// Greeting lines for the employee: {"masuk 07:28 — tepat waktu", "checked in 07:28 — on time"}, or
// {"masuk 07:42 — terlambat 12 menit", "checked in 07:42 — 12 minutes late"}; never the band code.
std::pair<std::string, std::string> greeting_of(const employee_at_counter& e);
// {"terlambat 12 menit", "12 minutes late"}.
std::pair<std::string, std::string> lateness_words(int minutes);
// What the screen says of a refused badge: {"Kartu ditolak: kedaluwarsa", "Badge refused: expired"}.
std::pair<std::string, std::string> refusal_words(badge_refusal r);

}  // namespace pantau::kiosk
