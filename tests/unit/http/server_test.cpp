// The shared HTTP server on a real loopback socket: keep-alive, answers to requests that do not parse,
// a prompt stop, a port in use, long requests on the worker, and the WebSocket hand-over.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "pantau/http/server.hpp"
#include "pantau/http/websocket_session.hpp"
#include "pantau/test/beast_exchange.hpp"
#include "pantau/test/beast_names.hpp"

namespace pantau::http {
namespace {

using namespace pantau::test::beast_names;

request make_request(bhttp::verb verb, std::string target) {
  request req{verb, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  return req;
}

response text(const request& req, std::string body) {
  response res{bhttp::status::ok, req.version()};
  res.set(bhttp::field::content_type, "text/plain");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// GET /healthz answers "ok", anything else 404.
dispatcher health_only() {
  return {[](const request& req, std::string_view) {
            if (req.target() == "/healthz") return text(req, "ok");
            auto res = text(req, "no");
            res.result(bhttp::status::not_found);
            return res;
          },
          {}};
}

std::string json_error(const std::string& body) {
  return std::string(boost::json::parse(body).as_object().at("error").as_string());
}

class server_test : public ::testing::Test {
 protected:
  void start(server_options o, dispatcher d = health_only()) {
    auto s = server::start(std::move(o), std::move(d));
    ASSERT_TRUE(s.ok()) << s.err().message;
    server_ = std::move(s).value();
    ASSERT_NE(server_->port(), 0);
  }
  void SetUp() override {
    server_options o;
    o.body_limit = 1024;
    start(std::move(o));
  }

  tcp::endpoint at() const { return {net::ip::make_address("127.0.0.1"), server_->port()}; }

  response get(const std::string& target) {
    return test::exchange(server_->port(), make_request(bhttp::verb::get, target));
  }
  response raw(const std::string& bytes) { return test::exchange_raw(server_->port(), bytes); }

  net::io_context ioc_;
  std::unique_ptr<server> server_;
};

TEST_F(server_test, keep_alive_serves_several_requests_on_one_connection) {
  beast::tcp_stream stream(ioc_);
  stream.connect(at());
  stream.expires_after(std::chrono::seconds(5));
  beast::flat_buffer buf;
  for (int i = 0; i < 3; ++i) {
    bhttp::write(stream, make_request(bhttp::verb::get, "/healthz"));
    response res;
    bhttp::read(stream, buf, res);
    EXPECT_EQ(res.result(), bhttp::status::ok);
    EXPECT_TRUE(res.keep_alive());
  }
}

TEST_F(server_test, malformed_requests_get_4xx_and_the_server_keeps_serving) {
  EXPECT_EQ(raw("GARBAGE\r\n\r\n").result(), bhttp::status::bad_request);
  EXPECT_EQ(raw("GET / HTTP/9.9\r\n\r\n").result(), bhttp::status::bad_request);
  EXPECT_EQ(raw("GET /healthz HTTP/1.1\r\nContent-Length: zz\r\n\r\n").result(), bhttp::status::bad_request);
  EXPECT_EQ(raw("POST /healthz HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')).result(),
            bhttp::status::payload_too_large);
  EXPECT_EQ(raw("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n").result(),
            bhttp::status::request_header_fields_too_large);
  EXPECT_EQ(raw(std::string("\x00\x01\x02\xff\r\n\r\n", 8)).result(), bhttp::status::bad_request);
  {
    // A client that connects and goes away mid-request.
    beast::tcp_stream stream(ioc_);
    stream.connect(at());
    net::write(stream, net::buffer(std::string("GET /heal")));
  }
  EXPECT_EQ(get("/healthz").result(), bhttp::status::ok);
}

TEST_F(server_test, the_default_refusal_is_a_json_error_in_both_languages_and_ends_the_connection) {
  auto res = raw("GARBAGE\r\n\r\n");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(json_error(res.body()).rfind("permintaan tidak valid / bad request: ", 0), 0u) << res.body();
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(res.count(bhttp::field::server), 0u) << "no server_name, no Server header";
  res = raw("POST /healthz HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x'));
  EXPECT_EQ(json_error(res.body()), "isi permintaan terlalu besar / request body too large");
}

TEST_F(server_test, the_refusal_and_its_server_name_are_the_callers) {
  server_options o;
  o.server_name = "pantau-test";
  start(o);
  EXPECT_EQ(raw("GARBAGE\r\n\r\n")[bhttp::field::server], "pantau-test");
  o.refuse = [](bhttp::status status, std::string_view message) {
    response res{bhttp::status::bad_request, 11};
    res.body() = std::to_string(static_cast<unsigned>(status)) + " " + std::string(message);
    res.prepare_payload();
    return res;
  };
  start(o);
  auto res = raw("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(res.result(), bhttp::status::bad_request);
  EXPECT_EQ(res.body(), "431 header permintaan terlalu besar / request headers too large");
  EXPECT_FALSE(res.keep_alive()) << "the connection ends after a refusal, whatever the caller said";
}

TEST_F(server_test, stop_is_prompt_with_idle_connections_open) {
  beast::tcp_stream idle(ioc_);
  idle.connect(at());
  const auto t0 = std::chrono::steady_clock::now();
  server_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  server_->stop();  // idempotent
}

TEST_F(server_test, only_the_upgrade_path_is_handed_over_and_on_stop_runs_on_the_io_thread) {
  std::promise<std::string> handed;
  std::atomic<bool> stopped_on_io{false};
  server_options o;
  o.upgrade_path = "/ws";
  o.upgrade = [&handed](beast::tcp_stream stream, request req, taken_connection conn) {
    handed.set_value(std::string(req.target()) + " from " + conn.client);
    answer_and_close(std::move(stream), text(req, "taken"));
  };
  const auto test_thread = std::this_thread::get_id();
  o.on_stop = [&] { stopped_on_io = std::this_thread::get_id() != test_thread; };
  start(o);

  // An upgrade on another path is dispatched like any request.
  websocket::stream<beast::tcp_stream> elsewhere(ioc_);
  beast::get_lowest_layer(elsewhere).connect(at());
  beast::error_code ec;
  elsewhere.handshake("127.0.0.1", "/other", ec);
  EXPECT_EQ(ec, websocket::error::upgrade_declined);

  websocket::stream<beast::tcp_stream> ws(ioc_);
  beast::get_lowest_layer(ws).connect(at());
  websocket::response_type answer;
  ws.handshake(answer, "127.0.0.1", "/ws?x=1", ec);
  EXPECT_EQ(answer.body(), "taken");
  EXPECT_FALSE(answer.keep_alive());
  EXPECT_EQ(handed.get_future().get(), "/ws?x=1 from 127.0.0.1");

  server_->stop();
  EXPECT_TRUE(stopped_on_io);
}

TEST(server_start_test, a_long_running_request_does_not_hold_up_the_other_connections) {
  std::promise<void> started;
  std::promise<void> release;
  auto released = release.get_future().share();
  dispatcher d{[&started, released](const request& req, std::string_view) {
                 if (req.target() != "/slow") return text(req, "quick");
                 started.set_value();
                 // Bounded so that a failing test still ends.
                 const bool let_go = released.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
                 return text(req, let_go ? "slow" : "never released");
               },
               [](const request& req) { return req.target() == "/slow"; }};
  auto s = server::start(server_options{}, d);
  ASSERT_TRUE(s.ok()) << s.err().message;
  net::io_context ioc;
  const tcp::endpoint at(net::ip::make_address("127.0.0.1"), (*s)->port());

  beast::tcp_stream slow(ioc);
  slow.connect(at);
  slow.expires_after(std::chrono::seconds(20));
  bhttp::write(slow, make_request(bhttp::verb::get, "/slow"));
  started.get_future().wait();

  // While the long handler still waits, another connection is answered.
  beast::tcp_stream quick(ioc);
  quick.connect(at);
  quick.expires_after(std::chrono::seconds(5));
  bhttp::write(quick, make_request(bhttp::verb::get, "/quick"));
  beast::flat_buffer quick_buf;
  response quick_res;
  beast::error_code ec;
  bhttp::read(quick, quick_buf, quick_res, ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(quick_res.body(), "quick");

  release.set_value();
  beast::flat_buffer slow_buf;
  response slow_res;
  bhttp::read(slow, slow_buf, slow_res);
  EXPECT_EQ(slow_res.body(), "slow");
  // The same connection goes on serving after its long answer.
  bhttp::write(slow, make_request(bhttp::verb::get, "/quick"));
  response again;
  bhttp::read(slow, slow_buf, again);
  EXPECT_EQ(again.body(), "quick");
}

// Waits (bounded) until the server counts `n` open connections: a closed socket is noticed by the
// server's next read, not at once.
bool open_becomes(const server& s, std::size_t n) {
  for (int i = 0; i < 500 && s.open_connections() != n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return s.open_connections() == n;
}

TEST(server_start_test, beyond_max_connections_a_new_one_gets_503_and_the_open_ones_go_on) {
  std::atomic<int> refused{0};
  server_options o;
  o.max_connections = 2;
  o.on_refused = [&refused] { ++refused; };
  o.upgrade_path = "/ws";
  // A WebSocket keeps its place for as long as it is open.
  o.upgrade = [](beast::tcp_stream stream, request req, taken_connection conn) {
    websocket_options wo;
    wo.slot = std::move(conn.slot);
    start_websocket(std::move(stream), std::move(req), std::move(wo), {});
  };
  auto s = server::start(o, health_only());
  ASSERT_TRUE(s.ok()) << s.err().message;
  net::io_context ioc;
  const tcp::endpoint at(net::ip::make_address("127.0.0.1"), (*s)->port());

  beast::tcp_stream first(ioc);
  first.connect(at);
  first.expires_after(std::chrono::seconds(5));
  beast::flat_buffer buf;
  bhttp::write(first, make_request(bhttp::verb::get, "/healthz"));
  response res;
  bhttp::read(first, buf, res);
  EXPECT_EQ(res.result(), bhttp::status::ok);

  websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect(at);
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(5));
  ws.handshake("127.0.0.1", "/ws");
  ASSERT_TRUE(open_becomes(**s, 2));

  // The third: 503 with Retry-After, then the connection ends.
  auto third = test::exchange((*s)->port(), make_request(bhttp::verb::get, "/healthz"));
  EXPECT_EQ(third.result(), bhttp::status::service_unavailable);
  EXPECT_EQ(third[bhttp::field::retry_after], "1");
  EXPECT_FALSE(third.keep_alive());
  EXPECT_NE(json_error(third.body()).find("too many connections"), std::string::npos) << third.body();
  EXPECT_EQ(refused.load(), 1);

  // The open ones are untouched.
  bhttp::write(first, make_request(bhttp::verb::get, "/healthz"));
  response again;
  bhttp::read(first, buf, again);
  EXPECT_EQ(again.result(), bhttp::status::ok);
  ws.text(true);
  ws.write(net::buffer(std::string("still here")));

  // One WebSocket closes: its place is free again.
  ws.close(websocket::close_code::normal);
  ASSERT_TRUE(open_becomes(**s, 1));
  EXPECT_EQ(test::exchange((*s)->port(), make_request(bhttp::verb::get, "/healthz")).result(), bhttp::status::ok);
  EXPECT_EQ(refused.load(), 1);
  (*s)->stop();
}

TEST(server_start_test, a_trusted_proxy_names_the_client_of_each_request) {
  std::vector<std::string> clients;
  std::mutex mu;
  dispatcher d{[&](const request& req, std::string_view client) {
                 std::lock_guard lock(mu);
                 clients.emplace_back(client);
                 return text(req, "ok");
               },
               {}};
  server_options o;
  o.proxies = *trusted_proxies::parse({"127.0.0.0/8"});
  auto s = server::start(o, d);
  ASSERT_TRUE(s.ok()) << s.err().message;
  auto req = make_request(bhttp::verb::get, "/");
  test::exchange((*s)->port(), req);
  req.set("X-Forwarded-For", "6.6.6.6, 198.51.100.7");
  test::exchange((*s)->port(), req);
  (*s)->stop();
  EXPECT_EQ(clients, (std::vector<std::string>{"127.0.0.1", "198.51.100.7"}));
}

TEST(server_start_test, a_port_in_use_is_an_error_that_names_the_address) {
  server_options o;
  auto first = server::start(o, health_only());
  ASSERT_TRUE(first.ok());
  o.port = (*first)->port();
  o.name = "ui";
  o.start_error = errc::ui_error;
  auto second = server::start(o, health_only());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.err().code, errc::ui_error);
  EXPECT_NE(second.err().message.find("127.0.0.1:" + std::to_string(o.port)), std::string::npos)
      << second.err().message;
}

}  // namespace
}  // namespace pantau::http
