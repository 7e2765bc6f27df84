#include "pantau/test/live_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>

namespace pantau::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;

struct live_client::connection {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buf;
  bool reading = false;
  bool done = false;
  beast::error_code ec;
};

live_client::live_client(std::uint16_t port, const std::string& cookie, int* status, const std::string& path,
                         const std::string& origin)
    : conn_(std::make_unique<connection>()) {
  auto& ws = conn_->ws;
  beast::get_lowest_layer(ws).expires_after(10s);
  beast::get_lowest_layer(ws).connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  ws.set_option(websocket::stream_base::decorator([cookie, origin](websocket::request_type& req) {
    if (!cookie.empty()) req.set(beast::http::field::cookie, cookie);
    if (!origin.empty()) req.set(beast::http::field::origin, origin);
  }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, "127.0.0.1:" + std::to_string(port), path, ec);
  if (status != nullptr) *status = static_cast<int>(res.result_int());
  if (ec) throw boost::system::system_error(ec);
  beast::get_lowest_layer(ws).expires_never();
}

live_client::~live_client() = default;

bool live_client::send(const std::string& text) {
  beast::error_code ec;
  conn_->ws.text(true);
  conn_->ws.write(net::buffer(text), ec);
  return !ec;
}

std::optional<boost::json::object> live_client::next(std::chrono::milliseconds wait) {
  auto& c = *conn_;
  if (!c.reading) {
    c.reading = true;
    c.done = false;
    c.buf.clear();
    c.ws.async_read(c.buf, [&c](beast::error_code ec, std::size_t) {
      c.ec = ec;
      c.done = true;
      c.ioc.stop();
    });
  }
  c.ioc.restart();
  c.ioc.run_for(wait);
  if (!c.done) return std::nullopt;
  c.reading = false;
  if (c.ec) return std::nullopt;
  return boost::json::parse(beast::buffers_to_string(c.buf.data())).as_object();
}

}  // namespace pantau::test
