#pragma once
// Frames from the images in a folder (.jpg .jpeg .png), in file-name order: for demos, tests and
// replaying frames captured at a site. Thread-safety: not thread-safe; one thread calls next().
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pantau/kiosk/frame_source.hpp"

namespace pantau::kiosk {

class image_folder_source final : public frame_source {
 public:
  // Throws std::runtime_error when `dir` is not a readable directory. With `loop`, the folder is
  // replayed forever (an empty folder still ends the stream).
  explicit image_folder_source(std::filesystem::path dir, bool loop = false);

  result<frame> next() override;
  std::string describe() const override { return dir_.string(); }

  std::size_t size() const { return files_.size(); }
  std::size_t skipped() const { return skipped_; }  // files that could not be decoded

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> files_;
  bool loop_;
  std::size_t pos_ = 0;
  std::size_t skipped_ = 0;
  std::uint64_t index_ = 0;
};

}  // namespace pantau::kiosk
