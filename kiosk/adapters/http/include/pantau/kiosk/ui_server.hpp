#pragma once
// The touch UI's local server on pantau::http: GET serves the files of kiosk/web (static_files), /ws is
// the screen's WebSocket (websocket_session). Taps arrive as commands (ui_json.hpp) and go to the station,
// which commits them and only after the commit returned answers, so the screen confirms only what is
// durable (DESIGN §4 rule 1). Every state the station publishes is pushed to every open screen when it
// differs from the last one sent. The server owns no kiosk state: closing it changes nothing the kiosk keeps.
// Thread-safety: start/stop from one thread.
#include <cstdint>
#include <memory>
#include <string>

#include "pantau/kiosk/station.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct ui_server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port; see port()
  std::string web_dir;     // the screen's files; only files inside it are served
  std::size_t message_limit = 4096;  // a WebSocket message from the screen, at most
};

class ui_server {
 public:
  // `counter` must outlive the server.
  static result<std::unique_ptr<ui_server>> start(ui_server_options options, station& counter);
  ~ui_server();
  ui_server(const ui_server&) = delete;
  ui_server& operator=(const ui_server&) = delete;

  const std::string& host() const;
  std::uint16_t port() const;

  // Closes the listener and every connection; later station states go nowhere. Idempotent.
  void stop();

  struct impl;

 private:
  explicit ui_server(std::shared_ptr<impl> p);
  std::shared_ptr<impl> impl_;
};

}  // namespace pantau::kiosk
