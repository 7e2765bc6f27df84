#pragma once
// The `frame_source` port: where camera frames come from (a V4L2 camera, a folder of
// images, or a test fake). Frames are plain pixel buffers so core logic stays free of OpenCV.
// Thread-safety: a frame_source belongs to the one thread that calls next().
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

enum class pixel_format { gray8, bgr8 };

struct frame {
  int width = 0;
  int height = 0;
  pixel_format format = pixel_format::bgr8;
  std::vector<std::uint8_t> pixels;  // rows top to bottom, tightly packed (stride = width * channels)
  std::uint64_t index = 0;           // counts frames from this source, from 0

  int channels() const { return format == pixel_format::gray8 ? 1 : 3; }
  std::size_t stride() const { return static_cast<std::size_t>(width) * static_cast<std::size_t>(channels()); }
  bool empty() const { return pixels.empty(); }
};

class frame_source {
 public:
  virtual ~frame_source() = default;
  // The next frame, or error code "end_of_stream" (a file or folder is exhausted) or "read_failed"
  // (the device stopped delivering; the caller may reopen it).
  virtual result<frame> next() = 0;
  virtual std::string describe() const = 0;  // for logs and the kiosk status, e.g. "/dev/video0"
};

}  // namespace pantau::kiosk
