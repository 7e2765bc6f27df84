#include "pantau/kiosk/opencv_frame_source.hpp"

#include <stdexcept>

#include "pantau/kiosk/mat_view.hpp"

namespace pantau::kiosk {

opencv_frame_source::opencv_frame_source(int device_index, capture_options opts)
    : name_("/dev/video" + std::to_string(device_index)), is_device_(true) {
  if (!capture_.open(device_index, cv::CAP_V4L2))
    throw std::runtime_error("kamera tidak dapat dibuka / cannot open camera " + name_);
  configure_camera(opts);
}

opencv_frame_source::opencv_frame_source(const std::string& path, capture_options opts)
    : name_(path), is_device_(path.rfind("/dev/video", 0) == 0) {
  const bool opened = is_device_ ? capture_.open(path, cv::CAP_V4L2) : capture_.open(path);
  if (!opened) throw std::runtime_error("sumber video tidak dapat dibuka / cannot open video source " + path);
  if (is_device_) configure_camera(opts);
}

void opencv_frame_source::configure_camera(const capture_options& opts) {
  // Requests only: a camera that cannot do 640x480 delivers its nearest mode, which is still usable.
  capture_.set(cv::CAP_PROP_FRAME_WIDTH, opts.width);
  capture_.set(cv::CAP_PROP_FRAME_HEIGHT, opts.height);
  // A deep driver queue would hand out stale frames: the badge must be read as it is shown now.
  capture_.set(cv::CAP_PROP_BUFFERSIZE, 1);
}

result<frame> opencv_frame_source::next() {
  if (!capture_.read(buffer_) || buffer_.empty()) {
    if (is_device_) return error{"read_failed", "camera " + name_ + " delivered no frame"};
    return error{"end_of_stream", "end of " + name_};
  }
  try {
    return to_frame(buffer_, index_++);
  } catch (const std::invalid_argument& e) {
    return error{"read_failed", name_ + ": " + e.what()};
  }
}

}  // namespace pantau::kiosk
