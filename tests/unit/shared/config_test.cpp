#include "pantau/shared/config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "pantau/test/config_files.hpp"

namespace pantau {
namespace {

TEST(config, parse_host_port) {
  auto r = parse_host_port("127.0.0.1:8080");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 8080);
  r = parse_host_port("[::1]:8080");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "::1");
  EXPECT_EQ(r->port, 8080);
  r = parse_host_port("localhost:0");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->host, "localhost");
  EXPECT_EQ(r->port, 0);
  EXPECT_EQ(parse_host_port("0.0.0.0:65535")->port, 65535);
  for (const char* bad : {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80a", "::1:8080",
                          "[::1]8080", "[]:80", "[::1]:", "host name:80", "127.0.0.1:123456", "[zz]:80"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(parse_host_port(bad).ok());
  }
}

TEST(config, badge_keyring_toml_and_text) {
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

TEST(config, badge_keyring_errors_name_file_and_key) {
  auto short_key = parse_badge_keyring("k1 = \"" + std::string(62, 'a') + "\"\n", "keys.toml", true);
  ASSERT_FALSE(short_key.ok());
  test::expect_config_error(short_key.err(), "keys.toml", "k1");
  auto not_hex = parse_badge_keyring("k2 " + std::string(63, 'a') + "g\n", "keys.txt", false);
  ASSERT_FALSE(not_hex.ok());
  test::expect_config_error(not_hex.err(), "keys.txt", "k2");
  auto dup =
      parse_badge_keyring("k3 " + std::string(64, 'a') + "\nk3 " + std::string(64, 'b') + "\n", "keys.txt", false);
  ASSERT_FALSE(dup.ok());
  test::expect_config_error(dup.err(), "keys.txt", "k3");
  auto bad_id = parse_badge_keyring("\"bad id\" = \"" + std::string(64, 'a') + "\"\n", "keys.toml", true);
  ASSERT_FALSE(bad_id.ok());
  test::expect_config_error(bad_id.err(), "keys.toml", "bad id");
  EXPECT_FALSE(parse_badge_keyring("# nothing\n", "keys.txt", false).ok());

  test::config_dir dir;
  auto missing = load_badge_keyring((dir.path() / "none.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.err().message.find("none.toml"), std::string::npos);
  auto loaded = load_badge_keyring(dir.write("keys.toml", "k9 = \"" + std::string(64, 'c') + "\"\n"));
  ASSERT_TRUE(loaded.ok()) << loaded.err().message;
  EXPECT_EQ(loaded->count("k9"), 1U);
}

}  // namespace
}  // namespace pantau
