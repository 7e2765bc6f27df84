#include "pantau/kiosk/image_folder_source.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <system_error>

#include "pantau/kiosk/image_codec.hpp"

namespace pantau::kiosk {
namespace {

bool is_image(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

}  // namespace

image_folder_source::image_folder_source(std::filesystem::path dir, bool loop) : dir_(std::move(dir)), loop_(loop) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir_, ec);
  if (ec) throw std::runtime_error("folder gambar tidak dapat dibaca / cannot read image folder " + dir_.string() + ": " + ec.message());
  for (const auto& entry : it)
    if (entry.is_regular_file(ec) && is_image(entry.path())) files_.push_back(entry.path());
  std::sort(files_.begin(), files_.end());
}

result<frame> image_folder_source::next() {
  // Bounded by one pass over the folder, so a folder of only unreadable files still ends.
  for (std::size_t attempts = 0; attempts < files_.size(); ++attempts) {
    if (pos_ == files_.size()) {
      if (!loop_) break;
      pos_ = 0;
    }
    const std::filesystem::path& p = files_[pos_++];
    auto f = decode_image_file(p);
    if (!f) {
      ++skipped_;
      continue;
    }
    f->index = index_++;
    return f;
  }
  return error{errc::end_of_stream, "no more images in " + dir_.string()};
}

}  // namespace pantau::kiosk
