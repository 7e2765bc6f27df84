// Roles and what a principal may see.
#include <gtest/gtest.h>

#include "pantau/hub/core/access.hpp"

namespace pantau::hub {
namespace {

TEST(access_test, roles_round_trip_and_unknown_roles_are_refused) {
  for (role r : {role::admin, role::supervisor, role::viewer}) EXPECT_EQ(parse_role(to_string(r)), r);
  EXPECT_STREQ(to_string(role::supervisor), "supervisor");
  EXPECT_FALSE(parse_role("Admin"));
  EXPECT_FALSE(parse_role(""));
  EXPECT_FALSE(parse_role("root"));
}

TEST(access_test, admins_see_every_unit_others_only_theirs) {
  principal admin{"a", role::admin, {}};
  principal sup{"s", role::supervisor, {"dukcapil", "dpmptsp"}};
  principal viewer{"v", role::viewer, {}};
  EXPECT_TRUE(admin.can_see_unit("anything"));
  EXPECT_TRUE(sup.can_see_unit("dpmptsp"));
  EXPECT_FALSE(sup.can_see_unit("bapenda"));
  EXPECT_FALSE(viewer.can_see_unit("dukcapil"));
  EXPECT_TRUE(admin.is_admin());
  EXPECT_FALSE(sup.is_admin());
}

}  // namespace
}  // namespace pantau::hub
