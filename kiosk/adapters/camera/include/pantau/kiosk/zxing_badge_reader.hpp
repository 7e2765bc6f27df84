#pragma once
// Reads QR codes from a frame with ZXing-cpp (Debian's OpenCV cannot decode QR: it lacks quirc).
// Thread-safety: not thread-safe (reuses a grey buffer); one reader per camera thread.
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "pantau/kiosk/scan_pipeline.hpp"

namespace pantau::kiosk {

struct qr_options {
  bool try_harder = true;   // slower, finds small or poorly lit codes
  bool try_rotate = true;   // badges are held at any angle
  int max_symbols = 4;      // more than a few codes in one frame is not a badge scan
};

class zxing_badge_reader final : public badge_reader {
 public:
  explicit zxing_badge_reader(qr_options opts = {});
  std::vector<std::string> read(const frame& f) override;

 private:
  qr_options opts_;
  cv::Mat grey_;
};

}  // namespace pantau::kiosk
