// The kiosk greets a check-in with the band the hub's indicators give it, in the zone the hub names.
// A real hub (demo organisation, its office moved to WITA by an admin) and a real pantau-kiosk whose
// camera reads a signed badge at Thursday 26 November 2026, 00:42 UTC: 07:42 in WIB (TL1) but 08:42 in
// WITA, 72 minutes after the 07:30 start (TL3). The kiosk's own [camera] zone says WIB; the hub's
// config, kept in its outbox from an earlier start, says WITA and wins. With the kiosk clock unsynced,
// neither side gives a band: the check-in waits for review on both.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <opencv2/imgcodecs.hpp>

#include <string>

#include "badge_frames.hpp"
#include "pantau/test/kiosk_screen.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const std::string badge_key(32, 'G');
const std::string nip_agus = "198909122019121001";  // demo unit pendaftaran
const std::string office = "binjai-dukcapil";

std::string kept_zone(const std::filesystem::path& outbox) {
  if (!std::filesystem::exists(outbox)) return {};
  try {
    const auto rows = sql_rows(outbox, "SELECT json_extract(payload, '$.zone') FROM hub_settings");
    return rows.empty() ? std::string() : rows[0][0];
  } catch (const std::exception&) {
    return {};  // the table appears with the kiosk's first start
  }
}

// What the kiosk greeted and what the hub filed for the same check-in.
struct greeting {
  json::object employee;    // the screen's employee panel
  json::object attendance;  // the hub's /api/v1/kpi attendance block for Agus that day
};

void greet_agus(bool clock_synced, greeting& seen) {
  const test_clock clock("2026-11-26T00:42:00Z");
  temp_dir dir;
  mosquitto_broker broker(dir.path());
  broker.start();
  hub_options ho;
  ho.clock_offset_ms = clock.offset_ms();
  hub_process hub(dir.path(), broker.url(), ho);
  std::string out;
  ASSERT_EQ(hub.run_command({"seed-demo"}, &out), 0) << out;
  hub.start();
  const std::string admin = hub.login();
  ASSERT_FALSE(admin.empty());
  const auto moved = http_request(hub.http_port(), "PUT", "/api/v1/offices/" + office, R"({"zone":"WITA"})",
                                  {{"Cookie", admin}});
  ASSERT_LT(moved.status, 300) << moved.body;

  // First start without a camera: the kiosk takes the hub's config and keeps it in its outbox file.
  kiosk_options plain;
  plain.clock_offset_ms = clock.offset_ms();
  plain.clock_synced = clock_synced;
  kiosk_process first(dir.path(), broker.url(), plain);
  first.start();
  ASSERT_TRUE(wait_until([&] { return kept_zone(first.db_path()) == "WITA"; }, 30s)) << first.proc().log();
  EXPECT_EQ(first.stop(), 0);

  const auto frames = dir.path() / "frames";
  std::filesystem::create_directories(frames);
  ASSERT_TRUE(cv::imwrite((frames / "0.png").string(), frame_with_badge(badge_text(nip_agus, badge_key))));
  const auto keyring = dir.path() / "badge-keys.toml";
  write_file(keyring, keyring_text(badge_key));
  kiosk_options with_camera = plain;
  with_camera.ui_port = free_port();
  with_camera.extra_toml = camera_table(frames, keyring, dir.path());
  kiosk_process kiosk(dir.path(), broker.url(), with_camera);
  kiosk.start();
  ASSERT_TRUE(wait_until([&] { return port_accepts(with_camera.ui_port); }, 30s)) << kiosk.proc().log();

  kiosk_screen screen(with_camera.ui_port);
  const auto greeted = screen.state_where([](const json::object& m) { return m.at("employee").is_object(); });
  ASSERT_TRUE(greeted) << kiosk.proc().log();
  seen.employee = greeted->at("employee").as_object();

  const std::string target = "/api/v1/kpi?scope=employee&id=" + nip_agus + "&from=2026-11-26&to=2026-11-26";
  ASSERT_TRUE(wait_until(
      [&] {
        const auto r = http_request(hub.http_port(), "GET", target, "", {{"Cookie", admin}});
        if (r.status != 200) return false;
        const json::value v = json::parse(r.body);
        seen.attendance = v.as_object().at("attendance").as_object();
        return seen.attendance.at("present").as_int64() == 1;
      },
      30s))
      << hub.proc().log();
  EXPECT_EQ(kiosk.stop(), 0);
}

std::int64_t late_count(const greeting& g, const std::string& band) {
  return g.attendance.at("late").as_object().at(band).as_int64();
}

TEST(kiosk_greeting, the_band_and_time_on_screen_are_the_hubs_in_the_hubs_zone) {
  greeting g;
  greet_agus(true, g);
  if (HasFatalFailure()) return;
  EXPECT_EQ(g.employee.at("nip").as_string(), nip_agus);
  EXPECT_EQ(std::string(g.employee.at("time").as_string()).substr(0, 4), "08:4") << json::serialize(g.employee);
  EXPECT_EQ(g.employee.at("band"), "TL3") << json::serialize(g.employee);
  // On screen in people's words: minutes, not the band code.
  EXPECT_EQ(g.employee.at("minutes_late"), 72) << json::serialize(g.employee);
  const std::string words(g.employee.at("greeting_id").as_string());
  EXPECT_NE(words.find("terlambat 72 menit"), std::string::npos) << words;
  EXPECT_EQ(words.find("TL"), std::string::npos) << words;
  EXPECT_NE(std::string(g.employee.at("greeting_en").as_string()).find("72 minutes late"), std::string::npos);
  EXPECT_EQ(late_count(g, "TL3"), 1) << json::serialize(g.attendance);
  for (const char* other : {"TL1", "TL2", "TL4"}) EXPECT_EQ(late_count(g, other), 0) << other;
  EXPECT_EQ(g.attendance.at("needs_review").as_int64(), 0);
}

// A kiosk without a synced clock (no RTC, no NTP yet) gives no band on screen, as the hub gives none:
// both say the check-in waits for review.
TEST(kiosk_greeting, an_unsynced_kiosk_clock_gives_no_band_on_either_side) {
  greeting g;
  greet_agus(false, g);
  if (HasFatalFailure()) return;
  EXPECT_EQ(g.employee.at("band"), "perlu ditinjau") << json::serialize(g.employee);
  EXPECT_EQ(g.employee.at("greeting_id"), "masuk — jam kios belum sinkron, waktu akan ditinjau")
      << json::serialize(g.employee);
  EXPECT_EQ(g.employee.at("greeting_en"), "checked in — kiosk clock not synced, time will be reviewed")
      << json::serialize(g.employee);
  for (const char* band : {"TL1", "TL2", "TL3", "TL4"}) EXPECT_EQ(late_count(g, band), 0) << band;
  EXPECT_EQ(g.attendance.at("needs_review").as_int64(), 1) << json::serialize(g.attendance);
}

}  // namespace
}  // namespace pantau::test
