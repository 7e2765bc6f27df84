#pragma once
// Frames from a V4L2 camera through libv4l2, which converts whatever the camera sends (YUYV, MJPEG,
// Bayer, ...) into BGR. Memory-mapped streaming with a short queue; next() hands out the newest frame
// so a badge is read as it is shown now, not as it was a few frames ago.
// Not OpenCV's VideoCapture: its videoio module pulls in FFmpeg, GStreamer and through imgcodecs GDAL,
// 240 libraries that cost the kiosk over 50 MB of resident memory for one camera format path.
// Thread-safety: not thread-safe; one thread calls next().
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pantau/kiosk/frame_source.hpp"

namespace pantau::kiosk {

struct capture_options {
  int width = 640;  // requested; a camera without this mode delivers its nearest one
  int height = 480;
  int timeout_ms = 2000;  // no frame for this long: "read_failed" (the caller reopens the device)
};

class v4l2_frame_source final : public frame_source {
 public:
  // Opens and starts the device ("/dev/video0"). Throws std::runtime_error, with the device's own
  // reason, when it is missing, not a capture device, or cannot stream BGR frames.
  explicit v4l2_frame_source(std::string device, capture_options opts = {});
  ~v4l2_frame_source() override;
  v4l2_frame_source(const v4l2_frame_source&) = delete;
  v4l2_frame_source& operator=(const v4l2_frame_source&) = delete;

  result<frame> next() override;
  std::string describe() const override { return device_; }

  int width() const { return width_; }
  int height() const { return height_; }

 private:
  struct mapped_buffer {
    void* start = nullptr;
    std::size_t length = 0;
  };
  void start(const capture_options& opts);
  void close_device();

  std::string device_;
  int timeout_ms_;
  int fd_ = -1;
  int width_ = 0;
  int height_ = 0;
  std::size_t bytes_per_line_ = 0;
  std::vector<mapped_buffer> buffers_;
  bool streaming_ = false;
  std::uint64_t index_ = 0;
};

}  // namespace pantau::kiosk
