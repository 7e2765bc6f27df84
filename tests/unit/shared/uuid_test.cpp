#include "pantau/shared/uuid.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pantau {
namespace {

TEST(uuid, generates_lowercase_canonical_version_4) {
  uuid_generator gen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = gen.next();
    ASSERT_TRUE(is_valid_uuid(id)) << id;
    EXPECT_EQ(id[14], '4') << id;
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  }
}

TEST(uuid, does_not_repeat_across_generators) {
  std::set<std::string> seen;
  for (int g = 0; g < 10; ++g) {
    uuid_generator gen;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(gen.next()).second);
  }
}

TEST(uuid, validation) {
  EXPECT_TRUE(is_valid_uuid("0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f60"));
  EXPECT_TRUE(is_valid_uuid("00000000-0000-4000-8000-000000000004"));
  EXPECT_FALSE(is_valid_uuid("0B7E4C1A-5F3D-4C2B-9A8E-1D2C3B4A5F60"));
  EXPECT_FALSE(is_valid_uuid("0b7e4c1a5f3d4c2b9a8e1d2c3b4a5f60"));
  EXPECT_FALSE(is_valid_uuid("0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f6"));
  EXPECT_FALSE(is_valid_uuid("0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5f600"));
  EXPECT_FALSE(is_valid_uuid("0b7e4c1a_5f3d-4c2b-9a8e-1d2c3b4a5f60"));
  EXPECT_FALSE(is_valid_uuid("0b7e4c1a-5f3d-4c2b-9a8e-1d2c3b4a5g60"));
  EXPECT_FALSE(is_valid_uuid(""));
}

}  // namespace
}  // namespace pantau
