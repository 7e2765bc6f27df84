#pragma once
// A folder of the running test's own under the system temp folder, emptied first: named after the
// prefix, this process and the test, so parallel test processes never share one.
// Thread-safety: call from the test's thread (it reads the current test's name).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace pantau::hub::test {

inline std::filesystem::path fresh_test_dir(std::string_view prefix) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace pantau::hub::test
