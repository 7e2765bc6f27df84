#include "pantau/shared/badge_keyring.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace pantau {
namespace {

namespace fs = std::filesystem;

void expect_error(const error& e, const std::string& file, const std::string& key) {
  EXPECT_EQ(e.code, errc::config);
  EXPECT_EQ(e.message.rfind(file + ": key \"" + key + "\": expected ", 0), 0U) << e.message;
}

TEST(badge_keyring, toml_and_text) {
  const std::string hex(64, 'a');
  auto t = parse_badge_keyring("k2026a = \"" + hex + "\"\nk2026b = \"" + std::string(66, '0') + "\"\n", "keys.toml",
                               true);
  ASSERT_TRUE(t.ok()) << t.err().message;
  ASSERT_EQ(t->size(), 2U);
  EXPECT_EQ(t->at("k2026a"), std::string(32, '\xaa'));
  EXPECT_EQ(t->at("k2026b").size(), 33U);

  auto nested = parse_badge_keyring("[keys]\nk1 = \"" + hex + "\"\n", "keys.toml", true);
  ASSERT_TRUE(nested.ok()) << nested.err().message;
  EXPECT_EQ(nested->count("k1"), 1U);

  auto x = parse_badge_keyring("# keys\n\nk1 " + hex + "\nk-2 = " + hex + "  # second\n", "keys.txt", false);
  ASSERT_TRUE(x.ok()) << x.err().message;
  EXPECT_EQ(x->size(), 2U);
  EXPECT_EQ(x->count("k-2"), 1U);
}

TEST(badge_keyring, errors_name_file_and_key) {
  auto short_key = parse_badge_keyring("k1 = \"" + std::string(62, 'a') + "\"\n", "keys.toml", true);
  ASSERT_FALSE(short_key.ok());
  expect_error(short_key.err(), "keys.toml", "k1");
  auto not_hex = parse_badge_keyring("k2 " + std::string(63, 'a') + "g\n", "keys.txt", false);
  ASSERT_FALSE(not_hex.ok());
  expect_error(not_hex.err(), "keys.txt", "k2");
  auto dup =
      parse_badge_keyring("k3 " + std::string(64, 'a') + "\nk3 " + std::string(64, 'b') + "\n", "keys.txt", false);
  ASSERT_FALSE(dup.ok());
  expect_error(dup.err(), "keys.txt", "k3");
  auto bad_id = parse_badge_keyring("\"bad id\" = \"" + std::string(64, 'a') + "\"\n", "keys.toml", true);
  ASSERT_FALSE(bad_id.ok());
  expect_error(bad_id.err(), "keys.toml", "bad id");
  EXPECT_FALSE(parse_badge_keyring("# nothing\n", "keys.txt", false).ok());

  const fs::path dir = fs::path(::testing::TempDir()) / ("pantau-keyring-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto missing = load_badge_keyring((dir / "none.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.err().message.find("none.toml"), std::string::npos);
  std::ofstream(dir / "keys.toml") << "k9 = \"" + std::string(64, 'c') + "\"\n";
  auto loaded = load_badge_keyring((dir / "keys.toml").string());
  fs::remove_all(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.err().message;
  EXPECT_EQ(loaded->count("k9"), 1U);
}

}  // namespace
}  // namespace pantau
