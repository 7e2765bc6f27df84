#pragma once
// HTTP/1.1 server on Boost.Beast: its own io_context thread, async accept, one session per
// connection on a strand of its own (which a WebSocket taking the connection over keeps), keep-alive, bounded request sizes and idle timeouts; bad input gets a 4xx answer
// and never takes the process down. What each request gets is the dispatcher's; requests it marks
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
#include "pantau/shared/result.hpp"

namespace pantau::http {

// What the server asks of the application for each request it read.
struct dispatcher {
  // The answer; `client` is the peer's IP address (empty when unknown). Must not throw.
  std::function<response(const request&, std::string_view client)> dispatch;
  // True: the request is dispatched on the worker thread. Empty: every request on the io thread.
  std::function<bool(const request&)> runs_long;
};

// Takes over a connection whose request asks for a WebSocket upgrade on server_options::upgrade_path:
// from then on the handler owns it and gives every answer itself (101, 401 ...; see answer_and_close,
// start_websocket). Called on the connection's strand of the server's io thread.
using upgrade_handler = std::function<void(boost::beast::tcp_stream stream, request req, std::string client)>;

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

// For an upgrade handler that says no: writes `res` and ends the connection.
void answer_and_close(boost::beast::tcp_stream stream, response res);

}  // namespace pantau::http
