#pragma once
// Conversions between core frames and OpenCV matrices. Thread-safety: pure functions.
#include <cstdint>

#include <opencv2/core.hpp>

#include "pantau/kiosk/frame_source.hpp"

namespace pantau::kiosk {

// A copy of `m` as a core frame: 8-bit grey stays grey, anything else becomes 8-bit BGR.
// Throws std::invalid_argument for an empty matrix or a depth other than 8 bits.
frame to_frame(const cv::Mat& m, std::uint64_t index = 0);

// A read-only view of `f` without copying; valid while `f` lives and is not changed.
cv::Mat as_mat(const frame& f);

}  // namespace pantau::kiosk
