#include "pantau/kiosk/v4l2_frame_source.hpp"

#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace pantau::kiosk {
namespace {

constexpr unsigned buffer_count = 3;  // one being filled, one ready, one with us

// ioctl through libv4l2 (which converts formats), retried when a signal interrupts it.
int xioctl(int fd, unsigned long request, void* arg) {
  int r = 0;
  do r = v4l2_ioctl(fd, request, arg);
  while (r == -1 && errno == EINTR);
  return r;
}

std::string why(const std::string& device, const std::string& what, int err) {
  return "kamera " + device + " tidak dapat dipakai / cannot use camera " + device + ": " + what + ": " +
         std::strerror(err);
}

}  // namespace

v4l2_frame_source::v4l2_frame_source(std::string device, capture_options opts)
    : device_(std::move(device)), timeout_ms_(opts.timeout_ms) {
  // Opened and checked directly first: libv4l2 would print its own complaint about a non-camera.
  const int raw = ::open(device_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (raw < 0) throw std::runtime_error(why(device_, "open", errno));
  v4l2_capability cap{};
  int r = 0;
  do r = ::ioctl(raw, VIDIOC_QUERYCAP, &cap);
  while (r == -1 && errno == EINTR);
  if (r != 0) {
    const int err = errno;
    ::close(raw);
    throw std::runtime_error(why(device_, "not a V4L2 device", err));
  }
  fd_ = v4l2_fd_open(raw, 0);
  if (fd_ < 0) {
    const int err = errno;
    ::close(raw);
    throw std::runtime_error(why(device_, "libv4l2", err));
  }
  try {
    start(opts);
  } catch (...) {
    close_device();
    throw;
  }
}

v4l2_frame_source::~v4l2_frame_source() { close_device(); }

void v4l2_frame_source::start(const capture_options& opts) {
  v4l2_capability cap{};
  if (xioctl(fd_, VIDIOC_QUERYCAP, &cap) != 0) throw std::runtime_error(why(device_, "not a V4L2 device", errno));
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
    throw std::runtime_error(why(device_, "not a streaming video capture device", ENODEV));

  v4l2_format fmt{};
  fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  fmt.fmt.pix.width = static_cast<std::uint32_t>(opts.width);
  fmt.fmt.pix.height = static_cast<std::uint32_t>(opts.height);
  fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_BGR24;  // libv4l2 converts into it when the camera cannot
  fmt.fmt.pix.field = V4L2_FIELD_ANY;
  if (xioctl(fd_, VIDIOC_S_FMT, &fmt) != 0) throw std::runtime_error(why(device_, "set format", errno));
  if (fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_BGR24)
    throw std::runtime_error(why(device_, "no BGR conversion for the camera's format", EINVAL));
  width_ = static_cast<int>(fmt.fmt.pix.width);
  height_ = static_cast<int>(fmt.fmt.pix.height);
  bytes_per_line_ = std::max<std::size_t>(fmt.fmt.pix.bytesperline, static_cast<std::size_t>(width_) * 3);

  v4l2_requestbuffers req{};
  req.count = buffer_count;
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (xioctl(fd_, VIDIOC_REQBUFS, &req) != 0 || req.count == 0)
    throw std::runtime_error(why(device_, "request buffers", req.count == 0 ? ENOMEM : errno));
  for (unsigned i = 0; i < req.count; ++i) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = i;
    if (xioctl(fd_, VIDIOC_QUERYBUF, &buf) != 0) throw std::runtime_error(why(device_, "query buffer", errno));
    void* p = v4l2_mmap(nullptr, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buf.m.offset);
    if (p == MAP_FAILED) throw std::runtime_error(why(device_, "map buffer", errno));
    buffers_.push_back({p, buf.length});
    if (xioctl(fd_, VIDIOC_QBUF, &buf) != 0) throw std::runtime_error(why(device_, "queue buffer", errno));
  }
  v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) throw std::runtime_error(why(device_, "start streaming", errno));
  streaming_ = true;
}

void v4l2_frame_source::close_device() {
  if (fd_ < 0) return;
  if (streaming_) {
    v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    xioctl(fd_, VIDIOC_STREAMOFF, &type);
    streaming_ = false;
  }
  for (const auto& b : buffers_) v4l2_munmap(b.start, b.length);
  buffers_.clear();
  v4l2_close(fd_);
  fd_ = -1;
}

result<frame> v4l2_frame_source::next() {
  pollfd p{fd_, POLLIN, 0};
  int ready = 0;
  do ready = ::poll(&p, 1, timeout_ms_);
  while (ready < 0 && errno == EINTR);
  if (ready <= 0) return error{errc::read_failed, "camera " + device_ + " delivered no frame" +
                                                  (ready == 0 ? std::string(" in time") : ": " + std::string(std::strerror(errno)))};
  // Take every frame that is ready and keep the newest: the older ones show the past.
  std::optional<v4l2_buffer> newest;
  for (;;) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    if (xioctl(fd_, VIDIOC_DQBUF, &buf) != 0) {
      if (errno == EAGAIN) break;
      const int err = errno;
      if (newest) xioctl(fd_, VIDIOC_QBUF, &*newest);
      return error{errc::read_failed, "camera " + device_ + ": " + std::strerror(err)};
    }
    if (newest) xioctl(fd_, VIDIOC_QBUF, &*newest);
    newest = buf;
  }
  if (!newest) return error{errc::read_failed, "camera " + device_ + " signalled a frame but had none"};
  frame f;
  f.width = width_;
  f.height = height_;
  f.format = pixel_format::bgr8;
  f.index = index_++;
  const std::size_t row = f.stride();
  f.pixels.resize(row * static_cast<std::size_t>(height_));
  const auto* src = static_cast<const std::uint8_t*>(buffers_[newest->index].start);
  const std::size_t available = std::min<std::size_t>(newest->bytesused ? newest->bytesused : buffers_[newest->index].length,
                                                      buffers_[newest->index].length);
  const bool complete = available >= bytes_per_line_ * static_cast<std::size_t>(height_ - 1) + row;
  if (complete)
    for (int y = 0; y < height_; ++y)
      std::memcpy(f.pixels.data() + row * static_cast<std::size_t>(y), src + bytes_per_line_ * static_cast<std::size_t>(y), row);
  xioctl(fd_, VIDIOC_QBUF, &*newest);
  if (!complete) return error{errc::read_failed, "camera " + device_ + " delivered a short frame"};
  return f;
}

}  // namespace pantau::kiosk
