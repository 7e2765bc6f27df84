#pragma once
// JPEG and PNG files to and from core frames, with libjpeg-turbo and libpng. The kiosk uses these
// instead of OpenCV's imgcodecs, whose dependencies (GDAL, GDCM, OpenEXR, ...) cost the kiosk more than
// 50 MB of resident memory at start for formats it never reads.
// Thread-safety: pure functions; each call has its own codec state.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "pantau/kiosk/frame_source.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

// A JPEG (.jpg .jpeg) or PNG (.png) file as an 8-bit BGR frame; a PNG's transparency is laid on white.
// Errors: "image_io" (cannot read), "image_decode" (not a supported, valid image).
result<frame> decode_image_file(const std::filesystem::path& path);

// The frame as JPEG bytes (quality 1..100); grey frames stay grey.
result<std::vector<std::uint8_t>> encode_jpeg(const frame& f, int quality);

}  // namespace pantau::kiosk
