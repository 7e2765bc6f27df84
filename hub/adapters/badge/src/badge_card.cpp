#include "pantau/hub/badge/badge_card.hpp"

#include <png.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>

namespace pantau::hub::badge {
namespace {

// libpng rather than OpenCV's imgcodecs: the hub need not load GDAL, GDCM and the rest behind it.
result<std::vector<unsigned char>> encode_png(const cv::Mat& bgr) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(bgr.cols);
  image.height = static_cast<png_uint_32>(bgr.rows);
  image.format = PNG_FORMAT_BGR;
  const cv::Mat packed = bgr.isContinuous() ? bgr : bgr.clone();
  png_alloc_size_t size = 0;
  if (png_image_write_to_memory(&image, nullptr, &size, 0, packed.data, 0, nullptr) == 0 || size == 0)
    return error{errc::bad_badge, std::string("PNG gagal dibuat / cannot encode the PNG: ") + image.message};
  std::vector<unsigned char> png(size);
  if (png_image_write_to_memory(&image, png.data(), &size, 0, packed.data, 0, nullptr) == 0)
    return error{errc::bad_badge, std::string("PNG gagal dibuat / cannot encode the PNG: ") + image.message};
  png.resize(size);
  return png;
}

constexpr int card_w = 640;   // 54 mm at 300 dpi
constexpr int card_h = 1016;  // 86 mm at 300 dpi
constexpr int qr_side = 520;

// Hershey fonts draw ASCII only: anything else would come out as "?" boxes, so it is spelled plainly.
std::string ascii_only(const std::string& s) {
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c >= 0x20 && c < 0x7f) ? ch : '?';
  }
  return out;
}

void centred(cv::Mat& img, const std::string& text, int y, double scale, int thickness) {
  const auto t = ascii_only(text);
  int base = 0;
  double s = scale;
  cv::Size size = cv::getTextSize(t, cv::FONT_HERSHEY_SIMPLEX, s, thickness, &base);
  // Long names shrink to fit rather than run off the card.
  while (size.width > card_w - 40 && s > 0.4) {
    s -= 0.05;
    size = cv::getTextSize(t, cv::FONT_HERSHEY_SIMPLEX, s, thickness, &base);
  }
  cv::putText(img, t, {(card_w - size.width) / 2, y}, cv::FONT_HERSHEY_SIMPLEX, s, cv::Scalar(0, 0, 0), thickness,
              cv::LINE_AA);
}

}  // namespace

std::string printed_date(const std::string& d) {
  if (d.size() != 8) return d;
  return d.substr(6, 2) + "-" + d.substr(4, 2) + "-" + d.substr(0, 4);
}

result<std::vector<unsigned char>> render_png(const card_fields& f) {
  cv::Mat qr;
  try {
    auto encoder = cv::QRCodeEncoder::create();
    encoder->encode(f.qr_text, qr);
  } catch (const cv::Exception& e) {
    return error{errc::bad_badge, std::string("kode QR gagal dibuat / cannot encode the QR code: ") + e.what()};
  }
  if (qr.empty()) return error{errc::bad_badge, "kode QR gagal dibuat / cannot encode the QR code"};

  cv::Mat card(card_h, card_w, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::rectangle(card, {0, 0}, {card_w, 110}, cv::Scalar(120, 60, 20), cv::FILLED);
  cv::putText(card, "PANTAU", {40, 78}, cv::FONT_HERSHEY_DUPLEX, 2.0, cv::Scalar(255, 255, 255), 3, cv::LINE_AA);
  cv::putText(card, "Kartu Pegawai / Staff badge", {300, 70}, cv::FONT_HERSHEY_SIMPLEX, 0.7,
              cv::Scalar(255, 255, 255), 1, cv::LINE_AA);

  // Whole pixels per module (nearest neighbour) keep the edges sharp for the kiosk camera; the white
  // card around it is the quiet zone.
  const int scale = std::max(1, qr_side / qr.cols);
  cv::Mat big;
  cv::resize(qr, big, {qr.cols * scale, qr.rows * scale}, 0, 0, cv::INTER_NEAREST);
  cv::Mat big_bgr;
  cv::cvtColor(big, big_bgr, cv::COLOR_GRAY2BGR);
  const int x = (card_w - big_bgr.cols) / 2;
  const int y = 150;
  big_bgr.copyTo(card(cv::Rect(x, y, big_bgr.cols, big_bgr.rows)));

  int line = y + big_bgr.rows + 70;
  centred(card, f.name, line, 1.2, 2);
  centred(card, "NIP " + f.nip, line += 55, 0.9, 2);
  if (!f.unit.empty()) centred(card, f.unit, line += 50, 0.8, 1);
  centred(card, "Berlaku s.d. / valid until " + printed_date(f.expiry), line += 50, 0.7, 1);

  return encode_png(card);
}

}  // namespace pantau::hub::badge
