#include "pantau/kiosk/zxing_badge_reader.hpp"

#include <algorithm>
#include <cstdint>

#include <opencv2/imgproc.hpp>

#include <ZXing/ReadBarcode.h>

#include "pantau/kiosk/mat_view.hpp"

namespace pantau::kiosk {

zxing_badge_reader::zxing_badge_reader(qr_options opts) : opts_(opts) {}

std::vector<std::string> zxing_badge_reader::read(const frame& f) {
  std::vector<std::string> out;
  if (f.empty()) return out;
  const cv::Mat m = as_mat(f);
  if (f.format == pixel_format::gray8)
    grey_ = m;
  else
    cv::cvtColor(m, grey_, cv::COLOR_BGR2GRAY);

  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(opts_.try_harder);
  hints.setTryRotate(opts_.try_rotate);
  hints.setMaxNumberOfSymbols(static_cast<std::uint8_t>(std::clamp(opts_.max_symbols, 1, 255)));
  const ZXing::ImageView view(grey_.ptr<std::uint8_t>(0), grey_.cols, grey_.rows, ZXing::ImageFormat::Lum,
                              static_cast<int>(grey_.step[0]));
  for (const ZXing::Result& r : ZXing::ReadBarcodes(view, hints))
    if (r.isValid()) out.push_back(r.text());
  return out;
}

}  // namespace pantau::kiosk
