#pragma once
// Camera frames with signed badges and the key files that go with them, for the tests that run a real
// pantau-kiosk with its camera on a folder of images. Thread-safety: pure functions.
#include <stdexcept>
#include <string>

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

}  // namespace pantau::test
