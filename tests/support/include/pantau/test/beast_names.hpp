#pragma once
// The short Boost names the loopback HTTP and WebSocket tests use, in one place:
// `using namespace pantau::test::beast_names;` brings net, beast, websocket and tcp.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace pantau::test::beast_names {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

}  // namespace pantau::test::beast_names
