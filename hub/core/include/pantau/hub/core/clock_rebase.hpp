#pragma once
// Re-basing unsynced kiosk clocks (DESIGN §4 rule 5). A Pi has no RTC: until NTP syncs, its wall clock
// may say 1970 while its monotonic clock runs true. The first synced event of a (kiosk, boot) ties the
// two clocks together (offset = ts - mono_ms); every unsynced event of that boot is then placed at
// mono_ms + offset, which is as trustworthy as the synced stamp itself. What cannot be re-based stays
// untrusted until a supervisor accepts a time for it (a review). Only check-ins and check-outs are
// re-based: they are what a lateness band rests on.
// Thread-safety: plain values and pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/event.hpp"

namespace pantau::hub {

// What ties a boot's monotonic clock to real time.
struct clock_anchor {
  std::string event_id;    // the synced event it came from
  std::int64_t offset_ms = 0;  // ts - mono_ms of that event
  bool operator==(const clock_anchor&) const = default;
};

// The anchor a synced event with a boot id gives; nothing for an unsynced one or one without a boot.
std::optional<clock_anchor> anchor_of(const event& e);

// Where a check-in or check-out counts, and why it is (not) trusted.
enum class time_source { kiosk, rebased, reviewed };
const char* to_string(time_source s);
std::optional<time_source> parse_time_source(std::string_view s);

struct counted_time {
  std::int64_t ts_ms = 0;
  bool trusted = true;
  time_source source = time_source::kiosk;
  bool operator==(const counted_time&) const = default;
};

// A check-in or check-out that now counts somewhere other than its kiosk's stamp said, or than it
// counted before (re-based, or accepted by a review): both its old and its new time are reported, so
// that whoever keeps finished days drops both.
struct moved_attendance {
  std::string office;
  std::string employee;
  std::int64_t ts_ms = 0;
  bool operator==(const moved_attendance&) const = default;
};

// The time an event counts with: its own stamp when synced; re-based when unsynced and its boot has
// an anchor; its own stamp, untrusted, otherwise.
counted_time counted_time_of(const event& e, const clock_anchor* anchor);

}  // namespace pantau::hub
