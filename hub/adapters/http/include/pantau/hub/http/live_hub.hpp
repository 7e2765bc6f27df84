#pragma once
// GET /api/v1/live (DESIGN §6): WebSocket sessions that receive JSON text frames
//   {"type":"kiosk","kiosk":{...as in /api/v1/kiosks...}}   a kiosk's status or counters changed
//   {"type":"kpi","scope":"unit","id":"<unit>","date":"YYYY-MM-DD"}   that unit-day's aggregates changed
//   {"type":"alert","alert":{...as in /api/v1/alerts...}}   an alert was raised or cleared (not coalesced)
// Changes are coalesced: one flush at most every `coalesce` interval, each flush names a unit-day or
// a kiosk once, so a unit gets at most one notice per interval, well within 1 s of the commit.
// Who gets what: unit notices go to whoever can_see_unit; kiosks belong to offices, not units, so
// kiosk notices go to admins and to every user with at least one unit; alerts follow may_see() of
// alert_monitor.hpp (a unit's alert to those who see the unit, kiosk alerts like kiosk notices).
// Every session gets everything it may see; messages from the client are read and ignored.
// Sessions are pantau::http's websocket_session: a session whose write queue is full (a slow reader)
// is closed with a log line, so ingest never waits.
// Thread-safety: committed() (the ingest worker) and push_alert() from any thread; accept() on the
// server's io thread (it is the server's upgrade_handler). The hub must outlive the server and the
// pipeline it is attached to.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "pantau/hub/core/alert_monitor.hpp"
#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/live_events.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/hub/http/server.hpp"

namespace pantau::hub::http {

inline constexpr std::string_view live_path = "/api/v1/live";

struct live_hub_options {
  std::size_t queue_limit = 256;  // frames waiting per session before it counts as too slow
  std::chrono::milliseconds coalesce{250};
  // Pages of these origins ("https://dasbor.example.go.id", normalised: pantau::http::normalise_origin)
  // may open the channel besides the hub's own (Origin equal to the Host it was sent to).
  std::vector<std::string> allowed_origins;
};

class live_hub : public change_listener {
 public:
  // `org` maps employees and counters to units (the organisation in memory: ingest never reads the
  // store for it); `authenticate` is the router's (session cookie).
  live_hub(const org_source& org, authenticator authenticate, live_hub_options options = {});
  ~live_hub() override;
  live_hub(const live_hub&) = delete;
  live_hub& operator=(const live_hub&) = delete;

  void committed(const committed_batch& batch) override;
  // Sends the alert at once to every open session that may see it.
  void push_alert(const alert_record& alert);
  // The upgrade handler for server_options (path live_path): 403 when a browser's page of another
  // origin asks (a foreign page must not ride the user's session cookie), then 401 without a valid
  // session. A request without Origin (not a browser) needs the session only.
  void accept(boost::beast::tcp_stream stream, request req, pantau::http::taken_connection conn);
  // Sets server_options::upgrade_path and upgrade to this hub.
  void attach(server_options& options);
  // Open sessions right now (tests, metrics).
  std::size_t sessions() const;

  struct impl;

 private:
  std::shared_ptr<impl> impl_;
};

}  // namespace pantau::hub::http
