#pragma once
// One request and its answer with a Beast server on 127.0.0.1, each on a fresh connection with a 5 s
// limit: for the unit tests of servers started in the test's own process. Header only.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace pantau::test {

inline boost::beast::tcp_stream loopback_stream(boost::asio::io_context& ioc, std::uint16_t port) {
  boost::beast::tcp_stream stream(ioc);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  stream.expires_after(std::chrono::seconds(5));
  return stream;
}

inline boost::beast::http::response<boost::beast::http::string_body> exchange(
    std::uint16_t port, const boost::beast::http::request<boost::beast::http::string_body>& req) {
  boost::asio::io_context ioc;
  auto stream = loopback_stream(ioc, port);
  boost::beast::http::write(stream, req);
  boost::beast::flat_buffer buf;
  boost::beast::http::response<boost::beast::http::string_body> res;
  boost::beast::http::read(stream, buf, res);
  return res;
}

// Sends raw bytes (requests that do not parse) and reads one answer; status 0 when none came.
inline boost::beast::http::response<boost::beast::http::string_body> exchange_raw(std::uint16_t port,
                                                                                  const std::string& bytes) {
  boost::asio::io_context ioc;
  auto stream = loopback_stream(ioc, port);
  boost::asio::write(stream, boost::asio::buffer(bytes));
  boost::beast::flat_buffer buf;
  boost::beast::http::response<boost::beast::http::string_body> res;
  boost::beast::error_code ec;
  boost::beast::http::read(stream, buf, res, ec);
  if (ec) res.result(0);
  return res;
}

}  // namespace pantau::test
