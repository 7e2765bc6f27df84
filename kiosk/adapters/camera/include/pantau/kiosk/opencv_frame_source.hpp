#pragma once
// Frames from a camera (V4L2) or a video file through cv::VideoCapture.
// Thread-safety: not thread-safe; one thread calls next().
#include <cstdint>
#include <string>

#include <opencv2/videoio.hpp>

#include "pantau/kiosk/frame_source.hpp"

namespace pantau::kiosk {

struct capture_options {
  int width = 640;   // requested from a camera; a file keeps its own size
  int height = 480;
};

class opencv_frame_source final : public frame_source {
 public:
  // A camera by V4L2 index (0 = /dev/video0). Throws std::runtime_error when it cannot be opened.
  explicit opencv_frame_source(int device_index, capture_options opts = {});
  // A device path ("/dev/video2") or a video file. Throws std::runtime_error when it cannot be opened.
  explicit opencv_frame_source(const std::string& path, capture_options opts = {});

  result<frame> next() override;
  std::string describe() const override { return name_; }

 private:
  void configure_camera(const capture_options& opts);

  cv::VideoCapture capture_;
  std::string name_;
  bool is_device_ = false;
  std::uint64_t index_ = 0;
  cv::Mat buffer_;
};

}  // namespace pantau::kiosk
