// Face presence on real photographs, JPEG evidence with retention, the frame sources, and the whole
// scan pipeline on real images. The photographs come from Debian's opencv-doc (scripts/packages.txt).
#include <sodium.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "camera_test_util.hpp"
#include "pantau/kiosk/haar_face_detector.hpp"
#include "pantau/kiosk/image_folder_source.hpp"
#include "pantau/kiosk/jpeg_evidence_store.hpp"
#include "pantau/kiosk/mat_view.hpp"
#include "pantau/kiosk/opencv_frame_source.hpp"
#include "pantau/kiosk/zxing_badge_reader.hpp"

namespace pantau::kiosk {
namespace {

using namespace camera_test;

const std::filesystem::path sample_data = "/usr/share/doc/opencv-doc/examples/data";

cv::Mat sample(const std::string& name) { return cv::imread((sample_data / name).string(), cv::IMREAD_COLOR); }

#define REQUIRE_SAMPLE(m, name)                                                                           \
  const cv::Mat m = sample(name);                                                                         \
  if ((m).empty())                                                                                        \
  GTEST_SKIP() << "foto contoh tidak ada / sample photo missing: " << (sample_data / (name)).string()     \
               << " (install opencv-doc: scripts/setup)"

// The photograph placed in a 640x480 kiosk frame, scaled to `width` pixels wide.
cv::Mat kiosk_frame_with(const cv::Mat& photo, int width) {
  cv::Mat frame(480, 640, CV_8UC3, cv::Scalar(200, 200, 200));
  cv::Mat scaled;
  cv::resize(photo, scaled, cv::Size(width, photo.rows * width / photo.cols), 0, 0, cv::INTER_AREA);
  scaled.copyTo(frame(cv::Rect((640 - scaled.cols) / 2, (480 - scaled.rows) / 2, scaled.cols, scaled.rows)));
  return frame;
}

std::string file_sha256(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, d, sizeof d);
  return hex;
}

TEST(FacePresence, FindsTheFaceInARealPhotograph) {
  REQUIRE_SAMPLE(messi, "messi5.jpg");
  haar_face_detector faces;
  // The photograph as it is, and enlarged the way a person stands close to the kiosk.
  EXPECT_EQ(faces.check(to_frame(messi)), face_presence::present);
  cv::Mat close;
  cv::resize(messi, close, cv::Size(), 2.0, 2.0, cv::INTER_LINEAR);
  const auto found = faces.detect(to_frame(close(cv::Rect(200, 0, 640, 480)).clone()));
  EXPECT_FALSE(found.empty());
}

TEST(FacePresence, GreyAndLargeFramesWork) {
  REQUIRE_SAMPLE(messi, "messi5.jpg");
  haar_face_detector faces;
  cv::Mat grey;
  cv::cvtColor(messi, grey, cv::COLOR_BGR2GRAY);
  EXPECT_EQ(faces.check(to_frame(grey)), face_presence::present);
  cv::Mat big;  // a 1280-wide frame is scaled down before detection and still finds the face
  cv::resize(messi, big, cv::Size(1280, messi.rows * 1280 / messi.cols));
  const auto found = faces.detect(to_frame(big));
  ASSERT_FALSE(found.empty());
  for (const cv::Rect& r : found) EXPECT_LE(r.br().x, big.cols + 2);  // in frame coordinates
}

TEST(FacePresence, NoFaceIsAbsent) {
  haar_face_detector faces;
  EXPECT_EQ(faces.check(to_frame(cv::Mat(480, 640, CV_8UC3, cv::Scalar(180, 170, 160)))), face_presence::absent);
  // A badge held up to the camera with nobody behind it.
  EXPECT_EQ(faces.check(to_frame(centred(qr_image(signed_badge(), 5)))), face_presence::absent);
  // A plain wall with sensor noise.
  for (int seed = 0; seed < 10; ++seed) {
    cv::Mat wall(480, 640, CV_8UC1);
    cv::RNG(static_cast<std::uint64_t>(100 + seed)).fill(wall, cv::RNG::UNIFORM, 90, 160);
    cv::GaussianBlur(wall, wall, cv::Size(0, 0), 3);
    EXPECT_EQ(faces.check(to_frame(wall)), face_presence::absent) << "wall " << seed;
  }
  // Real photographs without people: scenes like the background of a service counter.
  for (const char* name : {"fruits.jpg", "building.jpg", "home.jpg", "board.jpg", "baboon.jpg", "aero1.jpg",
                           "apple.jpg", "butterfly.jpg", "orange.jpg", "stuff.jpg", "sudoku.png", "leuvenA.jpg",
                           "box_in_scene.png", "graf1.png", "HappyFish.jpg", "smarties.png", "squirrel_cls.jpg",
                           "text_motion.jpg", "pic3.png"}) {
    const cv::Mat m = sample(name);
    if (m.empty()) continue;
    EXPECT_EQ(faces.check(to_frame(m)), face_presence::absent) << name;
  }
}

TEST(FacePresence, MissingCascadeFailsAtStartUp) {
  face_options o;
  o.cascade = "/nonexistent/cascade.xml";
  EXPECT_THROW(haar_face_detector{o}, std::runtime_error);
}

TEST(Evidence, SavesAJpegNamedByItsHash) {
  temp_dir dir;
  jpeg_evidence_store store({dir.path() / "evidence", 85, 30});
  const frame f = to_frame(centred(qr_image(signed_badge(), 5)));
  const auto saved = store.save(f, t_2026_11_22);
  ASSERT_TRUE(saved) << saved.err().message;
  ASSERT_EQ(saved->size(), 7u + 64u);
  EXPECT_EQ(saved->substr(0, 7), "sha256:");
  const auto path = store.path_for(*saved, t_2026_11_22);
  EXPECT_EQ(path, dir.path() / "evidence" / "20261122" / (saved->substr(7) + ".jpg"));
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(file_sha256(path), saved->substr(7));  // the hash is of the bytes on disk
  const cv::Mat back = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
  EXPECT_EQ(back.cols, 640);
  EXPECT_EQ(back.rows, 480);
  // No temp files left behind.
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
    if (e.is_regular_file()) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(Evidence, PruneKeepsRetentionDays) {
  temp_dir dir;
  jpeg_evidence_store store({dir.path(), 80, 30});
  const frame f = to_frame(cv::Mat(48, 64, CV_8UC3, cv::Scalar(1, 2, 3)));
  constexpr std::int64_t day = 86'400'000;
  const std::int64_t now = t_2026_11_22;  // 00:31 UTC on 22 November
  std::vector<std::filesystem::path> paths;
  for (const int age_days : {0, 29, 30, 31, 90}) {
    const auto saved = store.save(f, now - age_days * day);
    ASSERT_TRUE(saved);
    paths.push_back(store.path_for(*saved, now - age_days * day));
  }
  std::filesystem::create_directories(dir.path() / "operator-notes");  // not ours: left alone
  std::filesystem::create_directories(dir.path() / "20200101x");
  const auto removed = store.prune(now);
  ASSERT_TRUE(removed) << removed.err().message;
  // A photo is kept for at least 30 whole days: the 23 Oct folder (taken 30 days ago) ended only 29
  // days and 31 minutes ago and stays; 22 Oct (31 days) and 23 Aug (90 days) go.
  EXPECT_EQ(*removed, 2u);
  EXPECT_TRUE(std::filesystem::exists(paths[0]));
  EXPECT_TRUE(std::filesystem::exists(paths[1]));
  EXPECT_TRUE(std::filesystem::exists(paths[2]));
  EXPECT_FALSE(std::filesystem::exists(paths[3]));
  EXPECT_FALSE(std::filesystem::exists(paths[4]));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "operator-notes"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "20200101x"));
  EXPECT_EQ(*store.prune(now), 0u);
}

TEST(Evidence, UnwritableFolderIsAnErrorNotACrash) {
  temp_dir dir;
  jpeg_evidence_store store({dir.path() / "ev", 85, 30});
  // A file where the day folder should go.
  std::ofstream(dir.path() / "ev" / "20261122") << "x";
  const auto saved = store.save(to_frame(cv::Mat(8, 8, CV_8UC3, cv::Scalar(0))), t_2026_11_22);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.err().code, "evidence_io");
}

TEST(FrameSources, ImageFolderInNameOrder) {
  temp_dir dir;
  cv::imwrite((dir.path() / "b.png").string(), cv::Mat(10, 20, CV_8UC3, cv::Scalar(0, 0, 200)));
  cv::imwrite((dir.path() / "a.jpg").string(), cv::Mat(30, 40, CV_8UC1, cv::Scalar(50)));
  std::ofstream(dir.path() / "c.jpg") << "not really a jpeg";
  std::ofstream(dir.path() / "readme.txt") << "ignored";
  image_folder_source src(dir.path());
  EXPECT_EQ(src.size(), 3u);
  auto f1 = src.next();
  ASSERT_TRUE(f1);
  EXPECT_EQ(f1->width, 40);  // a.jpg first, loaded as BGR
  EXPECT_EQ(f1->format, pixel_format::bgr8);
  auto f2 = src.next();
  ASSERT_TRUE(f2);
  EXPECT_EQ(f2->width, 20);
  EXPECT_EQ(f2->index, 1u);
  const auto end = src.next();
  ASSERT_FALSE(end);
  EXPECT_EQ(end.err().code, "end_of_stream");
  EXPECT_EQ(src.skipped(), 1u);

  image_folder_source looping(dir.path(), true);
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(looping.next()) << i;

  EXPECT_THROW(image_folder_source(dir.path() / "missing"), std::runtime_error);
}

TEST(FrameSources, VideoFile) {
  temp_dir dir;
  const std::string path = (dir.path() / "clip.avi").string();
  {
    cv::VideoWriter w(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, cv::Size(640, 480));
    ASSERT_TRUE(w.isOpened());
    for (int i = 0; i < 5; ++i) w.write(cv::Mat(480, 640, CV_8UC3, cv::Scalar(i * 40, 100, 100)));
  }
  opencv_frame_source src(path);
  int frames = 0;
  while (true) {
    auto f = src.next();
    if (!f) {
      EXPECT_EQ(f.err().code, "end_of_stream");
      break;
    }
    EXPECT_EQ(f->width, 640);
    EXPECT_EQ(f->height, 480);
    ++frames;
  }
  EXPECT_EQ(frames, 5);
  EXPECT_THROW(opencv_frame_source((dir.path() / "missing.avi").string()), std::runtime_error);
}

TEST(ScanEndToEnd, BadgeAndFaceFromAFolderOfFrames) {
  REQUIRE_SAMPLE(messi, "messi5.jpg");
  temp_dir dir;
  // Frame 0: nobody. Frame 1: the employee holds the badge up next to their face. Frame 2: the same a
  // moment later (debounced). Frame 3: a forged badge.
  cv::Mat person = kiosk_frame_with(messi, 640);
  cv::Mat badge_grey = qr_image(signed_badge(), 4);
  cv::Mat badge;
  cv::cvtColor(badge_grey, badge, cv::COLOR_GRAY2BGR);
  badge.copyTo(person(cv::Rect(640 - badge.cols, 480 - badge.rows, badge.cols, badge.rows)));
  cv::Mat forged = person.clone();
  cv::Mat forged_qr;
  cv::cvtColor(qr_image(signed_badge(test_nip, "k2026a", "20271231", other_key), 4), forged_qr, cv::COLOR_GRAY2BGR);
  forged_qr.copyTo(forged(cv::Rect(0, 0, forged_qr.cols, forged_qr.rows)));
  cv::imwrite((dir.path() / "0.png").string(), cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 90, 90)));
  cv::imwrite((dir.path() / "1.png").string(), person);
  cv::imwrite((dir.path() / "2.png").string(), person);
  cv::imwrite((dir.path() / "3.png").string(), forged);

  manual_clock clk(t_2026_11_22, 1'000);
  const badge_verifier verifier{badge_keyring{{"k2026a", test_key}}, wib};
  zxing_badge_reader reader;
  haar_face_detector faces;
  jpeg_evidence_store evidence({dir.path() / "evidence", 85, 30});
  scan_pipeline pipeline(verifier, reader, &faces, &evidence, clk);
  image_folder_source src(dir.path());

  std::vector<scan_result> all;
  while (true) {
    auto f = src.next();
    if (!f) break;
    for (auto& r : pipeline.process(*f)) all.push_back(std::move(r));
    clk.advance(200);
  }
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].accepted());
  EXPECT_EQ(all[0].check.fields.nip, test_nip);
  EXPECT_EQ(all[0].face, face_presence::present);
  ASSERT_TRUE(all[0].photo);
  EXPECT_EQ(file_sha256(evidence.path_for(*all[0].photo, t_2026_11_22)), all[0].photo->substr(7));
  EXPECT_EQ(all[1].check.rejection, badge_rejection::bad_signature);
  EXPECT_EQ(all[1].face, face_presence::unchecked);
}

}  // namespace
}  // namespace pantau::kiosk
