#pragma once
// HTTP/1.1 server on Boost.Beast: its own io_context thread, async accept, one session per
// connection on a strand of its own (which a WebSocket taking the connection over keeps), keep-alive,
// bounded request sizes, idle timeouts and an optional cap on open connections; bad input gets a 4xx
// answer and never takes the process down. What each request gets is the dispatcher's; requests it marks
// as long run one at a time on a worker thread of the server, so the io thread keeps serving everyone
// else meanwhile. Thread-safety: start/stop from one thread; serving is internal.
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "pantau/http/answers.hpp"
#include "pantau/http/client_address.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::http {

// What the server asks of the application for each request it read.
struct dispatcher {
  // The answer; `client` is the peer's IP address (empty when unknown). Must not throw.
  std::function<response(const request&, std::string_view client)> dispatch;
  // True: the request is dispatched on the worker thread. Empty: every request on the io thread.
  std::function<bool(const request&)> runs_long;
};

// Holds one place under server_options::max_connections while it lives: whoever takes a connection
// over keeps it as long as the connection (websocket_options::slot, answer_and_close).
using connection_slot = std::shared_ptr<const void>;

// What the server hands over with a connection taken over by an upgrade handler.
struct taken_connection {
  std::string client;    // the client's address (trusted_proxies applied); empty when unknown
  connection_slot slot;  // keep it until the connection ends
};

// Takes over a connection whose request asks for a WebSocket upgrade on server_options::upgrade_path:
// from then on the handler owns it and gives every answer itself (101, 401 ...; see answer_and_close,
// start_websocket). Called on the connection's strand of the server's io thread.
using upgrade_handler = std::function<void(boost::beast::tcp_stream stream, request req, taken_connection conn)>;

// The answer to a request that does not parse; the connection ends after it.
using refusal_handler = std::function<response(bhttp::status status, std::string_view message)>;

struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port; see server::port()
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  std::chrono::seconds idle_timeout{60};
  std::string upgrade_path;  // exact path, query ignored
  upgrade_handler upgrade;   // empty: upgrade requests are dispatched like any other
  // Empty: json_error(), with `server_name` as its Server header when set.
  refusal_handler refuse;
  std::string server_name;
  // Run on the io thread when stop() begins, after the listener closed: close what upgrade took over.
  // What it posts (websocket_session::close) still runs before the io thread ends.
  std::function<void()> on_stop;
  std::string name = "http";  // in log lines and start errors ("cannot resolve http address ...")
  // Peers whose X-Forwarded-For is believed (see client_address.hpp); the `client` of every request.
  trusted_proxies proxies;
  // Open connections at most, WebSockets included; one more is answered 503 and closed at once, and
  // the ones already open are not touched. 0: no cap.
  std::size_t max_connections = 0;
  // Each connection refused by the cap (io thread): for a metrics counter.
  std::function<void()> on_refused;
  errc start_error = errc::http_error;  // the code of a failed start (ui_error for the kiosk's screen)
};

class server {
 public:
  static result<std::unique_ptr<server>> start(server_options options, dispatcher handlers);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // The address actually bound (the port is the real one when 0 was asked for).
  const std::string& host() const;
  std::uint16_t port() const;
  // Connections open right now, taken-over ones included (metrics).
  std::size_t open_connections() const;
  // The io thread's: work for the connections that upgrade took over is posted here. Valid until the
  // server is destroyed.
  boost::asio::any_io_executor executor() const;
  // Closes the listener and every connection, joins the threads. Idempotent.
  void stop();

 private:
  struct impl;
  explicit server(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// For an upgrade handler that says no: writes `res` and ends the connection, keeping `slot` till then.
void answer_and_close(boost::beast::tcp_stream stream, response res, connection_slot slot = {});

}  // namespace pantau::http
