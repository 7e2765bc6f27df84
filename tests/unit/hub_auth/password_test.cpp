// argon2id hashing through libsodium.
#include <gtest/gtest.h>

#include "pantau/hub/auth/password.hpp"

namespace pantau::hub::auth {
namespace {

TEST(password_test, hash_verifies_the_right_password_only) {
  auto h = hash_password("rahasia-kantor", password_cost::minimum());
  ASSERT_TRUE(h) << h.err().message;
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "rahasia-kantor"));
  EXPECT_FALSE(verify_password(*h, "rahasia-kantoR"));
  EXPECT_FALSE(verify_password(*h, ""));
  auto h2 = hash_password("rahasia-kantor", password_cost::minimum());
  ASSERT_TRUE(h2);
  EXPECT_NE(*h, *h2) << "each hash has its own salt";
}

TEST(password_test, garbage_hashes_never_verify) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("plain-text-password", "plain-text-password"));
  EXPECT_FALSE(verify_password(std::string(500, '$'), "x"));
}

TEST(password_test, new_passwords_follow_the_length_rules) {
  EXPECT_EQ(hash_password("", password_cost::minimum()).err().code, errc::bad_password);
  EXPECT_EQ(hash_password("1234567", password_cost::minimum()).err().code, errc::bad_password);
  EXPECT_TRUE(hash_password("12345678", password_cost::minimum()));
  EXPECT_FALSE(check_new_password(std::string(max_password_length + 1, 'a')));
}

TEST(password_test, rehash_is_needed_when_the_cost_changes) {
  auto h = hash_password("rahasia-kantor", password_cost::minimum());
  ASSERT_TRUE(h);
  EXPECT_FALSE(needs_rehash(*h, password_cost::minimum()));
  EXPECT_TRUE(needs_rehash(*h, password_cost::interactive()));
}

}  // namespace
}  // namespace pantau::hub::auth
