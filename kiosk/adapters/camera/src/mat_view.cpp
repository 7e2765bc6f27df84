#include "pantau/kiosk/mat_view.hpp"

#include <stdexcept>

#include <opencv2/imgproc.hpp>

namespace pantau::kiosk {

frame to_frame(const cv::Mat& m, std::uint64_t index) {
  if (m.empty()) throw std::invalid_argument("empty image");
  if (m.depth() != CV_8U) throw std::invalid_argument("only 8-bit images are supported");
  cv::Mat packed;
  pixel_format fmt = pixel_format::bgr8;
  switch (m.channels()) {
    case 1: packed = m; fmt = pixel_format::gray8; break;
    case 3: packed = m; break;
    case 4: cv::cvtColor(m, packed, cv::COLOR_BGRA2BGR); break;
    default: throw std::invalid_argument("unsupported channel count " + std::to_string(m.channels()));
  }
  if (!packed.isContinuous()) packed = packed.clone();
  frame f;
  f.width = packed.cols;
  f.height = packed.rows;
  f.format = fmt;
  f.index = index;
  const auto* begin = packed.ptr<std::uint8_t>(0);
  f.pixels.assign(begin, begin + packed.total() * packed.elemSize());
  return f;
}

cv::Mat as_mat(const frame& f) {
  // OpenCV has no const Mat header over external data; callers get it as read-only by contract.
  auto* data = const_cast<std::uint8_t*>(f.pixels.data());
  return cv::Mat(f.height, f.width, f.format == pixel_format::gray8 ? CV_8UC1 : CV_8UC3, data, f.stride());
}

}  // namespace pantau::kiosk
