#pragma once
// Camera frames with signed badges and the key files that go with them, for the tests that run a real
// pantau-kiosk with its camera on a folder of images. Thread-safety: pure functions.
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "pantau/shared/badge.hpp"

namespace pantau::test {

// The QR text of a badge for `nip` under key id k2026a, valid until the end of 2099.
inline std::string badge_text(const std::string& nip, const std::string& key) {
  auto r = sign_badge(nip, "k2026a", "20991231", key);
  if (!r) throw std::runtime_error(r.err().message);
  return r.value();
}

// A 640x480 kiosk frame with the badge's QR code (4 px per module) in the middle.
inline cv::Mat frame_with_badge(const std::string& text) {
  cv::Mat modules;
  cv::QRCodeEncoder::create()->encode(text, modules);
  cv::Mat qr;
  cv::resize(modules, qr, cv::Size(), 4, 4, cv::INTER_NEAREST);
  cv::Mat scene(480, 640, CV_8UC1, cv::Scalar(120));
  qr.copyTo(scene(cv::Rect((640 - qr.cols) / 2, (480 - qr.rows) / 2, qr.cols, qr.rows)));
  cv::Mat bgr;
  cv::cvtColor(scene, bgr, cv::COLOR_GRAY2BGR);
  return bgr;
}

inline std::string hex_of(const std::string& raw) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const char ch : raw) {
    const auto b = static_cast<unsigned char>(ch);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

// A keyring file's text holding `key` as k2026a.
inline std::string keyring_text(const std::string& key) { return "k2026a = \"" + hex_of(key) + "\"\n"; }

// kiosk.toml's [camera] table: frames from `source`, badges checked against `keyring`, evidence under `dir`.
inline std::string camera_table(const std::filesystem::path& source, const std::filesystem::path& keyring,
                                const std::filesystem::path& dir) {
  return "[camera]\nsource = \"" + source.string() + "\"\nkeyring = \"" + keyring.string() + "\"\nevidence_dir = \"" +
         (dir / "evidence").string() + "\"\nzone = \"WIB\"\n";
}

// A camera under `dir` whose frames are `before` (if given) then the badge of `nip` signed with `key`, and
// the keyring for it; returns the [camera] table.
inline std::string badge_camera(const std::filesystem::path& dir, const std::string& nip, const std::string& key,
                                const cv::Mat* before = nullptr) {
  const auto frames = dir / "frames";
  std::filesystem::create_directories(frames);
  if (before != nullptr && !cv::imwrite((frames / "0.png").string(), *before))
    throw std::runtime_error("cannot write a frame");
  const int n = before != nullptr ? 1 : 0;
  if (!cv::imwrite((frames / (std::to_string(n) + ".png")).string(), frame_with_badge(badge_text(nip, key))))
    throw std::runtime_error("cannot write a frame");
  const auto keyring = dir / "badge-keys.toml";
  std::ofstream(keyring) << keyring_text(key);
  return camera_table(frames, keyring, dir);
}

}  // namespace pantau::test
