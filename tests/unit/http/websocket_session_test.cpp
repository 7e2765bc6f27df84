// The one WebSocket session of pantau::http on a real loopback socket: frames arrive in the order they
// were sent from any thread, messages from the client reach the callback, and a client that does not
// read is disconnected once its queue is full instead of the queue growing.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <future>
#include <mutex>
#include <thread>

#include "pantau/http/server.hpp"
#include "pantau/http/websocket_session.hpp"
#include "pantau/test/beast_names.hpp"

namespace pantau::http {
namespace {

using namespace pantau::test::beast_names;

class websocket_session_test : public ::testing::Test {
 protected:
  void start(websocket_options ws_options) {
    server_options o;
    o.upgrade_path = "/ws";
    o.upgrade = [this, ws_options](beast::tcp_stream stream, request req, taken_connection) {
      websocket_callbacks cb;
      cb.opened = [this](const std::shared_ptr<websocket_session>& s) { opened_.set_value(s); };
      cb.received = [this](const std::shared_ptr<websocket_session>& s, std::string message, bool text) {
        s->send(std::make_shared<const std::string>((text ? "text:" : "binary:") + message));
      };
      cb.ended = [this] { ended_.set_value(); };
      start_websocket(std::move(stream), std::move(req), ws_options, std::move(cb));
    };
    auto s = server::start(std::move(o), dispatcher{[](const request& req, std::string_view) {
                                                      return json_error(req, bhttp::status::not_found, "no");
                                                    },
                                                    {}});
    ASSERT_TRUE(s.ok()) << s.err().message;
    server_ = std::move(s).value();
  }

  // Connects a client and waits until the server side is open.
  std::shared_ptr<websocket_session> connect(websocket::stream<beast::tcp_stream>& ws) {
    beast::get_lowest_layer(ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    ws.handshake("127.0.0.1", "/ws");
    return opened_.get_future().get();
  }

  static std::string next(websocket::stream<beast::tcp_stream>& ws) {
    beast::flat_buffer b;
    ws.read(b);
    return beast::buffers_to_string(b.data());
  }

  std::promise<std::shared_ptr<websocket_session>> opened_;
  std::promise<void> ended_;
  std::unique_ptr<server> server_;
  net::io_context ioc_;
};

TEST_F(websocket_session_test, frames_arrive_in_order_and_messages_reach_the_callback) {
  start({});
  websocket::stream<beast::tcp_stream> ws(ioc_);
  auto session = connect(ws);
  std::thread other([session] {
    for (int i = 0; i < 100; ++i) session->send(std::make_shared<const std::string>(std::to_string(i)));
  });
  other.join();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(next(ws), std::to_string(i));
  ws.text(true);
  ws.write(net::buffer(std::string("hello")));
  EXPECT_EQ(next(ws), "text:hello");
  ws.binary(true);
  ws.write(net::buffer(std::string("\x01\x02")));
  EXPECT_EQ(next(ws), "binary:\x01\x02");
  EXPECT_TRUE(session->is_open());
  ws.close(websocket::close_code::normal);
  ended_.get_future().get();
  EXPECT_FALSE(session->is_open());
}

TEST_F(websocket_session_test, a_client_that_does_not_read_is_dropped_when_its_queue_is_full) {
  websocket_options o;
  o.queue_limit = 4;
  start(o);
  websocket::stream<beast::tcp_stream> ws(ioc_);
  auto session = connect(ws);
  // Big frames fill the socket buffers at once; from then on frames wait in the queue, and the fifth
  // waiting one ends the session. The client never reads, so nothing but the bound can end it.
  const auto big = std::make_shared<const std::string>(std::string(1 << 20, 'x'));
  auto ended = ended_.get_future();
  while (ended.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) {
    session->send(big);
    std::this_thread::yield();
    if (!session->is_open()) break;
  }
  ended.get();
  EXPECT_FALSE(session->is_open());
  session->send(big);  // after the end: dropped, not queued
}

TEST_F(websocket_session_test, close_ends_the_session_and_the_connection) {
  start({});
  websocket::stream<beast::tcp_stream> ws(ioc_);
  auto session = connect(ws);
  session->close();
  ended_.get_future().get();
  beast::flat_buffer b;
  beast::error_code ec;
  ws.read(b, ec);
  EXPECT_TRUE(ec);
}

}  // namespace
}  // namespace pantau::http
