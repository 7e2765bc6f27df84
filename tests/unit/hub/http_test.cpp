// The hub's HTTP side: the router on its own, then the hub's endpoints on a real loopback socket.
// The server itself (keep-alive, bad input, stop, the worker) is tested in tests/unit/http.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>

#include "pantau/hub/http/hub_api.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/hub/http/server.hpp"
#include "pantau/test/beast_exchange.hpp"

namespace pantau::hub::http {
namespace {

request make_request(bhttp::verb verb, std::string target) {
  request req{verb, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  return req;
}

std::string json_field(const std::string& body, const char* key) {
  auto v = boost::json::parse(body);
  return std::string(v.as_object().at(key).as_string());
}

// ---- router ---------------------------------------------------------------------------------

TEST(router_test, routes_by_path_and_method_with_params_and_query) {
  router r;
  r.set_authenticator([](const request&) { return std::optional<principal>(principal{"tester", role::admin, {}}); });
  r.add(bhttp::verb::get, "/api/v1/employees/{nip}", [](const request& req, const route_match& m) {
    std::string body = m.params.at("nip");
    if (auto it = m.query.find("from"); it != m.query.end()) body += "|" + it->second;
    return make_response(req, bhttp::status::ok, body, "text/plain");
  });
  auto res = r.dispatch(make_request(bhttp::verb::get, "/api/v1/employees/199001012015031001?from=2026-01-01&x=a%20b"));
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res.body(), "199001012015031001|2026-01-01");

  res = r.dispatch(make_request(bhttp::verb::get, "/api/v1/employees/"));
  EXPECT_EQ(res.result(), bhttp::status::not_found);
  res = r.dispatch(make_request(bhttp::verb::get, "/api/v1/employees/a/b"));
  EXPECT_EQ(res.result(), bhttp::status::not_found);
  EXPECT_NE(json_field(res.body(), "error").find("not found"), std::string::npos);
}

TEST(router_test, wrong_method_is_405_with_allow) {
  router r;
  r.add(bhttp::verb::get, "/healthz", [](const request& req, const route_match&) {
    return make_response(req, bhttp::status::ok, "ok", "text/plain");
  });
  auto res = r.dispatch(make_request(bhttp::verb::delete_, "/healthz"));
  EXPECT_EQ(res.result(), bhttp::status::method_not_allowed);
  EXPECT_EQ(res[bhttp::field::allow], "GET, HEAD");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
}

TEST(router_test, head_answers_like_get_without_a_body) {
  router r;
  r.add(bhttp::verb::get, "/x", [](const request& req, const route_match&) {
    return make_response(req, bhttp::status::ok, "12345", "text/plain");
  });
  auto res = r.dispatch(make_request(bhttp::verb::head, "/x"));
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(res[bhttp::field::content_length], "5");
}

TEST(router_test, malformed_targets_are_400_and_a_throwing_handler_500) {
  router r;
  r.add(bhttp::verb::get, "/boom", [](const request&, const route_match&) -> response {
    throw std::runtime_error("kaput");
  });
  EXPECT_EQ(r.dispatch(make_request(bhttp::verb::get, "/x?a=%zz")).result(), bhttp::status::bad_request);
  EXPECT_EQ(r.dispatch(make_request(bhttp::verb::get, "/x%")).result(), bhttp::status::bad_request);
  EXPECT_EQ(r.dispatch(make_request(bhttp::verb::get, "http://example.com/x")).result(), bhttp::status::bad_request);
  EXPECT_EQ(r.dispatch(make_request(bhttp::verb::get, "/boom")).result(), bhttp::status::internal_server_error);
}

TEST(router_test, percent_decoding_and_query_parsing) {
  EXPECT_EQ(percent_decode("a%2Fb+c", true), "a/b c");
  EXPECT_EQ(percent_decode("a+c", false), "a+c");
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("%G0", false));
  auto q = parse_query("a=1&&b=&c=x%3Dy");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->at("a"), "1");
  EXPECT_EQ(q->at("b"), "");
  EXPECT_EQ(q->at("c"), "x=y");
  EXPECT_FALSE(parse_query("=1").ok());
}

// What a page of another site can post without a CORS preflight is refused, whatever the cookie.
TEST(router_test, writes_with_a_form_sendable_body_are_415) {
  router r;
  r.set_authenticator([](const request&) { return std::optional<principal>(principal{"t", role::admin, {}}); });
  r.add(bhttp::verb::post, "/api/v1/things", [](const request& req, const route_match&) {
    return make_response(req, bhttp::status::created, "made", "text/plain");
  });
  const auto post = [&](std::optional<std::string> type, std::string body) {
    auto req = make_request(bhttp::verb::post, "/api/v1/things");
    if (type) req.set(bhttp::field::content_type, *type);
    req.body() = std::move(body);
    req.prepare_payload();
    return r.dispatch(req).result();
  };
  EXPECT_EQ(post(std::nullopt, "{}"), bhttp::status::unsupported_media_type);
  EXPECT_EQ(post("text/plain;charset=UTF-8", "{}"), bhttp::status::unsupported_media_type);
  EXPECT_EQ(post("Application/X-WWW-Form-Urlencoded", "a=1"), bhttp::status::unsupported_media_type);
  EXPECT_EQ(post("multipart/form-data; boundary=x", "--x--"), bhttp::status::unsupported_media_type);
  EXPECT_EQ(post("application/json", "{}"), bhttp::status::created);
  EXPECT_EQ(post("text/csv; charset=utf-8", "a,b"), bhttp::status::created);
  EXPECT_EQ(post(std::nullopt, ""), bhttp::status::created) << "no body, nothing to smuggle";
}

TEST(router_test, long_running_routes_are_known_by_path_and_method) {
  router r;
  const auto ok = [](const request& req, const route_match&) {
    return make_response(req, bhttp::status::ok, "ok", "text/plain");
  };
  r.add(bhttp::verb::get, "/api/v1/export/{file}", ok, route_cost::long_running);
  r.add(bhttp::verb::post, "/api/v1/export/{file}", ok);
  r.add(bhttp::verb::get, "/healthz", ok);
  EXPECT_TRUE(r.runs_long(make_request(bhttp::verb::get, "/api/v1/export/a%2Eb.csv?unit=x")));
  EXPECT_TRUE(r.runs_long(make_request(bhttp::verb::head, "/api/v1/export/a.csv")));
  EXPECT_FALSE(r.runs_long(make_request(bhttp::verb::post, "/api/v1/export/a.csv")));
  EXPECT_FALSE(r.runs_long(make_request(bhttp::verb::get, "/healthz")));
  EXPECT_FALSE(r.runs_long(make_request(bhttp::verb::get, "/api/v1/export")));
  EXPECT_FALSE(r.runs_long(make_request(bhttp::verb::get, "/api/v1/export/%zz")));
  EXPECT_FALSE(r.runs_long(make_request(bhttp::verb::get, "http://x/api/v1/export/a.csv")));
}

// ---- hub endpoints on a real server -------------------------------------------------------------

class fake_directory final : public kiosk_directory {
 public:
  result<std::vector<kiosk_info>> list_kiosks() override {
    if (fail) return error{errc::store_error, "disk on fire"};
    return kiosks;
  }
  bool healthy() override { return !fail; }
  std::vector<kiosk_info> kiosks;
  std::atomic<bool> fail{false};
};

class server_test : public ::testing::Test {
 protected:
  void SetUp() override {
    kiosk_info k;
    k.office = "binjai-dukcapil";
    k.kiosk = "k-01";
    k.state = "online";
    k.events = 10000;
    k.last_seq = 10000;
    k.backlog = 2;
    k.last_seen_ms = 1795000000123;
    directory_.kiosks.push_back(k);
    auto routes = std::make_shared<router>();
    // Sessions are tested in tests/unit/hub_auth; here every API caller is an admin.
    routes->set_authenticator([](const request&) { return std::optional<principal>(principal{"t", role::admin, {}}); });
    add_hub_routes(*routes, hub_api_sources{[this] { return mqtt_.load(); }, [this] { return writes_ok_.load(); },
                                            [] { return std::string("pantau_hub_events_stored_total 7\n"); },
                                            &directory_});
    server_options o;
    o.port = 0;
    o.body_limit = 1024;
    auto s = start_server(o, routes);
    ASSERT_TRUE(s.ok()) << s.err().message;
    server_ = std::move(s).value();
    ASSERT_NE(server_->port(), 0);
  }

  response get(const std::string& target) {
    return test::exchange(server_->port(), make_request(bhttp::verb::get, target));
  }
  response raw(const std::string& bytes) { return test::exchange_raw(server_->port(), bytes); }

  fake_directory directory_;
  std::atomic<bool> mqtt_{true};
  std::atomic<bool> writes_ok_{true};
  std::unique_ptr<server> server_;
};

TEST_F(server_test, healthz_reports_mqtt_and_store) {
  auto res = get("/healthz");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res.body(), R"({"status":"ok","mqtt":"connected","store":"ok"})");
  mqtt_ = false;
  res = get("/healthz");
  EXPECT_EQ(res.result(), bhttp::status::ok) << "a broker outage is not the hub's ill health";
  EXPECT_EQ(json_field(res.body(), "mqtt"), "disconnected");
  writes_ok_ = false;
  res = get("/healthz");
  EXPECT_EQ(res.result(), bhttp::status::service_unavailable);
  EXPECT_EQ(json_field(res.body(), "store"), "failed");
  writes_ok_ = true;
  directory_.fail = true;
  EXPECT_EQ(get("/healthz").result(), bhttp::status::service_unavailable);
}

TEST_F(server_test, metrics_are_prometheus_text) {
  auto res = get("/metrics");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(res.body(), "pantau_hub_events_stored_total 7\n");
}

TEST_F(server_test, kiosks_are_listed_as_in_the_design) {
  auto res = get("/api/v1/kiosks");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  auto v = boost::json::parse(res.body());
  ASSERT_TRUE(v.is_array());
  const auto& k = v.as_array().at(0).as_object();
  EXPECT_EQ(k.at("kiosk").as_string(), "k-01");
  EXPECT_EQ(k.at("office").as_string(), "binjai-dukcapil");
  EXPECT_EQ(k.at("state").as_string(), "online");
  EXPECT_EQ(k.at("events").as_int64(), 10000);
  EXPECT_EQ(k.at("last_seq").as_int64(), 10000);
  EXPECT_EQ(k.at("backlog").as_int64(), 2);
  EXPECT_EQ(k.at("last_seen").as_string(), "2026-11-18T11:06:40.123Z");
  EXPECT_NE(res.body().find("\"events\":10000"), std::string::npos);
  directory_.fail = true;
  EXPECT_EQ(get("/api/v1/kiosks").result(), bhttp::status::service_unavailable);
}

TEST_F(server_test, unknown_path_is_404_json_and_wrong_method_405) {
  auto res = get("/no/such/path");
  EXPECT_EQ(res.result(), bhttp::status::not_found);
  EXPECT_FALSE(json_field(res.body(), "error").empty());
  res = raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(res.result(), bhttp::status::method_not_allowed);
}

TEST_F(server_test, a_request_that_does_not_parse_gets_the_hubs_json_error) {
  auto res = raw("GARBAGE\r\n\r\n");
  EXPECT_EQ(res.result(), bhttp::status::bad_request);
  EXPECT_EQ(res[bhttp::field::server], "pantau-hub");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_NE(json_field(res.body(), "error").find("permintaan tidak valid / bad request"), std::string::npos);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(raw("POST /healthz HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')).result(),
            bhttp::status::payload_too_large);
}

}  // namespace
}  // namespace pantau::hub::http
