// The touch UI's server over real loopback sockets with a real SQLite outbox in a temp dir: files
// served and bad paths refused, taps answered only after the outbox commit (the row is there when
// the reply arrives), a locked outbox answered with an error instead of a confirmation, bad
// messages answered with a clear error, foreign page origins refused, and the command parser's validation.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <fstream>
#include <string>

#include "pantau/kiosk/sqlite_outbox.hpp"
#include "pantau/kiosk/ui_json.hpp"
#include "pantau/kiosk/ui_server.hpp"
#include "pantau/shared/codec.hpp"
#include "test_util.hpp"

namespace pantau::kiosk {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;

const kiosk_identity identity{"k-01", "binjai-dukcapil", "0a6f7c8e-8a5e-4d6b-9a0e-1f9c2b7d4e11"};

class ui_server_test : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = dir_.path() / "web";
    std::filesystem::create_directories(web_);
    std::ofstream(web_ / "index.html") << "<!doctype html><title>kios</title>";
    std::ofstream(web_ / "app.js") << "'use strict';";
    db_ = (dir_.path() / "outbox.db").string();
    auto box = sqlite_outbox::open({db_, 300}, event_factory(identity, clk_));
    ASSERT_TRUE(box.ok()) << box.err().message;
    station_options so;
    so.kiosk = "k-01";
    so.office = "binjai-dukcapil";
    so.connected = [] { return false; };
    so.ui.counter = "loket-2";
    auto st = station::start(std::move(so), std::move(box).value(), clk_);
    ASSERT_TRUE(st.ok()) << st.err().message;
    station_ = std::move(st).value();
    ui_server_options o;
    o.web_dir = web_.string();
    auto srv = ui_server::start(std::move(o), *station_);
    ASSERT_TRUE(srv.ok()) << srv.err().message;
    server_ = std::move(srv).value();
  }

  bhttp::response<bhttp::string_body> get(const std::string& target, bhttp::verb verb = bhttp::verb::get) {
    net::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    bhttp::request<bhttp::string_body> req{verb, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.prepare_payload();
    bhttp::write(s, req);
    beast::flat_buffer buf;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(s, buf, res);
    return res;
  }

  // Rows in the outbox file right now, read through a connection of the test's own.
  std::vector<stored_event> rows_in_file() {
    auto box = sqlite_outbox::open({db_, 5000}, event_factory(identity, clk_));
    EXPECT_TRUE(box.ok());
    auto rows = (*box)->pending(0, 1000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<stored_event>{};
  }

  test_util::temp_dir dir_;
  std::filesystem::path web_;
  std::string db_;
  system_clock clk_;
  std::unique_ptr<station> station_;  // declared first: the server is a peer, gone before it
  std::unique_ptr<ui_server> server_;
};

class ws_client {
 public:
  explicit ws_client(std::uint16_t port) : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.handshake("127.0.0.1", "/ws");
  }
  void send(const std::string& text) { ws_.write(net::buffer(text)); }
  json::object next() {
    beast::flat_buffer buf;
    ws_.read(buf);
    return json::parse(beast::buffers_to_string(buf.data())).as_object();
  }
  json::object next_of(std::string_view type) {
    for (;;) {
      auto m = next();
      if (m.at("type").as_string() == type) return m;
    }
  }

 private:
  net::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

TEST_F(ui_server_test, serves_the_web_files_and_refuses_anything_else) {
  auto index = get("/");
  EXPECT_EQ(index.result(), bhttp::status::ok);
  EXPECT_NE(index.body().find("kios"), std::string::npos);
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  auto js = get("/app.js");
  EXPECT_EQ(js.result(), bhttp::status::ok);
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  auto missing = get("/nothing.html");
  EXPECT_EQ(missing.result(), bhttp::status::not_found);
  EXPECT_NE(missing.body().find("Tidak ditemukan / Not found"), std::string::npos);
  EXPECT_EQ(get("/../outbox.db").result(), bhttp::status::bad_request);
  EXPECT_EQ(get("/%2e%2e/outbox.db").result(), bhttp::status::bad_request);
  EXPECT_EQ(get("/", bhttp::verb::post).result(), bhttp::status::method_not_allowed);
  EXPECT_EQ(get("/ws").result(), bhttp::status::bad_request);
}

TEST_F(ui_server_test, only_loopback_pages_may_open_the_websocket) {
  auto try_origin = [&](const std::string& origin) {
    net::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    beast::get_lowest_layer(ws).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    ws.set_option(websocket::stream_base::decorator(
        [origin](websocket::request_type& req) { req.set(bhttp::field::origin, origin); }));
    beast::error_code ec;
    ws.handshake("127.0.0.1", "/ws", ec);
    return !ec;
  };
  EXPECT_TRUE(try_origin("http://127.0.0.1:" + std::to_string(server_->port())));
  EXPECT_TRUE(try_origin("http://localhost:8090"));
  EXPECT_FALSE(try_origin("http://evil.example"));
  EXPECT_FALSE(try_origin("http://127.0.0.1.evil.example"));
  EXPECT_FALSE(try_origin("null"));
}

TEST_F(ui_server_test, a_new_screen_gets_the_state_at_once) {
  ws_client c(server_->port());
  auto s = c.next_of("state");
  EXPECT_EQ(s.at("screen").as_string(), "idle");
  EXPECT_EQ(s.at("counter").as_string(), "loket-2");
  EXPECT_EQ(s.at("counter_state").as_string(), "closed");
  EXPECT_EQ(s.at("connection").as_string(), "offline");
  EXPECT_EQ(s.at("kiosk").as_string(), "k-01");
  EXPECT_TRUE(s.at("employee").is_null());
}

TEST_F(ui_server_test, the_reply_comes_after_the_commit_and_carries_its_seq) {
  ws_client c(server_->port());
  c.send(R"({"op":"rate","overall":4,"re":7})");
  auto reply = c.next_of("reply");
  EXPECT_EQ(reply.at("re").as_int64(), 7);
  ASSERT_TRUE(reply.at("ok").as_bool()) << json::serialize(reply);
  const auto seq = reply.at("seq").as_int64();
  EXPECT_EQ(reply.at("screen").as_string(), "thanks");
  // The row is in the file when the screen is told: nothing is confirmed that is not durable.
  const auto rows = rows_in_file();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].seq, seq);
  auto e = decode_event(rows[0].payload);
  ASSERT_TRUE(e.ok());
  const auto& r = std::get<rating_data>(e->data);
  EXPECT_EQ(r.overall, 4);
  EXPECT_EQ(r.counter, "loket-2");
  EXPECT_EQ(c.next_of("state").at("screen").as_string(), "thanks");
}

TEST_F(ui_server_test, a_low_score_then_the_follow_up_answer_is_one_rating) {
  ws_client c(server_->port());
  c.send(R"({"op":"rate","overall":1,"re":1})");
  auto first = c.next_of("reply");
  ASSERT_TRUE(first.at("ok").as_bool());
  EXPECT_TRUE(first.at("seq").is_null());
  EXPECT_EQ(first.at("screen").as_string(), "follow_up");
  EXPECT_TRUE(rows_in_file().empty());
  c.send(R"({"op":"follow_up","element":7,"re":2})");
  auto second = c.next_of("reply");
  ASSERT_TRUE(second.at("ok").as_bool());
  EXPECT_EQ(second.at("seq").as_int64(), 1);
  const auto rows = rows_in_file();
  ASSERT_EQ(rows.size(), 1u);
  const auto& r = std::get<rating_data>(decode_event(rows[0].payload)->data);
  EXPECT_EQ(r.overall, 1);
  ASSERT_TRUE(r.elements.has_value());
  EXPECT_EQ((*r.elements)[6], 1);
}

TEST_F(ui_server_test, a_locked_outbox_is_an_error_on_screen_not_a_thank_you) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  ws_client c(server_->port());
  c.send(R"({"op":"rate","overall":3,"re":1})");
  auto reply = c.next_of("reply");
  EXPECT_FALSE(reply.at("ok").as_bool());
  EXPECT_EQ(reply.at("code").as_string(), "not_committed");
  EXPECT_NE(std::string(reply.at("error").as_string()).find("Gagal menyimpan"), std::string::npos);
  ASSERT_EQ(sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  c.send(R"({"op":"rate","overall":3,"re":2})");
  auto again = c.next_of("reply");
  EXPECT_TRUE(again.at("ok").as_bool());
  EXPECT_EQ(rows_in_file().size(), 1u);
}

TEST_F(ui_server_test, bad_messages_get_a_clear_error_and_the_connection_stays) {
  ws_client c(server_->port());
  for (const char* bad : {"not json", R"({"op":"rate","overall":9})", R"({"op":"dance"})", R"([1,2])",
                          R"({"op":"counter","action":"explode"})"}) {
    c.send(bad);
    auto reply = c.next_of("reply");
    EXPECT_FALSE(reply.at("ok").as_bool()) << bad;
    EXPECT_NE(std::string(reply.at("error").as_string()).find(" / "), std::string::npos) << bad;
  }
  c.send(R"({"op":"counter","action":"open"})");
  auto no_badge = c.next_of("reply");
  EXPECT_EQ(no_badge.at("code").as_string(), "no_employee");
  EXPECT_TRUE(rows_in_file().empty());
}

TEST_F(ui_server_test, a_badge_scan_greets_the_employee_and_enables_counter_actions) {
  ws_client c(server_->port());
  c.next_of("state");
  const std::int64_t now = clk_.utc_ms();
  station_->badge_scanned("198503152010011001", attendance_data::action_t::in, now);
  json::object s;
  do {
    s = c.next_of("state");
  } while (s.at("employee").is_null());
  const auto& e = s.at("employee").as_object();
  EXPECT_EQ(e.at("nip").as_string(), "198503152010011001");
  EXPECT_NE(std::string(e.at("greeting_id").as_string()).find("masuk "), std::string::npos);
  c.send(R"({"op":"counter","action":"open","re":1})");
  EXPECT_TRUE(c.next_of("reply").at("ok").as_bool());
  c.send(R"({"op":"next","re":2})");
  auto next = c.next_of("reply");
  EXPECT_EQ(next.at("ticket").as_string(), "A001");
  station_->next_citizen();  // the push button
  do {
    s = c.next_of("state");
  } while (!s.at("ticket").is_string() || s.at("ticket").as_string() != "A002");
  EXPECT_EQ(s.at("served_today").as_int64(), 1);
}

TEST_F(ui_server_test, a_new_server_on_the_same_outbox_shows_the_day_as_it_was) {
  {
    ws_client c(server_->port());
    c.next_of("state");
    station_->badge_scanned("198503152010011001", attendance_data::action_t::in, clk_.utc_ms());
    c.send(R"({"op":"counter","action":"open","re":1})");
    // The scan is applied before the command (both run in order on the worker).
    ASSERT_TRUE(c.next_of("reply").at("ok").as_bool());
    c.send(R"({"op":"next","re":2})");
    ASSERT_EQ(c.next_of("reply").at("ticket").as_string(), "A001");
  }
  server_->stop();
  server_.reset();
  station_->stop();
  station_.reset();

  auto box = sqlite_outbox::open({db_, 300}, event_factory(identity, clk_));
  ASSERT_TRUE(box.ok()) << box.err().message;
  station_options so;
  so.ui.counter = "loket-2";
  auto st = station::start(std::move(so), std::move(box).value(), clk_);
  ASSERT_TRUE(st.ok()) << st.err().message;
  station_ = std::move(st).value();
  ui_server_options o;
  o.web_dir = web_.string();
  auto srv = ui_server::start(std::move(o), *station_);
  ASSERT_TRUE(srv.ok()) << srv.err().message;
  ws_client c((*srv)->port());
  const auto s = c.next_of("state");
  EXPECT_EQ(s.at("counter_state").as_string(), "open");
  EXPECT_EQ(s.at("ticket").as_string(), "A001");
  ASSERT_TRUE(s.at("employee").is_object());
  EXPECT_EQ(s.at("employee").as_object().at("nip").as_string(), "198503152010011001");
  c.send(R"({"op":"next","re":3})");
  EXPECT_EQ(c.next_of("reply").at("ticket").as_string(), "A002");
}

TEST_F(ui_server_test, the_hubs_language_and_counters_reach_every_screen_at_once) {
  ws_client c(server_->port());
  const auto first = c.next_of("state");
  EXPECT_EQ(first.at("language").as_string(), "id");
  EXPECT_TRUE(first.at("counter_known").is_null());  // no config from the hub yet
  kiosk_settings english;
  english.language = "en";
  station_->apply_settings(english);
  json::object s;
  do {
    s = c.next_of("state");
  } while (s.at("language").as_string() != "en");
  EXPECT_FALSE(s.at("counter_known").as_bool());  // the hub lists no loket-2: the staff view warns
  kiosk_settings bahasa;
  bahasa.language = "id";
  bahasa.counters = {counter_entry{"loket-1", "capil"}, counter_entry{"loket-2", "dafduk"}};
  station_->apply_settings(bahasa);
  do {
    s = c.next_of("state");
  } while (s.at("language").as_string() != "id");
  EXPECT_TRUE(s.at("counter_known").as_bool());
  EXPECT_EQ(s.at("counter_unit").as_string(), "dafduk");
}

TEST(ui_json, parses_commands_and_refuses_bad_ones) {
  auto rate = parse_ui_command(R"({"op":"rate","overall":2,"re":5})");
  ASSERT_TRUE(rate.ok());
  EXPECT_EQ(rate->op, ui_op::rate);
  EXPECT_EQ(rate->value, 2);
  EXPECT_EQ(rate->re, 5);
  auto skip = parse_ui_command(R"({"op":"follow_up","skip":true})");
  ASSERT_TRUE(skip.ok());
  EXPECT_FALSE(skip->value.has_value());
  auto brk = parse_ui_command(R"({"op":"counter","action":"break"})");
  ASSERT_TRUE(brk.ok());
  EXPECT_EQ(brk->action, counter_data::action_t::break_);
  EXPECT_FALSE(parse_ui_command(R"({"op":"rate","overall":2.5})").ok());
  EXPECT_FALSE(parse_ui_command(R"({"op":"rate","overall":"4"})").ok());
  EXPECT_FALSE(parse_ui_command(R"({"op":"follow_up"})").ok());
  EXPECT_FALSE(parse_ui_command(R"({"op":"survey","score":0})").ok());
  EXPECT_FALSE(parse_ui_command(R"({"op":"rate","overall":4,"re":"x"})").ok());
}

TEST(ui_json, greetings_say_on_time_or_the_minutes_late_never_the_band) {
  employee_at_counter e;
  e.time = "07:28";
  e.band = lateness::on_time;
  EXPECT_EQ(greeting_of(e).first, "masuk 07:28 — tepat waktu");
  EXPECT_EQ(greeting_of(e).second, "checked in 07:28 — on time");
  e.time = "07:42";
  e.band = lateness::tl1;
  e.minutes_late = 12;
  EXPECT_EQ(greeting_of(e).first, "masuk 07:42 — terlambat 12 menit");
  EXPECT_EQ(greeting_of(e).second, "checked in 07:42 — 12 minutes late");
  e.time = "07:31";
  e.minutes_late = 1;
  EXPECT_EQ(greeting_of(e).second, "checked in 07:31 — 1 minute late");
  e.time = "08:05";
  e.band = lateness::tl2;
  e.minutes_late.reset();
  EXPECT_EQ(greeting_of(e).first, "masuk 08:05 — terlambat");
  EXPECT_EQ(greeting_of(e).first.find("TL"), std::string::npos);
  e.action = attendance_data::action_t::out;
  e.time = "16:02";
  EXPECT_EQ(greeting_of(e).first, "pulang 16:02");
}

// An unsynced clock may say 1970: neither its time nor a band is announced.
TEST(ui_json, an_unsynced_check_in_says_the_time_will_be_reviewed) {
  employee_at_counter e;
  e.time = "07:16";
  e.band = lateness::needs_review;
  EXPECT_EQ(greeting_of(e).first, "masuk — jam kios belum sinkron, waktu akan ditinjau");
  EXPECT_EQ(greeting_of(e).second, "checked in — kiosk clock not synced, time will be reviewed");
}

TEST(ui_json, a_refused_badge_says_why_in_both_languages) {
  EXPECT_EQ(refusal_words(badge_refusal::unknown),
            (std::pair<std::string, std::string>{"Kartu ditolak: tidak dikenal", "Badge refused: unknown"}));
  EXPECT_EQ(refusal_words(badge_refusal::expired),
            (std::pair<std::string, std::string>{"Kartu ditolak: kedaluwarsa", "Badge refused: expired"}));
  EXPECT_EQ(refusal_words(badge_refusal::invalid),
            (std::pair<std::string, std::string>{"Kartu ditolak: tidak sah", "Badge refused: invalid"}));
}

TEST(ui_json, the_state_carries_the_greetings_moment_the_minutes_and_a_refusal) {
  ui_snapshot s;
  employee_at_counter e;
  e.nip = "198503152010011001";
  e.time = "07:42";
  e.band = lateness::tl1;
  e.minutes_late = 12;
  s.employee = e;
  s.greeting = true;
  s.refusal = badge_refusal::expired;
  auto v = boost::json::parse(ui_state_json(s, ui_status{}, 7 * 60)).as_object();
  EXPECT_EQ(v.at("greeting"), true);
  EXPECT_EQ(v.at("employee").at("band"), "TL1");
  EXPECT_EQ(v.at("employee").at("minutes_late"), 12);
  EXPECT_EQ(v.at("employee").at("greeting_id"), "masuk 07:42 — terlambat 12 menit");
  EXPECT_EQ(v.at("refusal").at("reason"), "expired");
  EXPECT_EQ(v.at("refusal").at("text_id"), "Kartu ditolak: kedaluwarsa");
  EXPECT_EQ(v.at("refusal").at("text_en"), "Badge refused: expired");
  s.greeting = false;
  s.refusal.reset();
  v = boost::json::parse(ui_state_json(s, ui_status{}, 7 * 60)).as_object();
  EXPECT_EQ(v.at("greeting"), false);
  EXPECT_TRUE(v.at("refusal").is_null());
}

}  // namespace
}  // namespace pantau::kiosk
