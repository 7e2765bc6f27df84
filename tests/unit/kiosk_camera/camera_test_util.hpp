#pragma once
// Helpers for the camera tests: badge keys and dates, QR images, scene composition, a temp dir.
// Thread-safety: none; each object belongs to one test.
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "pantau/shared/badge.hpp"

#include "pantau/test/process.hpp"

namespace pantau::kiosk::camera_test {

inline const std::string test_key(32, 'K');       // 32 bytes, the minimum
inline const std::string other_key = "a-different-key-of-at-least-32-bytes!";
inline constexpr const char* test_nip = "198503152010011001";
inline constexpr int wib = 7 * 60;

// 2026-11-22T00:31:02Z = 07:31:02 WIB.
inline constexpr std::int64_t t_2026_11_22 = 1795307462000;

inline std::string signed_badge(const std::string& nip = test_nip, const std::string& key_id = "k2026a",
                                const std::string& expiry = "20271231", const std::string& key = test_key) {
  auto r = sign_badge(nip, key_id, expiry, key);
  if (!r) throw std::runtime_error(r.err().message);
  return r.value();
}

// A QR code of `text`, `module_px` pixels per module, white quiet zone included, 8-bit grey.
inline cv::Mat qr_image(const std::string& text, int module_px,
                        int level = cv::QRCodeEncoder::CORRECT_LEVEL_Q) {
  cv::QRCodeEncoder::Params p;
  p.correction_level = static_cast<cv::QRCodeEncoder::CorrectionLevel>(level);
  cv::Mat modules;
  cv::QRCodeEncoder::create(p)->encode(text, modules);
  cv::Mat big;
  cv::resize(modules, big, cv::Size(), module_px, module_px, cv::INTER_NEAREST);
  return big;
}

// A 640x480 grey scene with mild texture, `qr` pasted with its top-left corner at (x, y).
inline cv::Mat scene_with(const cv::Mat& qr, int x, int y) {
  cv::Mat scene(480, 640, CV_8UC1);
  cv::RNG rng(42);
  rng.fill(scene, cv::RNG::UNIFORM, 90, 160);
  cv::GaussianBlur(scene, scene, cv::Size(0, 0), 3);
  qr.copyTo(scene(cv::Rect(x, y, qr.cols, qr.rows)));
  return scene;
}

inline cv::Mat centred(const cv::Mat& qr) { return scene_with(qr, (640 - qr.cols) / 2, (480 - qr.rows) / 2); }

// The suite's own temp folder (tests/support), removed with everything in it.
using pantau::test::temp_dir;

}  // namespace pantau::kiosk::camera_test
