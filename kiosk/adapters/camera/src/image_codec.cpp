#include "pantau/kiosk/image_codec.hpp"

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace pantau::kiosk {
namespace {

struct tj_closer {
  void operator()(void* h) const { tjDestroy(h); }
};
using tj_handle = std::unique_ptr<void, tj_closer>;

std::string lower_extension(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

error decode_error(const std::filesystem::path& p, const std::string& why) {
  return error{errc::image_decode, p.string() + ": " + why};
}

result<frame> decode_jpeg(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error{errc::image_io, "cannot read " + path.string()};
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  tj_handle tj(tjInitDecompress());
  if (!tj) return decode_error(path, "libjpeg-turbo failed to start");
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(tj.get(), bytes.data(), bytes.size(), &width, &height, &subsampling, &colorspace) != 0)
    return decode_error(path, tjGetErrorStr2(tj.get()));
  frame f;
  f.width = width;
  f.height = height;
  f.format = pixel_format::bgr8;
  f.pixels.resize(f.stride() * static_cast<std::size_t>(height));
  // Warnings (e.g. a truncated file with a grey tail) still give a usable picture; only errors fail.
  if (tjDecompress2(tj.get(), bytes.data(), bytes.size(), f.pixels.data(), width, static_cast<int>(f.stride()), height,
                    TJPF_BGR, 0) != 0 &&
      tjGetErrorCode(tj.get()) == TJERR_FATAL)
    return decode_error(path, tjGetErrorStr2(tj.get()));
  return f;
}

result<frame> decode_png(const std::filesystem::path& path) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_file(&image, path.c_str()) == 0) {
    const std::string why = image.message;
    png_image_free(&image);
    return decode_error(path, why);
  }
  image.format = PNG_FORMAT_BGR;
  frame f;
  f.width = static_cast<int>(image.width);
  f.height = static_cast<int>(image.height);
  f.format = pixel_format::bgr8;
  f.pixels.assign(PNG_IMAGE_SIZE(image), 0xff);  // transparency is composited onto this white
  if (png_image_finish_read(&image, nullptr, f.pixels.data(), 0, nullptr) == 0) {
    const std::string why = image.message;
    png_image_free(&image);
    return decode_error(path, why);
  }
  return f;
}

}  // namespace

result<frame> decode_image_file(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".jpg" || ext == ".jpeg") return decode_jpeg(path);
  if (ext == ".png") return decode_png(path);
  return decode_error(path, "expected a .jpg, .jpeg or .png file");
}

result<std::vector<std::uint8_t>> encode_jpeg(const frame& f, int quality) {
  if (f.empty() || f.width <= 0 || f.height <= 0 || f.pixels.size() < f.stride() * static_cast<std::size_t>(f.height))
    return error{errc::evidence_encode, "no frame to encode"};
  tj_handle tj(tjInitCompress());
  if (!tj) return error{errc::evidence_encode, "libjpeg-turbo failed to start"};
  const bool grey = f.format == pixel_format::gray8;
  unsigned char* out = nullptr;
  unsigned long size = 0;
  if (tjCompress2(tj.get(), f.pixels.data(), f.width, static_cast<int>(f.stride()), f.height, grey ? TJPF_GRAY : TJPF_BGR,
                  &out, &size, grey ? TJSAMP_GRAY : TJSAMP_420, std::clamp(quality, 1, 100), 0) != 0) {
    const std::string why = tjGetErrorStr2(tj.get());
    tjFree(out);
    return error{errc::evidence_encode, "JPEG encoding failed: " + why};
  }
  std::vector<std::uint8_t> bytes(out, out + size);
  tjFree(out);
  return bytes;
}

}  // namespace pantau::kiosk
