// Accounts and access against the real pantau-hub program: sessions, roles, throttling and the
// administration commands (DESIGN §6, §9).
#include <gtest/gtest.h>

#include <memory>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/services.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

class access_test : public ::testing::Test {
 protected:
  void start_hub(hub_options o = {}) {
    broker_ = std::make_unique<mosquitto_broker>(dir_.path());
    broker_->start();
    hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url(), o);
    hub_->start();
  }
  http_response call(const std::string& method, const std::string& target, const std::string& cookie = {},
                     const std::string& body = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return http_request(hub_->http_port(), method, target, body, headers);
  }
  std::string login_body(const std::string& user, const std::string& password) {
    return "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  }

  temp_dir dir_{"pantau-access"};
  std::unique_ptr<mosquitto_broker> broker_;
  std::unique_ptr<hub_process> hub_;
};

TEST_F(access_test, without_a_session_every_api_route_is_401_and_health_and_metrics_are_open) {
  start_hub();
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/v1/kiosks"},
      {"GET", "/api/v1/session"},
      {"DELETE", "/api/v1/session"},
      {"GET", "/api/v1/users"},
      {"POST", "/api/v1/users"},
      {"GET", "/api/v1/kpi?scope=office&id=binjai-dukcapil&from=2026-01-01&to=2026-01-31"},
      {"GET", "/api/v1/alerts"},
      {"GET", "/api/v1/appraisal?period=2026-S2"},
      {"GET", "/api/v1/employees/199001012015031001"},
      {"GET", "/api/v1/export/attendance.csv"},
      {"GET", "/api/v1/no-such-route"},
  };
  for (const auto& [method, target] : routes) {
    auto res = call(method, target, {}, method == "POST" ? "{}" : "");
    EXPECT_EQ(res.status, 401) << method << " " << target << ": " << res.body;
    EXPECT_NE(res.body.find("perlu masuk / login required"), std::string::npos) << target;
    // A made-up token is no better than none.
    res = call(method, target, "pantau_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    EXPECT_EQ(res.status, 401) << method << " " << target;
  }
  EXPECT_EQ(http_get(hub_->http_port(), "/healthz").status, 200);
  EXPECT_EQ(http_get(hub_->http_port(), "/metrics").status, 200);
}

TEST_F(access_test, login_sets_a_strict_http_only_cookie_and_logout_ends_it) {
  start_hub();
  auto wrong = call("POST", "/api/v1/session", {}, login_body("admin", "not-the-password"));
  auto unknown = call("POST", "/api/v1/session", {}, login_body("nobody", "pantau-test-admin"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body) << "one answer for both";
  EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);

  auto ok = call("POST", "/api/v1/session", {}, login_body("admin", "pantau-test-admin"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("\"role\":\"admin\""), std::string::npos) << ok.body;
  const std::string set_cookie = ok.headers["set-cookie"];
  EXPECT_EQ(set_cookie.rfind("pantau_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("Max-Age=43200"), std::string::npos) << set_cookie;
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));

  EXPECT_EQ(call("GET", "/api/v1/kiosks", cookie).status, 200);
  auto me = call("GET", "/api/v1/session", cookie);
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"user\":\"admin\""), std::string::npos) << me.body;
  // Only a hash of the token is kept.
  const std::string token = cookie.substr(cookie.find('=') + 1);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'"), 0);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM sessions"), 1);

  // Sessions live in the store: a hub restart keeps people signed in.
  ASSERT_EQ(hub_->stop(), 0);
  hub_->start();
  EXPECT_EQ(call("GET", "/api/v1/session", cookie).status, 200);

  auto out = call("DELETE", "/api/v1/session", cookie);
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/v1/kiosks", cookie).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/session", cookie).status, 401);
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM sessions"), 0);
}

TEST_F(access_test, viewers_and_supervisors_get_403_on_admin_endpoints) {
  start_hub();
  ASSERT_EQ(hub_->add_user("budi", "supervisor", {"dukcapil"}, "sandi-budi-1"), 0);
  ASSERT_EQ(hub_->add_user("ani", "viewer", {}, "sandi-ani-1"), 0);
  for (auto [user, password] : {std::pair{"budi", "sandi-budi-1"}, std::pair{"ani", "sandi-ani-1"}}) {
    const std::string cookie = hub_->login(user, password);
    ASSERT_FALSE(cookie.empty()) << user;
    EXPECT_EQ(call("GET", "/api/v1/kiosks", cookie).status, 200) << user;
    EXPECT_EQ(call("GET", "/api/v1/users", cookie).status, 403) << user;
    auto res = call("POST", "/api/v1/users", cookie,
                    R"({"user":"mallory","role":"admin","password":"sandi-mallory-1"})");
    EXPECT_EQ(res.status, 403) << user << ": " << res.body;
  }
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM users WHERE name = 'mallory'"), 0);

  const std::string admin = hub_->login();
  auto list = call("GET", "/api/v1/users", admin);
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("\"user\":\"budi\""), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("\"units\":[\"dukcapil\"]"), std::string::npos) << list.body;
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);
  auto created = call("POST", "/api/v1/users", admin,
                      R"({"user":"sari","role":"supervisor","units":["dpmptsp"],"password":"sandi-sari-1"})");
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(hub_->login("sari", "sandi-sari-1").empty());
}

TEST_F(access_test, five_failures_then_429_with_retry_after) {
  start_hub();
  for (int i = 0; i < 5; ++i) {
    auto res = call("POST", "/api/v1/session", {}, login_body("admin", "guess-" + std::to_string(i)));
    EXPECT_EQ(res.status, 401) << i;
  }
  auto res = call("POST", "/api/v1/session", {}, login_body("admin", "pantau-test-admin"));
  EXPECT_EQ(res.status, 429) << res.body;
  ASSERT_TRUE(res.headers.count("retry-after"));
  const int retry = std::stoi(res.headers["retry-after"]);
  EXPECT_GT(retry, 800);
  EXPECT_LE(retry, 900);
  EXPECT_EQ(res.headers.count("set-cookie"), 0u);
  // The whole client address is throttled now, whichever name it tries.
  EXPECT_EQ(call("POST", "/api/v1/session", {}, login_body("someone", "whatever-1")).status, 429);
}

TEST_F(access_test, user_add_command_creates_updates_and_refuses_bad_input_with_exit_2) {
  // No broker and no running hub: the command only needs the store.
  hub_options o;
  o.admin_user.clear();
  hub_ = std::make_unique<hub_process>(dir_.path(), "tcp://127.0.0.1:1", o);

  std::string out;
  EXPECT_EQ(hub_->add_user("kepala", "supervisor", {"dukcapil", "dpmptsp"}, "sandi-kepala-1", &out), 0) << out;
  EXPECT_NE(out.find("pengguna kepala dibuat / user kepala created"), std::string::npos) << out;
  EXPECT_EQ(hub_->add_user("kepala", "supervisor", {"dukcapil"}, "sandi-kepala-2", &out), 0) << out;
  EXPECT_NE(out.find("kepala"), std::string::npos) << out;
  EXPECT_EQ(sql_rows(hub_->db_path(), "SELECT role, units FROM users WHERE name = 'kepala'"),
            (std::vector<std::vector<std::string>>{{"supervisor", "[\"dukcapil\"]"}}));

  EXPECT_EQ(hub_->add_user("x", "superuser", {}, "sandi-panjang-1", &out), 2);
  EXPECT_NE(out.find("role"), std::string::npos) << out;
  EXPECT_EQ(hub_->add_user("x", "viewer", {}, "", &out), 2);
  EXPECT_NE(out.find("password"), std::string::npos) << out;
  EXPECT_EQ(hub_->add_user("x", "supervisor", {}, "sandi-panjang-1", &out), 2);
  EXPECT_NE(out.find("unit"), std::string::npos) << out;
  EXPECT_EQ(hub_->add_user("x", "viewer", {}, "pendek", &out), 2);
  EXPECT_EQ(hub_->run_command({"user", "add", "x", "--role", "viewer"}, &out), 2) << out;
  EXPECT_EQ(hub_->run_command({"user", "add", "--role", "viewer"}, &out), 2) << out;
  EXPECT_EQ(sql_int(hub_->db_path(), "SELECT count(*) FROM users"), 1);
}

TEST_F(access_test, kiosk_add_registers_a_kiosk_for_a_closed_registry) {
  broker_ = std::make_unique<mosquitto_broker>(dir_.path());
  broker_->start();
  hub_options o;
  o.auto_register = false;
  hub_ = std::make_unique<hub_process>(dir_.path(), broker_->url(), o);
  std::string out;
  const std::string key = test_kiosk_public_key("binjai-dukcapil", "k-07");
  EXPECT_EQ(hub_->run_command({"kiosk", "add", "binjai-dukcapil", "k-07", "--public-key", key}, &out), 0) << out;
  EXPECT_NE(out.find("binjai-dukcapil/k-07"), std::string::npos) << out;
  EXPECT_EQ(hub_->run_command({"kiosk", "add", "binjai-dukcapil", "k-07", "--public-key", key}, &out), 0)
      << "idempotent: " << out;
  EXPECT_EQ(out.find("epoch"), std::string::npos) << "the same key again starts no epoch: " << out;
  EXPECT_EQ(hub_->run_command({"kiosk", "add", "binjai-dukcapil", "k-09", "--public-key", "not-a-key"}, &out), 2)
      << out;
  EXPECT_EQ(hub_->run_command({"kiosk", "add", "Binjai", "k-08"}, &out), 2) << out;
  EXPECT_EQ(hub_->run_command({"kiosk", "add", "binjai-dukcapil"}, &out), 2) << out;

  hub_->start();
  auto res = call("GET", "/api/v1/kiosks", hub_->login());
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("\"kiosk\":\"k-07\""), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("k-08"), std::string::npos) << res.body;
}

// An admin registers a kiosk through the API (the dashboard's fleet form): checked, idempotent,
// refused to everyone else; once provisioning registers its key, its events are stored at once.
TEST(kiosk_registration_test, admins_register_kiosks_through_the_api_and_their_events_are_accepted) {
  hub_options o;
  o.auto_register = false;
  demo_hub demo({{"sup", "supervisor", {"pendaftaran"}, "sandi-sup-1"}}, o, "pantau-enrol");
  const std::string admin = demo.hub.login();
  const std::string supervisor = demo.hub.login("sup", "sandi-sup-1");
  ASSERT_FALSE(admin.empty());
  ASSERT_FALSE(supervisor.empty());
  const std::string body = R"({"office":"binjai-dukcapil","kiosk":"k-21"})";

  EXPECT_EQ(demo.call("POST", "/api/v1/kiosks", {}, body).status, 401);
  EXPECT_EQ(demo.call("POST", "/api/v1/kiosks", supervisor, body).status, 403);
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"not json", "objek JSON"},
      {R"({"office":"binjai-dukcapil"})", "bad name"},
      {R"({"office":"binjai-dukcapil","kiosk":"K 21"})", "bad name"},
      {R"({"office":"binjai-dukcapil","kiosk":21})", "must be a string"},
      {R"({"office":"binjai-dukcapil","kiosk":"k-21","zone":"WIB"})", "unknown field: zone"},
  };
  for (const auto& [bad, why] : refused) {
    auto res = demo.call("POST", "/api/v1/kiosks", admin, bad);
    EXPECT_EQ(res.status, 400) << bad;
    EXPECT_NE(res.body.find(why), std::string::npos) << bad << ": " << res.body;
  }
  auto nowhere = demo.call("POST", "/api/v1/kiosks", admin, R"({"office":"binjai-dukcapi","kiosk":"k-21"})");
  EXPECT_EQ(nowhere.status, 404) << nowhere.body;
  EXPECT_NE(nowhere.body.find("unknown office"), std::string::npos) << nowhere.body;
  EXPECT_EQ(sql_int(demo.hub.db_path(), "SELECT count(*) FROM kiosks"), 0) << "nothing refused was kept";

  auto created = demo.call("POST", "/api/v1/kiosks", admin, body);
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_NE(created.body.find(R"("kiosk":"k-21")"), std::string::npos) << created.body;
  EXPECT_NE(created.body.find(R"("last_seen":null)"), std::string::npos) << created.body;
  EXPECT_EQ(demo.call("POST", "/api/v1/kiosks", admin, body).status, 200) << "already registered";
  EXPECT_NE(demo.call("GET", "/api/v1/kiosks", admin).body.find(R"("kiosk":"k-21")"), std::string::npos);

  std::string out;
  ASSERT_EQ(demo.hub.run_command({"kiosk", "add", "binjai-dukcapil", "k-21", "--public-key",
                                  test_kiosk_public_key("binjai-dukcapil", "k-21")},
                                 &out),
            0)
      << out;
  const wire_kiosk k21{"binjai-dukcapil", "k-21"};
  const wire_kiosk stranger{"binjai-dukcapil", "k-99"};
  const auto ts = iso_utc(suite_clock().now());
  k21.publish(demo.broker.url(), {k21.event(1, ts, "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt))});
  stranger.publish(demo.broker.url(),
                   {stranger.event(1, ts, "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt))});
  const auto stored = [&](const std::string& kiosk) {
    return sql_int(demo.hub.db_path(), "SELECT count(*) FROM events WHERE kiosk = '" + kiosk + "'");
  };
  ASSERT_TRUE(wait_until([&] { return stored("k-21") == 1; }, 20s)) << demo.hub.proc().log();
  ASSERT_TRUE(wait_until(
      [&] { return sql_int(demo.hub.db_path(), "SELECT count(*) FROM unauthenticated WHERE topic LIKE '%/k-99/%'") == 1; },
      20s))
      << "the unregistered one is refused and kept aside";
  EXPECT_EQ(sql_int(demo.hub.db_path(), "SELECT count(*) FROM rejected"), 0) << "and never acked as rejected";
  EXPECT_EQ(stored("k-99"), 0);
}

}  // namespace
}  // namespace pantau::test
