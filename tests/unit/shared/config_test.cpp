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

}  // namespace
}  // namespace pantau
