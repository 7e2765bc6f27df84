// The camera in the running kiosk: badge QR codes in an image folder -> pantau-kiosk's camera thread
// -> outbox -> mosquitto -> pantau-hub. A signed badge becomes one attendance event with a photo
// whose JPEG is on the kiosk's disk; a forged badge becomes nothing but a log line.
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "badge_frames.hpp"
#include "pantau/shared/badge.hpp"
#include "pantau/shared/sha256.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const std::string badge_key(32, 'K');
const std::string forger_key = "a-different-key-of-at-least-32-bytes!";
constexpr const char* employee_nip = "198503152010011001";
constexpr const char* forged_nip = "199001012015022002";

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(camera_kiosk, signed_badge_is_stored_with_photo_and_forged_badge_is_not) {
  temp_dir dir;
  const auto frames = dir.path() / "frames";
  const auto evidence = dir.path() / "evidence";
  std::filesystem::create_directories(frames);
  // 0: nobody; 1: the employee's badge; 2: the same badge (one scan); 3: a forged badge; 4: nobody.
  const cv::Mat empty(480, 640, CV_8UC3, cv::Scalar(120, 120, 120));
  ASSERT_TRUE(cv::imwrite((frames / "0.png").string(), empty));
  ASSERT_TRUE(cv::imwrite((frames / "1.png").string(), frame_with_badge(badge_text(employee_nip, badge_key))));
  ASSERT_TRUE(cv::imwrite((frames / "2.png").string(), frame_with_badge(badge_text(employee_nip, badge_key))));
  ASSERT_TRUE(cv::imwrite((frames / "3.png").string(), frame_with_badge(badge_text(forged_nip, forger_key))));
  ASSERT_TRUE(cv::imwrite((frames / "4.png").string(), empty));
  const auto keyring = dir.path() / "badge-keys.toml";
  write_file(keyring, keyring_text(badge_key));

  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  hub.start();
  kiosk_options o;
  o.extra_toml = "[camera]\nsource = \"" + frames.string() + "\"\nkeyring = \"" + keyring.string() +
                 "\"\nevidence_dir = \"" + evidence.string() + "\"\nzone = \"WIB\"\n";
  kiosk_process kiosk(dir.path(), broker.url(), o);
  kiosk.start();

  const std::string attendance_of =
      "SELECT count(*) FROM events WHERE type = 'attendance' AND json_extract(payload, '$.data.employee') = ";
  ASSERT_TRUE(wait_until(
      [&] {
        return std::filesystem::exists(hub.db_path()) &&
               sql_int(hub.db_path(), attendance_of + "'" + employee_nip + "'") >= 1;
      },
      60s))
      << kiosk.proc().log();
  // The forged badge comes two frames later; give the kiosk time to see it and say why it refused.
  ASSERT_TRUE(wait_until([&] { return kiosk.proc().log().find("badge rejected: bad_signature") != std::string::npos; },
                         30s))
      << kiosk.proc().log();
  ASSERT_TRUE(wait_until([&] { return outbox_backlog(kiosk.db_path()) == 0; }, 30s));

  EXPECT_EQ(sql_int(hub.db_path(), attendance_of + "'" + employee_nip + "'"), 1) << "the repeat frame is one scan";
  EXPECT_EQ(sql_int(hub.db_path(), attendance_of + "'" + forged_nip + "'"), 0);
  EXPECT_EQ(sql_int(hub.db_path(), "SELECT count(*) FROM events"), 1);

  const auto rows = sql_rows(hub.db_path(),
                             "SELECT json_extract(payload, '$.data.action'), json_extract(payload, '$.data.method'), "
                             "json_extract(payload, '$.data.face'), json_extract(payload, '$.data.photo') "
                             "FROM events WHERE type = 'attendance'");
  ASSERT_EQ(rows.size(), 1U);
  ASSERT_EQ(rows[0].size(), 4U);
  EXPECT_EQ(rows[0][0], "in");
  EXPECT_EQ(rows[0][1], "badge");
  EXPECT_EQ(rows[0][2], "absent");  // a QR code on a plain background has no face
  const std::string photo = rows[0][3];
  ASSERT_EQ(photo.rfind("sha256:", 0), 0U) << photo;
  const std::string hex = photo.substr(7);
  ASSERT_EQ(hex.size(), 64U);

  // The evidence JPEG is kept on the kiosk under its own hash.
  std::filesystem::path jpeg;
  for (const auto& e : std::filesystem::recursive_directory_iterator(evidence))
    if (e.is_regular_file() && e.path().filename() == hex + ".jpg") jpeg = e.path();
  ASSERT_FALSE(jpeg.empty()) << "no " << hex << ".jpg under " << evidence;
  EXPECT_EQ(sha256_hex(file_bytes(jpeg)), hex);

  const std::string log = kiosk.proc().log();
  EXPECT_NE(log.find("attendance committed seq 1: " + std::string(employee_nip) + " in"), std::string::npos) << log;

  // The retained status carries the camera state to the hub.
  EXPECT_TRUE(wait_until(
      [&] { return sql_rows(hub.db_path(), "SELECT camera FROM kiosks WHERE kiosk = 'k-01'") ==
                   std::vector<std::vector<std::string>>{{"ok"}}; },
      15s))
      << "kiosk camera state not reported";

  EXPECT_EQ(kiosk.stop(), 0);
  EXPECT_EQ(hub.stop(), 0);
}

TEST(camera_kiosk, bad_keyring_is_a_config_error_naming_file_and_key) {
  temp_dir dir;
  std::filesystem::create_directories(dir.path() / "frames");
  const auto keyring = dir.path() / "badge-keys.txt";
  write_file(keyring, "k2026a 0011\n");
  kiosk_options o;
  o.extra_toml = "[camera]\nsource = \"" + (dir.path() / "frames").string() + "\"\nkeyring = \"" + keyring.string() +
                 "\"\nevidence_dir = \"" + (dir.path() / "evidence").string() + "\"\n";
  kiosk_process kiosk(dir.path(), "tcp://127.0.0.1:1", o);
  kiosk.start();
  ASSERT_TRUE(wait_until([&] { return !kiosk.running(); }, 20s));
  const std::string log = kiosk.proc().log();
  EXPECT_NE(log.find(keyring.string()), std::string::npos) << log;
  EXPECT_NE(log.find("k2026a"), std::string::npos) << log;
}

// An employee checks in, the kiosk loses power, and their next scan the same day is a check-out: the
// camera keeps today's check-ins in the outbox file, in the transaction of each attendance event.
TEST(camera_kiosk, a_scan_after_a_power_cut_is_a_check_out_when_the_day_began_with_a_check_in) {
  temp_dir dir;
  kiosk_options o;
  o.extra_toml = badge_camera(dir.path(), employee_nip, badge_key);
  kiosk_process kiosk(dir.path(), "tcp://127.0.0.1:1", o);  // no broker: the events stay in the outbox
  // Both scans fall on one WIB day: the kiosk runs at the suite's instant, 07:00 WIB.
  const std::string actions =
      "SELECT json_extract(payload, '$.data.action') FROM outbox "
      "WHERE json_extract(payload, '$.type') = 'attendance' ORDER BY seq";
  const auto stored = [&] {
    return std::filesystem::exists(kiosk.db_path()) ? sql_rows(kiosk.db_path(), actions).size() : 0U;
  };
  kiosk.start();
  ASSERT_TRUE(wait_until([&] { return stored() == 1; }, 30s)) << kiosk.proc().log();
  kiosk.kill_hard();
  kiosk.start();  // the folder replays from its first frame: the same badge again
  ASSERT_TRUE(wait_until([&] { return stored() == 2; }, 30s)) << kiosk.proc().log();
  const auto rows = sql_rows(kiosk.db_path(), actions);
  EXPECT_EQ(rows[0][0], "in");
  EXPECT_EQ(rows[1][0], "out");
  EXPECT_EQ(kiosk.stop(), 0);
}

// Installed, the keyring in /etc/pantau is root's alone and systemd hands it to the kiosk (a dynamic
// user) as a credential: the kiosk reads $CREDENTIALS_DIRECTORY/<the configured file name>.
TEST(camera_kiosk, the_keyring_can_come_as_a_systemd_credential) {
  temp_dir dir;
  const auto frames = dir.path() / "frames";
  std::filesystem::create_directories(frames);
  ASSERT_TRUE(cv::imwrite((frames / "0.png").string(), frame_with_badge(badge_text(employee_nip, badge_key))));
  const auto credentials = dir.path() / "credentials";
  std::filesystem::create_directories(credentials);
  write_file(credentials / "badge-keys.toml", keyring_text(badge_key));
  kiosk_options o;
  // The configured path does not exist for this process, as a 0600 root file would not be readable.
  o.extra_toml = "[camera]\nsource = \"" + frames.string() + "\"\nkeyring = \"" +
                 (dir.path() / "etc" / "badge-keys.toml").string() + "\"\nevidence_dir = \"" +
                 (dir.path() / "evidence").string() + "\"\n";
  o.env = {"CREDENTIALS_DIRECTORY=" + credentials.string()};
  kiosk_process kiosk(dir.path(), "tcp://127.0.0.1:1", o);
  kiosk.start();
  const std::string attendance = "SELECT count(*) FROM outbox WHERE json_extract(payload, '$.type') = 'attendance'";
  EXPECT_TRUE(wait_until(
      [&] { return std::filesystem::exists(kiosk.db_path()) && sql_int(kiosk.db_path(), attendance) == 1; }, 30s))
      << kiosk.proc().log();
  EXPECT_EQ(kiosk.stop(), 0);

  // Without the credential the same configuration is a start-up error naming the file.
  o.env.clear();
  temp_dir other;
  kiosk_process plain(other.path(), "tcp://127.0.0.1:1", o);
  plain.start();
  ASSERT_TRUE(wait_until([&] { return !plain.running(); }, 20s));
  EXPECT_NE(plain.proc().log().find("badge-keys.toml"), std::string::npos) << plain.proc().log();
}

// The kiosk reads a camera or a folder of images; a video file (or anything else) is refused at start
// with the key and the path named, instead of a camera thread that never sees a frame.
TEST(camera_kiosk, a_video_file_as_camera_source_is_a_config_error) {
  temp_dir dir;
  const auto clip = dir.path() / "clip.avi";
  write_file(clip, "RIFF....AVI ");
  const auto keyring = dir.path() / "badge-keys.toml";
  write_file(keyring, keyring_text(badge_key));
  kiosk_options o;
  o.extra_toml = "[camera]\nsource = \"" + clip.string() + "\"\nkeyring = \"" + keyring.string() +
                 "\"\nevidence_dir = \"" + (dir.path() / "evidence").string() + "\"\n";
  kiosk_process kiosk(dir.path(), "tcp://127.0.0.1:1", o);
  kiosk.start();
  ASSERT_TRUE(wait_until([&] { return !kiosk.running(); }, 20s));
  const int status = kiosk.stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << status;  // 2: bad configuration
  const std::string log = kiosk.proc().log();
  EXPECT_NE(log.find("camera.source"), std::string::npos) << log;
  EXPECT_NE(log.find(clip.string()), std::string::npos) << log;
}

// The card `pantau-hub badge` prints, held up to the kiosk camera (scaled into a 640x480 frame), checks
// the employee in; the hub refuses to print a card for a NIP it does not know.
TEST(camera_kiosk, a_badge_printed_by_the_hub_checks_in_at_the_kiosk) {
  temp_dir dir;
  const auto frames = dir.path() / "frames";
  std::filesystem::create_directories(frames);
  const auto keyring = dir.path() / "badge-keys.toml";
  write_file(keyring, keyring_text(badge_key));

  mosquitto_broker broker(dir.path());
  broker.start();
  hub_process hub(dir.path(), broker.url());
  std::string out;
  ASSERT_EQ(hub.run_command({"seed-demo"}, &out), 0) << out;
  const auto nips = sql_rows(hub.db_path(), "SELECT nip, name FROM employees ORDER BY nip LIMIT 1");
  ASSERT_EQ(nips.size(), 1U);
  const std::string nip = nips[0][0];

  const auto card = dir.path() / "card.png";
  ASSERT_EQ(hub.run_command({"badge", nip, "--keyring", keyring.string(), "--expiry", "20991231", "--out",
                             card.string()}, &out), 0) << out;
  EXPECT_NE(out.find(nips[0][1]), std::string::npos) << out;
  EXPECT_EQ(hub.run_command({"badge", "199001012015022999", "--keyring", keyring.string(), "--out",
                             (dir.path() / "nobody.png").string()}, &out), 2) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "nobody.png"));

  const cv::Mat printed = cv::imread(card.string());
  ASSERT_FALSE(printed.empty());
  cv::Mat scaled;
  const double f = 460.0 / printed.rows;
  cv::resize(printed, scaled, cv::Size(), f, f, cv::INTER_AREA);
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(90, 90, 90));
  scaled.copyTo(frame(cv::Rect((640 - scaled.cols) / 2, 10, scaled.cols, scaled.rows)));
  ASSERT_TRUE(cv::imwrite((frames / "0.png").string(), frame));

  hub.start();
  kiosk_options o;
  o.extra_toml = camera_table(frames, keyring, dir.path());
  kiosk_process kiosk(dir.path(), broker.url(), o);
  kiosk.start();
  const std::string attendance_of =
      "SELECT count(*) FROM events WHERE type = 'attendance' AND json_extract(payload, '$.data.employee') = '" + nip +
      "'";
  EXPECT_TRUE(wait_until([&] { return sql_int(hub.db_path(), attendance_of) == 1; }, 60s)) << kiosk.proc().log();
  EXPECT_EQ(kiosk.stop(), 0);
  EXPECT_EQ(hub.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
