#pragma once
// For the config tests: a temporary folder to write config files into, and the check that an error
// names the file and the key in the one format every config error has. Header-only; needs GoogleTest.
// Thread-safety: none; each object belongs to the test that made it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "pantau/shared/result.hpp"

namespace pantau::test {

class config_dir {
 public:
  config_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("pantau-config-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~config_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  config_dir(const config_dir&) = delete;
  config_dir& operator=(const config_dir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `<file>: key "<key>": expected ...`
inline void expect_config_error(const error& e, const std::string& file, const std::string& key) {
  EXPECT_EQ(e.code, errc::config);
  EXPECT_EQ(e.message.rfind(file + ": key \"" + key + "\": expected ", 0), 0U) << e.message;
}

}  // namespace pantau::test
