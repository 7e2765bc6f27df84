#pragma once
// The [alerts] table of hub.toml: when the live alerts fire (DESIGN §5). The defaults are the design's;
// an office that finds them too eager or too late tunes them here. Unit attendance targets are per unit
// (admin API), not here. Thread-safety: plain values.
#include <string>

namespace pantau::hub {

struct alert_settings {
  int rating_window_minutes = 15;   // low satisfaction: ratings of a counter within this window,
  int min_responses = 4;            //   at least this many,
  int low_score_max = 2;            //   scores at or below this are low,
  int low_share_pct = 50;           //   and at least this share of them low
  bool include_misuse = false;      //   count ratings flagged misuse too
  int offline_after_minutes = 5;    // kiosk silent this long within working hours
  int backlog_increases = 3;        // outbox growing this many status reports in a row,
  int backlog_min = 10;             //   ending at or above this many events
  std::string attendance_check = "08:00";  // unit attendance below target from this local time on
};

}  // namespace pantau::hub
