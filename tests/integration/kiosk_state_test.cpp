// The kiosk's day across a restart: a real pantau-kiosk greets an employee from a badge its camera
// reads, the counter is opened and two tickets handed out over the screen's /ws; the process is
// killed (SIGKILL, no chance to save anything on the way out) and started again on the same outbox,
// this time without a camera. The screen shows the same counter, ticket, served count and employee,
// and the next ticket is A003, not a second A001.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <functional>
#include <optional>
#include <string>

#include "badge_frames.hpp"
#include "pantau/test/kiosk_screen.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string badge_key(32, 'S');
constexpr const char* employee_nip = "198503152010011001";

bool ticket_is(const json::object& s, const char* t) {
  return s.at("ticket").is_string() && s.at("ticket").as_string() == t;
}

TEST(kiosk_state, a_killed_kiosk_comes_back_with_its_counter_tickets_and_employee) {
  temp_dir dir;
  const cv::Mat empty_counter(480, 640, CV_8UC3, cv::Scalar(120, 120, 120));
  mosquitto_broker broker(dir.path());
  broker.start();

  kiosk_options with_camera;
  with_camera.ui_port = free_port();
  with_camera.extra_toml = badge_camera(dir.path(), employee_nip, badge_key, &empty_counter);
  kiosk_process first(dir.path(), broker.url(), with_camera);
  first.start();
  ASSERT_TRUE(wait_until([&] { return port_accepts(with_camera.ui_port); }, 30s)) << first.proc().log();

  json::object before;
  {
    kiosk_screen s(with_camera.ui_port);
    auto greeted = s.state_where([](const json::object& m) { return m.at("employee").is_object(); });
    ASSERT_TRUE(greeted) << first.proc().log();
    ASSERT_EQ(greeted->at("employee").as_object().at("nip").as_string(), employee_nip);
    auto open = s.command(R"("op":"counter","action":"open")");
    ASSERT_TRUE(open && open->at("ok").as_bool()) << (open ? json::serialize(*open) : "no reply");
    auto a1 = s.command(R"("op":"next")");
    ASSERT_TRUE(a1 && a1->at("ok").as_bool());
    EXPECT_EQ(a1->at("ticket").as_string(), "A001");
    auto a2 = s.command(R"("op":"next")");
    ASSERT_TRUE(a2 && a2->at("ok").as_bool());
    EXPECT_EQ(a2->at("ticket").as_string(), "A002");
    auto shown = s.state_where([](const json::object& m) { return ticket_is(m, "A002"); });
    ASSERT_TRUE(shown);
    before = *shown;
  }
  EXPECT_EQ(before.at("counter_state").as_string(), "open");
  EXPECT_EQ(before.at("served_today").as_int64(), 1);
  first.kill_hard();

  // Same outbox, no camera: whoever is greeted now can only come from what the kiosk kept.
  kiosk_options no_camera;
  no_camera.ui_port = free_port();
  kiosk_process second(dir.path(), broker.url(), no_camera);
  second.start();
  ASSERT_TRUE(wait_until([&] { return port_accepts(no_camera.ui_port); }, 30s)) << second.proc().log();
  {
    kiosk_screen s(no_camera.ui_port);
    auto shown = s.state_where([](const json::object&) { return true; });
    ASSERT_TRUE(shown) << second.proc().log();
    EXPECT_EQ(shown->at("counter_state").as_string(), "open");
    EXPECT_EQ(shown->at("ticket"), before.at("ticket"));
    EXPECT_EQ(shown->at("served_today"), before.at("served_today"));
    ASSERT_TRUE(shown->at("employee").is_object()) << json::serialize(*shown) << "\n" << second.proc().log();
    // The whole employee panel: name, greeting with time and band, and their own figures of the day.
    EXPECT_EQ(shown->at("employee"), before.at("employee"))
        << json::serialize(shown->at("employee")) << "\n" << json::serialize(before.at("employee"));

    auto a3 = s.command(R"("op":"next")");
    ASSERT_TRUE(a3 && a3->at("ok").as_bool()) << (a3 ? json::serialize(*a3) : "no reply");
    EXPECT_EQ(a3->at("ticket").as_string(), "A003");
    auto served = s.state_where([](const json::object& m) { return ticket_is(m, "A003"); });
    ASSERT_TRUE(served);
    EXPECT_EQ(served->at("served_today").as_int64(), 2);
  }
  // An orderly stop keeps it as well.
  EXPECT_EQ(second.stop(), 0);
  kiosk_process third(dir.path(), broker.url(), no_camera);
  third.start();
  ASSERT_TRUE(wait_until([&] { return port_accepts(no_camera.ui_port); }, 30s)) << third.proc().log();
  {
    kiosk_screen s(no_camera.ui_port);
    auto shown = s.state_where([](const json::object&) { return true; });
    ASSERT_TRUE(shown) << third.proc().log();
    EXPECT_TRUE(ticket_is(*shown, "A003")) << json::serialize(*shown);
    EXPECT_EQ(shown->at("served_today").as_int64(), 2);
  }
  EXPECT_EQ(third.stop(), 0);

  // Every ticket started once: nothing handed out twice across the restarts.
  const auto starts = sql_rows(first.db_path(),
                               "SELECT json_extract(payload, '$.data.ticket') FROM outbox "
                               "WHERE json_extract(payload, '$.type') = 'service' "
                               "AND json_extract(payload, '$.data.action') = 'start' ORDER BY seq");
  EXPECT_EQ(starts, (std::vector<std::vector<std::string>>{{"A001"}, {"A002"}, {"A003"}}));
}

// The touch server cannot start (its port is taken): the kiosk still reads the badge, keeps who is at the
// counter and delivers the event; once the screen can start, it greets the employee the camera saw.
TEST(kiosk_state, a_kiosk_without_its_screen_still_takes_badge_scans) {
  temp_dir dir;
  mosquitto_broker broker(dir.path());
  broker.start();

  kiosk_options with_camera;
  with_camera.ui_port = free_port();
  with_camera.extra_toml = badge_camera(dir.path(), employee_nip, badge_key);
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor taken(
        ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), with_camera.ui_port));
    kiosk_process first(dir.path(), broker.url(), with_camera);
    first.start();
    const std::string kept_sql = "SELECT value FROM kiosk_state WHERE key = 'kiosk_ui'";
    ASSERT_TRUE(wait_until(
        [&] {
          try {  // the file and its tables appear while the kiosk starts
            const auto rows = sql_rows(first.db_path(), kept_sql);
            return !rows.empty() && rows[0][0].find(employee_nip) != std::string::npos;
          } catch (const std::exception&) {
            return false;
          }
        },
        30s))
        << first.proc().log();
    EXPECT_NE(first.proc().log().find("cannot start the touch UI"), std::string::npos) << first.proc().log();
    EXPECT_EQ(first.stop(), 0);
  }

  kiosk_options screen_only;
  screen_only.ui_port = with_camera.ui_port;
  kiosk_process second(dir.path(), broker.url(), screen_only);
  second.start();
  ASSERT_TRUE(wait_until([&] { return port_accepts(screen_only.ui_port); }, 30s)) << second.proc().log();
  kiosk_screen s(screen_only.ui_port);
  auto shown = s.state_where([](const json::object& m) { return m.at("employee").is_object(); });
  ASSERT_TRUE(shown) << second.proc().log();
  EXPECT_EQ(shown->at("employee").as_object().at("nip").as_string(), employee_nip);
  EXPECT_EQ(second.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
