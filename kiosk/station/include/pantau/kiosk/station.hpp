#pragma once
// The kiosk's one owner of live state: the station holds the counter's kiosk_ui (screen state, tickets,
// who is at the counter), the outbox connection it commits through and the one executor that runs both.
// Its peers — the touch screen, the camera, the GPIO button and the hub's config — send it commands from
// their own threads and receive its state; none of them owns anything here, so a kiosk whose touch server
// cannot start still takes badge scans and button presses and keeps them for a restart.
// At start the day kept in the outbox's state note is put back (kiosk_ui::restore).
// Thread-safety: every public member may be called from any thread; listeners and replies run on the
// station's own thread, in order (a command's reply before the state it led to).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/kiosk_settings.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

// What a person asks of the counter from the screen.
enum class ui_op { rate, follow_up, survey, counter, next, profile, profile_skip };

struct ui_command {
  ui_op op = ui_op::rate;
  std::optional<int> value;  // overall, element or score; empty: skip
  counter_data::action_t action = counter_data::action_t::open;
  std::optional<std::int64_t> re;  // the screen's own tag, echoed in the reply
  std::string code;                // profile: the chosen code
};

// What the kiosk reports besides the panel: outbox backlog, broker connection, camera, and whether the
// hub's config knows the counter this kiosk stands at.
struct ui_status {
  std::int64_t backlog = -1;  // -1: unknown
  bool connected = false;
  std::string camera = "none";
  std::string kiosk;
  std::string office;
  std::optional<bool> counter_known;  // empty until the hub's config arrived
  std::string counter_unit;           // the unit the hub files this counter under
  bool operator==(const ui_status&) const = default;
};

// Everything a screen shows.
struct station_view {
  ui_snapshot snapshot;
  ui_status status;
  int utc_offset_minutes = 7 * 60;
};

struct station_options {
  kiosk_ui_options ui;
  std::string kiosk;
  std::string office;
  // The zone until the hub's config names one (the kiosk's own [camera] zone, else WIB).
  int local_utc_offset_minutes = 7 * 60;
  // The kiosk's own [ui] survey pins the rating mode; otherwise the hub's config decides it.
  bool mode_pinned = false;
  std::chrono::milliseconds tick_interval{200};     // thank-you and question timeouts, lock end
  std::chrono::milliseconds status_interval{1000};  // backlog and connection refresh
  // Both called on the station's thread; must be thread-safe with respect to their sources.
  std::function<bool()> connected;  // broker link up (the publisher's stats().ready)
  std::function<std::string()> camera_state;
};

class station {
 public:
  using reply_fn = std::function<void(const result<ui_outcome>&, panel_screen)>;
  using listener_fn = std::function<void(const station_view&)>;

  // `box` is the station's own outbox connection (used only on its thread); `clk` must outlive it.
  static result<std::unique_ptr<station>> start(station_options options, std::unique_ptr<outbox> box,
                                                const clock& clk);
  ~station();
  station(const station&) = delete;
  station& operator=(const station&) = delete;

  // ---- commands (any thread) ----
  // A tap from the screen; `reply` gets the outcome after the commit returned (or failed).
  void submit(ui_command command, reply_fn reply);
  // A committed attendance scan (camera): updates who is at the counter and greets them.
  void badge_scanned(std::string nip, attendance_data::action_t action, std::int64_t utc_ms,
                     clock_state clock = clock_state::synced);
  // A badge the camera refused: the screen says why for a moment.
  void badge_refused(badge_refusal reason);
  // The GPIO button: the same as the screen's "next citizen".
  void next_citizen();
  // The hub's retained config: names and hours of the roster, zone, bands, holidays, counters, language and
  // (unless pinned) the rating mode.
  void apply_settings(const kiosk_settings& settings);

  // ---- state (any thread) ----
  // `listener` gets the current view at once, then every view after a command, a tick or a status refresh
  // (possibly unchanged: listeners compare what they send). Add listeners before stop().
  void subscribe(listener_fn listener);

  // Lets the station finish what it was given, then joins its thread. Idempotent.
  void stop();

  struct impl;

 private:
  explicit station(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::kiosk
