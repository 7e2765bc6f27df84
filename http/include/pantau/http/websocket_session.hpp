#pragma once
// One WebSocket connection that pantau::http's server handed over (server_options::upgrade), for the
// hub's live channel and the kiosk's touch UI alike, in the manner of Beast's chat-multi example: the
// session runs on its connection's strand, keeps one write queue and has one write in flight at a time.
// The queue is bounded: a client that reads too slowly is disconnected with a log line instead of
// frames piling up without limit, so whoever sends never waits.
// Thread-safety: send(), close() and is_open() from any thread; opened and received run on the
// session's strand.
#include <boost/beast/core/tcp_stream.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "pantau/http/answers.hpp"

namespace pantau::http {

// A text frame, shared by every session it goes to.
using frame = std::shared_ptr<const std::string>;

struct websocket_options {
  std::size_t queue_limit = 256;  // frames waiting before the client counts as too slow
  std::size_t message_limit = 0;  // the largest message read from the client; 0: Beast's default
  std::string server_name;        // the Server header of the 101 answer; empty: Beast's
  std::string name = "ws";        // log lines start with it
  std::string peer;               // who is at the other end, in log lines ("admin from 127.0.0.1")
  std::shared_ptr<const void> slot;  // the server's connection_slot, kept while the session lives
};

class websocket_session {
 public:
  virtual ~websocket_session() = default;
  // Queued after what was sent before; dropped once the session ended.
  virtual void send(frame f) = 0;
  // Ends the session: the connection closes, nothing more is sent or received.
  virtual void close() = 0;
  // False once the session ended (it may still take a moment to let go of its connection).
  virtual bool is_open() const = 0;
};

struct websocket_callbacks {
  // The handshake succeeded.
  std::function<void(const std::shared_ptr<websocket_session>&)> opened;
  // A whole message from the client; `text` is false for a binary one. Empty: messages are read and ignored.
  std::function<void(const std::shared_ptr<websocket_session>&, std::string message, bool text)> received;
  // The session ended (closed by either side, an error, too slow); once, and only after opened. May
  // run on whichever thread lets go of the session last.
  std::function<void()> ended;
};

// Answers the upgrade request `req` (on the strand of `stream`) and runs the session from then on.
void start_websocket(boost::beast::tcp_stream stream, request req, websocket_options options,
                     websocket_callbacks callbacks);

}  // namespace pantau::http
