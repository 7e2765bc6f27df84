#pragma once
// The touch UI's local server on pantau::http: GET serves the files of kiosk/web (static_files), /ws is
// the screen's WebSocket (websocket_session). Taps arrive as commands (ui_json.hpp); a UI worker thread owns the kiosk_ui and its
// outbox connection, commits, and only after the commit returned sends the reply that lets the screen
// confirm (DESIGN §4 rule 1). Every change of state is pushed to every open screen. At start the day
// kept in the outbox's state note is put back (kiosk_ui::restore), so a restart changes nothing on screen.
// Thread-safety: start/stop from one thread; badge_scanned/next_citizen from any thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pantau/kiosk/kiosk_ui.hpp"
#include "pantau/kiosk/outbox.hpp"
#include "pantau/kiosk/ui_json.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct ui_server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port; see port()
  std::string web_dir;     // the screen's files; only files inside it are served
  std::string kiosk;
  std::string office;
  std::chrono::milliseconds tick_interval{200};    // thank-you and question timeouts, lock end
  std::chrono::milliseconds status_interval{1000}; // backlog and connection refresh
  std::size_t message_limit = 4096;                // a WebSocket message from the screen, at most
  // Both called on the UI worker thread; must be thread-safe with respect to their sources.
  std::function<bool()> connected;          // broker link up (the publisher's stats().ready)
  std::function<std::string()> camera_state;
};

class ui_server {
 public:
  // `box` is the UI's own outbox connection (used only on the worker thread); `clk` must outlive it.
  static result<std::unique_ptr<ui_server>> start(ui_server_options options, kiosk_ui_options ui,
                                                  std::unique_ptr<outbox> box, const clock& clk);
  ~ui_server();
  ui_server(const ui_server&) = delete;
  ui_server& operator=(const ui_server&) = delete;

  const std::string& host() const;
  std::uint16_t port() const;

  // A committed attendance scan (camera thread): updates who is at the counter and greets them.
  void badge_scanned(std::string nip, attendance_data::action_t action, std::int64_t utc_ms,
                     clock_state clock = clock_state::synced);
  // Names and unit hours for the greeting, from the hub's roster; any thread.
  struct roster_person {
    std::string nip;
    std::string name;
    std::optional<weekly_schedule> week;  // empty: the default 07:30 start
  };
  void set_roster(std::vector<roster_person> people);
  // The site's zone, band bounds and holidays from the hub's config; any thread.
  void set_site(site_rules rules);
  // The rating mode from the hub's config (quick faces or the nine SKM elements).
  void set_mode(rating_mode mode);
  // The screen's first language from the hub's config; the screens switch at once.
  void set_language(ui_language language);
  // The GPIO button: the same as the screen's "next citizen".
  void next_citizen();
  // Closes the listener and every connection, joins both threads. Idempotent.
  void stop();

  struct impl;

 private:
  explicit ui_server(std::shared_ptr<impl> p);
  std::shared_ptr<impl> impl_;
};

}  // namespace pantau::kiosk
