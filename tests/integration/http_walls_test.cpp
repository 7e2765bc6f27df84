// The hub's HTTP walls against the real pantau-hub over loopback (issue 11, part 7): login throttling
// by client address and by account, X-Forwarded-For believed only from [http] trusted_proxies, the
// Origin check of /api/v1/live, and [http] max_connections reached and recovered.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <thread>

#include "pantau/test/live_client.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

const std::string admin_password = "pantau-test-admin";

class http_walls_test : public ::testing::Test {
 protected:
  void start_hub(const std::string& http_toml, const std::string& extra_toml = {}) {
    broker_ = std::make_unique<mosquitto_broker>(dir_.path());
    broker_->start();
    hub_options o;
    o.http_toml = http_toml;
    o.extra_toml = extra_toml;
    hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url(), o);
    hub_->start();
  }
  // POST /api/v1/session with X-Forwarded-For `forwarded` (none when empty).
  http_response login(const std::string& user, const std::string& password, const std::string& forwarded = {}) {
    std::map<std::string, std::string> headers;
    if (!forwarded.empty()) headers["X-Forwarded-For"] = forwarded;
    return http_request(hub_->http_port(), "POST", "/api/v1/session",
                        "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", headers);
  }
  double metric(const std::string& sample) {
    const auto res = http_get(hub_->http_port(), "/metrics");
    EXPECT_EQ(res.status, 200);
    return metric_value(res.body, sample).value_or(-1);
  }

  temp_dir dir_{"pantau-walls"};
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
};

TEST_F(http_walls_test, behind_a_trusted_proxy_one_guessing_address_is_locked_and_everyone_else_logs_in) {
  start_hub("trusted_proxies = [\"127.0.0.1\"]\n");
  // One client behind the proxy guesses five accounts: its address is locked, for every account.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("user" + std::to_string(i), "guess-" + std::to_string(i), "198.51.100.1").status, 401) << i;
  auto locked = login("admin", admin_password, "198.51.100.1");
  EXPECT_EQ(locked.status, 429) << locked.body;
  ASSERT_TRUE(locked.headers.count("retry-after"));
  EXPECT_GT(std::stoi(locked.headers["retry-after"]), 800);
  // A client prepending a made-up address does not escape: the proxy's own entry is the right-most.
  EXPECT_EQ(login("admin", admin_password, "203.0.113.77, 198.51.100.1").status, 429);
  // Everyone else behind the same proxy is not affected (before, all of them shared the proxy's budget).
  EXPECT_EQ(login("admin", admin_password, "198.51.100.2").status, 200);
  EXPECT_EQ(login("admin", admin_password).status, 200) << "the proxy itself, without the header";
}

TEST_F(http_walls_test, from_an_untrusted_peer_x_forwarded_for_is_ignored) {
  start_hub("trusted_proxies = [\"10.0.0.0/8\"]\n");  // the test's 127.0.0.1 is not a proxy
  // Five failures, each claiming another address: they all count for the real peer.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("user" + std::to_string(i), "guess", "198.51.100." + std::to_string(i + 1)).status, 401) << i;
  EXPECT_EQ(login("admin", admin_password, "198.51.100.99").status, 429);
  EXPECT_EQ(login("admin", admin_password).status, 429);
}

TEST_F(http_walls_test, an_account_guessed_from_many_addresses_is_slowed_but_its_owner_logs_in_from_a_known_address) {
  // A long account delay, so that the test never depends on how fast this machine answers.
  start_hub("trusted_proxies = [\"127.0.0.1\"]\n", "[login]\naccount_delay_s = 600\naccount_delay_max_s = 600\n");
  ASSERT_EQ(login("admin", admin_password, "203.0.113.10").status, 200) << "the owner's usual address";
  // Five addresses, one guess each: no address reaches its own limit, the account does.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("admin", "guess-" + std::to_string(i), "198.51.100." + std::to_string(i + 1)).status, 401);
  auto slowed = login("admin", admin_password, "198.51.100.50");
  EXPECT_EQ(slowed.status, 429) << "a fresh address must wait for this account, even with the right password";
  ASSERT_TRUE(slowed.headers.count("retry-after"));
  EXPECT_GT(std::stoi(slowed.headers["retry-after"]), 500);
  EXPECT_LE(std::stoi(slowed.headers["retry-after"]), 600);
  // That address is not locked for other accounts, and the owner is not locked out.
  EXPECT_EQ(login("nobody", "guess", "198.51.100.50").status, 401);
  EXPECT_EQ(login("admin", admin_password, "203.0.113.10").status, 200);
}

TEST_F(http_walls_test, live_accepts_the_hubs_own_and_configured_origins_and_refuses_others_with_403) {
  start_hub("allowed_origins = [\"https://dasbor.example.go.id\"]\n");
  const std::uint16_t port = hub_->http_port();
  const std::string cookie = hub_->login();
  ASSERT_FALSE(cookie.empty());
  const std::string own = "http://127.0.0.1:" + std::to_string(port);

  int status = 0;
  EXPECT_NO_THROW(live_client(port, cookie, &status, "/api/v1/live", own));
  EXPECT_EQ(status, 101);
  EXPECT_NO_THROW(live_client(port, cookie, &status, "/api/v1/live", "https://dasbor.example.go.id"));
  EXPECT_EQ(status, 101);
  EXPECT_NO_THROW(live_client(port, cookie, &status, "/api/v1/live"));
  EXPECT_EQ(status, 101) << "no Origin (not a browser): the session is enough";

  for (const std::string origin : {"http://evil.example", "http://127.0.0.1:1", "null", "https://dasbor.example.go.id.evil"}) {
    status = 0;
    EXPECT_THROW(live_client(port, cookie, &status, "/api/v1/live", origin), boost::system::system_error) << origin;
    EXPECT_EQ(status, 403) << origin;
  }
  // Without a session nothing changes: 401, whatever the origin.
  EXPECT_THROW(live_client(port, "", &status, "/api/v1/live", own), boost::system::system_error);
  EXPECT_EQ(status, 401);
  EXPECT_THROW(live_client(port, "", &status), boost::system::system_error);
  EXPECT_EQ(status, 401);
}

// One keep-alive connection that has been answered once: it holds a place under the cap.
struct held_connection {
  explicit held_connection(net::io_context& ioc) : stream(ioc) {}
  // True when the hub answered 200 on it (false: refused, e.g. 503 at the cap).
  bool open(std::uint16_t port) {
    beast::error_code ec;
    stream.socket().close(ec);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return false;
    return get() == 200;
  }
  int get() {
    stream.expires_after(10s);
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/healthz", 11};
    req.set(bhttp::field::host, "127.0.0.1");
    beast::error_code ec;
    bhttp::write(stream, req, ec);
    if (ec) return 0;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buf, res, ec);
    return ec ? 0 : static_cast<int>(res.result_int());
  }
  beast::tcp_stream stream;
  beast::flat_buffer buf;
};

// Retries a request until it is served (the hub notices a closed connection on its next read, not at
// once); bounded.
http_response served(std::uint16_t port, const std::string& target) {
  http_response res;
  for (int i = 0; i < 200; ++i) {
    res = http_get(port, target);
    if (res.status == 200) break;
    std::this_thread::sleep_for(25ms);
  }
  return res;
}

TEST_F(http_walls_test, beyond_max_connections_new_ones_get_503_counted_in_metrics_and_the_cap_recovers) {
  start_hub("max_connections = 4\n");
  const std::uint16_t port = hub_->http_port();
  net::io_context ioc;
  std::vector<std::unique_ptr<held_connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<held_connection>(ioc));
    // The start-up's health checks may still hold a place for a moment: retried, bounded.
    bool ok = false;
    for (int attempt = 0; attempt < 200 && !ok; ++attempt) {
      ok = held.back()->open(port);
      if (!ok) std::this_thread::sleep_for(25ms);
    }
    ASSERT_TRUE(ok) << "connection " << i;
  }
  // The cap is reached: a fifth gets a clear 503, not a hang.
  auto refused = http_get(port, "/healthz");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.headers["retry-after"], "1");
  EXPECT_NE(refused.body.find("too many connections"), std::string::npos) << refused.body;
  // The open ones go on being served.
  for (auto& h : held) EXPECT_EQ(h->get(), 200);

  // Two let go: new connections are served again, and /metrics tells what happened.
  held.pop_back();
  held.pop_back();
  const auto metrics = served(port, "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_GE(metric_value(metrics.body, "pantau_hub_http_connections_refused_total").value_or(0), 1);
  const double open = metric_value(metrics.body, "pantau_hub_http_connections_open").value_or(-1);
  EXPECT_GE(open, 3) << "the two still held and the one asking";
  EXPECT_LE(open, 4);
  for (auto& h : held) EXPECT_EQ(h->get(), 200);
}

}  // namespace
}  // namespace pantau::test
