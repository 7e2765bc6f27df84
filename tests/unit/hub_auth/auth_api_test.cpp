// Sessions and access through the router, as the HTTP server calls it (no sockets needed).
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <filesystem>
#include <random>

#include "pantau/hub/auth/auth_api.hpp"
#include "pantau/hub/http/server.hpp"

namespace pantau::hub::auth {
namespace {

using http::bhttp::field;
using http::bhttp::status;
using http::bhttp::verb;

class auth_api_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("pantau-auth-api-" + std::to_string(rd()));
    account_options o;
    o.cost = password_cost::minimum();
    auto s = account_store::open((dir_ / "hub.db").string(), clock_, o);
    ASSERT_TRUE(s) << s.err().message;
    store_ = std::move(s).value();
    for (auto [name, r, units] : {std::tuple{"admin", role::admin, std::vector<std::string>{}},
                                  std::tuple{"sup", role::supervisor, std::vector<std::string>{"dukcapil"}},
                                  std::tuple{"viewer", role::viewer, std::vector<std::string>{}}})
      ASSERT_TRUE(store_->put_user(user_update{name, r, units, std::string("kata-sandi-1"), std::nullopt}));
    api_ = std::make_unique<auth_api>(*store_, clock_);
    api_->attach(router_);
    router_.add(verb::get, "/api/v1/kiosks", [](const http::request& req, const http::route_match& m) {
      return http::json_response(req, status::ok, "{\"seen_by\":\"" + m.who->user + "\"}");
    });
    router_.add(verb::get, "/healthz", [](const http::request& req, const http::route_match& m) {
      EXPECT_FALSE(m.who);
      return http::json_response(req, status::ok, "{}");
    });
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  http::response send(verb v, const std::string& target, const std::string& cookie = {}, std::string body = {},
                      std::string_view type = "application/json", const std::string& client = "10.1.1.1") {
    http::request req{v, target, 11};
    req.set(field::host, "127.0.0.1");
    if (!cookie.empty()) req.set(field::cookie, "theme=dark; " + cookie + "; lang=id");
    if (!body.empty()) {
      req.set(field::content_type, type);
      req.body() = std::move(body);
      req.prepare_payload();
    }
    return router_.dispatch(req, client);
  }
  http::response login(const std::string& user, const std::string& password, const std::string& client = "10.1.1.1") {
    boost::json::object o;
    o["user"] = user;
    o["password"] = password;
    return send(verb::post, "/api/v1/session", {}, boost::json::serialize(o), "application/json", client);
  }
  // "pantau_session=<token>" from a Set-Cookie header.
  static std::string cookie_of(const http::response& res) {
    std::string c(res[field::set_cookie]);
    return c.substr(0, c.find(';'));
  }
  static std::string error_of(const http::response& res) {
    return std::string(boost::json::parse(res.body()).as_object().at("error").as_string());
  }

  manual_clock clock_{1'800'000'000'000, 5'000'000};
  std::filesystem::path dir_;
  std::unique_ptr<account_store> store_;
  std::unique_ptr<auth_api> api_;
  http::router router_;
};

TEST_F(auth_api_test, without_a_session_every_api_path_is_401_but_health_is_open) {
  for (auto [v, target] : {std::pair{verb::get, "/api/v1/kiosks"}, std::pair{verb::get, "/api/v1/session"},
                           std::pair{verb::delete_, "/api/v1/session"}, std::pair{verb::get, "/api/v1/users"},
                           std::pair{verb::post, "/api/v1/users"}, std::pair{verb::get, "/api/v1/no-such-thing"},
                           std::pair{verb::head, "/api/v1/kiosks"}, std::pair{verb::get, "/api/v1"}}) {
    auto res = send(v, target);
    EXPECT_EQ(res.result(), status::unauthorized) << target;
    if (v != verb::head) {
      EXPECT_EQ(error_of(res), "perlu masuk / login required") << target;
    }
  }
  EXPECT_EQ(send(verb::get, "/api/v1/kiosks", "pantau_session=" + std::string(43, 'x')).result(), status::unauthorized);
  EXPECT_EQ(send(verb::get, "/healthz").result(), status::ok);
  EXPECT_EQ(send(verb::get, "/no/such").result(), status::not_found);
}

TEST_F(auth_api_test, a_router_without_authenticator_refuses_api_paths) {
  http::router bare;
  bare.add(verb::get, "/api/v1/kiosks", [](const http::request& req, const http::route_match&) {
    return http::json_response(req, status::ok, "[]");
  });
  http::request req{verb::get, "/api/v1/kiosks", 11};
  EXPECT_EQ(bare.dispatch(req).result(), status::unauthorized);
}

TEST_F(auth_api_test, login_sets_a_strict_http_only_cookie_that_opens_the_api) {
  auto res = login("sup", "kata-sandi-1");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const std::string set_cookie(res[field::set_cookie]);
  EXPECT_EQ(set_cookie.rfind("pantau_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos);
  EXPECT_NE(set_cookie.find("; Max-Age=43200"), std::string::npos);
  EXPECT_EQ(cookie_of(res).size(), std::string("pantau_session=").size() + 43);
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("user").as_string(), "sup");
  EXPECT_EQ(body.at("role").as_string(), "supervisor");
  EXPECT_EQ(body.at("units").as_array().at(0).as_string(), "dukcapil");

  const std::string cookie = cookie_of(res);
  auto kiosks = send(verb::get, "/api/v1/kiosks", cookie);
  EXPECT_EQ(kiosks.result(), status::ok);
  EXPECT_EQ(kiosks.body(), "{\"seen_by\":\"sup\"}");
  auto me = send(verb::get, "/api/v1/session", cookie);
  EXPECT_EQ(me.result(), status::ok);
  EXPECT_EQ(me.body(), res.body());
}

TEST_F(auth_api_test, wrong_password_and_unknown_user_get_the_same_401) {
  auto wrong = login("sup", "salah-sandi");
  auto unknown = login("nobody", "kata-sandi-1");
  EXPECT_EQ(wrong.result(), status::unauthorized);
  EXPECT_EQ(unknown.result(), status::unauthorized);
  EXPECT_EQ(wrong.body(), unknown.body());
  EXPECT_TRUE(wrong[field::set_cookie].empty());
  EXPECT_NE(error_of(wrong), "perlu masuk / login required");
}

TEST_F(auth_api_test, malformed_logins_are_400_or_415) {
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "{\"user\":\"sup\"}").result(), status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "[1,2]").result(), status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "{nope").result(), status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "{\"user\":1,\"password\":2}").result(), status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "{\"user\":\"sup\",\"password\":\"kata-sandi-1\"}", "text/plain")
                .result(),
            status::unsupported_media_type);
  EXPECT_EQ(send(verb::post, "/api/v1/session", {}, "{\"user\":\"sup\",\"password\":\"kata-sandi-1\"}",
                 "application/json; charset=utf-8")
                .result(),
            status::ok);
}

TEST_F(auth_api_test, logout_ends_the_session_and_clears_the_cookie) {
  const std::string cookie = cookie_of(login("viewer", "kata-sandi-1"));
  ASSERT_EQ(send(verb::get, "/api/v1/session", cookie).result(), status::ok);
  auto res = send(verb::delete_, "/api/v1/session", cookie);
  EXPECT_EQ(res.result(), status::no_content);
  EXPECT_NE(std::string(res[field::set_cookie]).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(send(verb::get, "/api/v1/session", cookie).result(), status::unauthorized);
  EXPECT_EQ(send(verb::delete_, "/api/v1/session", cookie).result(), status::unauthorized);
}

TEST_F(auth_api_test, sessions_expire_after_twelve_idle_hours) {
  const std::string cookie = cookie_of(login("viewer", "kata-sandi-1"));
  clock_.advance(11 * 3600 * 1000);
  EXPECT_EQ(send(verb::get, "/api/v1/kiosks", cookie).result(), status::ok);
  clock_.advance(12 * 3600 * 1000 + 1);
  EXPECT_EQ(send(verb::get, "/api/v1/kiosks", cookie).result(), status::unauthorized);
}

TEST_F(auth_api_test, only_admins_manage_users) {
  for (const char* who : {"sup", "viewer"}) {
    const std::string cookie = cookie_of(login(who, "kata-sandi-1"));
    EXPECT_EQ(send(verb::get, "/api/v1/users", cookie).result(), status::forbidden) << who;
    EXPECT_EQ(send(verb::post, "/api/v1/users", cookie,
                   R"({"user":"mallory","role":"admin","password":"kata-sandi-9"})")
                  .result(),
              status::forbidden)
        << who;
  }
  const std::string admin = cookie_of(login("admin", "kata-sandi-1"));
  auto created = send(verb::post, "/api/v1/users", admin,
                      R"({"user":"ani","role":"supervisor","units":["dpmptsp"],"password":"kata-sandi-2"})");
  EXPECT_EQ(created.result(), status::created) << created.body();
  auto updated = send(verb::post, "/api/v1/users", admin, R"({"user":"ani","role":"viewer","units":[]})");
  EXPECT_EQ(updated.result(), status::ok) << updated.body();
  EXPECT_EQ(send(verb::post, "/api/v1/users", admin, R"({"user":"x","role":"god","password":"kata-sandi-2"})").result(),
            status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/users", admin, R"({"user":"x","role":"supervisor","password":"kata-sandi-2"})")
                .result(),
            status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/users", admin, R"({"user":"x","role":"viewer","password":"short"})").result(),
            status::bad_request);
  EXPECT_EQ(send(verb::post, "/api/v1/users", admin, R"({"user":"x","role":"viewer","password":"kata-sandi-2","is_root":true})")
                .result(),
            status::bad_request);
  EXPECT_FALSE(*store_->find_user("mallory"));
  EXPECT_FALSE(*store_->find_user("x"));

  auto list = send(verb::get, "/api/v1/users", admin);
  ASSERT_EQ(list.result(), status::ok);
  EXPECT_EQ(list.body().find("argon2"), std::string::npos) << "never hand out hashes";
  auto users = boost::json::parse(list.body()).as_array();
  ASSERT_EQ(users.size(), 4u);
  EXPECT_EQ(users[1].as_object().at("user").as_string(), "ani");
  EXPECT_EQ(users[1].as_object().at("role").as_string(), "viewer");
  EXPECT_TRUE(login("ani", "kata-sandi-2").result() == status::ok);
}

TEST_F(auth_api_test, five_failures_then_429_with_retry_after_even_for_the_right_password) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login("sup", "salah-" + std::to_string(i)).result(), status::unauthorized);
  auto res = login("sup", "kata-sandi-1");
  EXPECT_EQ(res.result(), status::too_many_requests);
  EXPECT_EQ(res[field::retry_after], "900");
  EXPECT_TRUE(res[field::set_cookie].empty());
  // Another user from another address is unaffected; from the same address only 5 failures count too.
  EXPECT_EQ(login("viewer", "kata-sandi-1", "10.9.9.9").result(), status::ok);
  clock_.advance(15 * 60 * 1000);
  EXPECT_EQ(login("sup", "kata-sandi-1", "10.9.9.8").result(), status::ok);
}

TEST_F(auth_api_test, failures_from_one_address_across_users_are_throttled) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(login("guess" + std::to_string(i), "salah-sandi", "172.16.0.7").result(), status::unauthorized);
  EXPECT_EQ(login("admin", "kata-sandi-1", "172.16.0.7").result(), status::too_many_requests);
  EXPECT_EQ(login("admin", "kata-sandi-1", "172.16.0.8").result(), status::ok);
}

TEST_F(auth_api_test, the_server_hands_the_peer_address_to_throttling_and_cookies_work_over_the_wire) {
  std::string seen_client;
  router_.add(verb::get, "/api/v1/peer", [&seen_client](const http::request& req, const http::route_match& m) {
    seen_client = m.client;
    return http::json_response(req, status::ok, "{}");
  });
  auto routes = std::make_shared<http::router>(std::move(router_));
  auto server = http::start_server(http::server_options{}, routes);
  ASSERT_TRUE(server) << server.err().message;
  boost::asio::io_context ioc;
  auto exchange = [&](http::request req) {
    boost::beast::tcp_stream stream(ioc);
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), (*server)->port()));
    req.set(field::host, "127.0.0.1");
    req.prepare_payload();
    http::bhttp::write(stream, req);
    boost::beast::flat_buffer buf;
    http::response res;
    http::bhttp::read(stream, buf, res);
    return res;
  };
  http::request login_req{verb::post, "/api/v1/session", 11};
  login_req.set(field::content_type, "application/json");
  login_req.body() = R"({"user":"viewer","password":"kata-sandi-1"})";
  auto res = exchange(login_req);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  http::request peer{verb::get, "/api/v1/peer", 11};
  peer.set(field::cookie, cookie_of(res));
  EXPECT_EQ(exchange(peer).result(), status::ok);
  EXPECT_EQ(seen_client, "127.0.0.1");
  (*server)->stop();
}

TEST(cookie_value_test, finds_one_cookie_among_many_headers_and_pairs) {
  http::request req{verb::get, "/", 11};
  req.insert(field::cookie, "a=1; b=2");
  req.insert(field::cookie, "pantau_session=abc ; c=3");
  EXPECT_EQ(cookie_value(req, "pantau_session"), "abc");
  EXPECT_EQ(cookie_value(req, "b"), "2");
  EXPECT_EQ(cookie_value(req, "pantau"), "");
  EXPECT_EQ(cookie_value(req, "zzz"), "");
}

}  // namespace
}  // namespace pantau::hub::auth
