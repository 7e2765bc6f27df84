#pragma once
// HTTP/1.1 server on Boost.Beast: its own io_context thread, async accept, one session per
// connection with keep-alive, bounded request sizes and idle timeouts; bad input gets a 4xx answer
// and never takes the process down. Routes added as route_cost::long_running run one at a time on a
// worker thread of the server, so the io thread keeps serving everyone else meanwhile. Thread-safety: start/stop from one thread; serving is internal.
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "pantau/hub/http/router.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::http {

// Takes over a connection whose request asks for a WebSocket upgrade on server_options::upgrade_path
// (the live route): from then on the handler owns it and gives every answer itself (101, 401 ...).
// Called on the server's io thread, which every connection shares.
using upgrade_handler = std::function<void(boost::beast::tcp_stream stream, request req, std::string client)>;

struct server_options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port; see server::port()
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  std::chrono::seconds idle_timeout{60};
  std::string upgrade_path;  // exact path, query ignored
  upgrade_handler upgrade;   // empty: upgrade requests go to the router like any other
};

class server {
 public:
  static result<std::unique_ptr<server>> start(server_options options, std::shared_ptr<const router> routes);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // The address actually bound (the port is the real one when 0 was asked for).
  const std::string& host() const;
  std::uint16_t port() const;
  // Closes the listener and every connection, joins the thread. Idempotent.
  void stop();

 private:
  struct impl;
  explicit server(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub::http
