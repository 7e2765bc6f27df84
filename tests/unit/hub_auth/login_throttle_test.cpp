// Login throttling: 5 failures per user or per address within 15 minutes, on an injected clock.
#include <gtest/gtest.h>

#include "pantau/hub/core/login_throttle.hpp"

namespace pantau::hub {
namespace {

constexpr std::int64_t minute = 60 * 1000;

TEST(login_throttle_test, five_failures_for_a_user_block_the_sixth_attempt_until_the_window_passes) {
  manual_clock clock(0, 1'000'000);
  login_throttle t(clock);
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(t.check("budi", "10.0.0.1")) << i;
    t.record_failure("budi", "10.0.0." + std::to_string(i + 1));  // different addresses: the user counts
    clock.advance(minute);
  }
  // First failure at t0, now t0+5min: blocked for the remaining 10 minutes.
  auto wait = t.check("budi", "10.0.0.9");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 10 * minute);
  EXPECT_FALSE(t.check("siti", "10.0.0.9")) << "another user from a fresh address is not affected";

  clock.advance(10 * minute - 1);
  EXPECT_TRUE(t.check("budi", "10.0.0.9"));
  EXPECT_EQ(*t.check("budi", "10.0.0.9"), 1);
  clock.advance(1);  // the oldest failure leaves the window: 4 left, one more attempt allowed
  EXPECT_FALSE(t.check("budi", "10.0.0.9"));
  t.record_failure("budi", "10.0.0.9");
  EXPECT_TRUE(t.check("budi", "10.0.0.9"));
}

TEST(login_throttle_test, five_failures_from_one_address_block_every_user_from_there) {
  manual_clock clock;
  login_throttle t(clock);
  for (int i = 0; i < 5; ++i) t.record_failure("user" + std::to_string(i), "192.168.1.5");
  auto wait = t.check("someone-else", "192.168.1.5");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 15 * minute);
  EXPECT_FALSE(t.check("someone-else", "192.168.1.6"));
  EXPECT_FALSE(t.check("user0", "192.168.1.6")) << "one failure per user is below the limit";
}

TEST(login_throttle_test, success_clears_the_user_but_not_the_address) {
  manual_clock clock;
  login_throttle t(clock);
  for (int i = 0; i < 4; ++i) t.record_failure("budi", "10.0.0.1");
  t.record_success("budi");
  t.record_failure("budi", "10.0.0.1");  // address now at 5
  EXPECT_TRUE(t.check("budi", "10.0.0.1"));
  EXPECT_FALSE(t.check("budi", "10.0.0.2")) << "the user's own count restarted after the good login";
}

TEST(login_throttle_test, refused_attempts_are_not_counted_and_limits_are_configurable) {
  manual_clock clock;
  login_throttle t(clock, login_throttle_options{3, 10 * minute, 100});
  for (int i = 0; i < 3; ++i) t.record_failure("budi", "");
  EXPECT_TRUE(t.check("budi", ""));
  clock.advance(10 * minute);
  EXPECT_FALSE(t.check("budi", ""));
}

TEST(login_throttle_test, memory_stays_bounded_under_a_flood_of_names) {
  manual_clock clock;
  login_throttle t(clock, login_throttle_options{5, 15 * minute, 50});
  for (int i = 0; i < 1000; ++i) {
    t.record_failure("u" + std::to_string(i), "");
    clock.advance(1);
  }
  EXPECT_LE(t.tracked_keys(), 50u);
  // Expired entries go on their own as well.
  clock.advance(15 * minute);
  t.record_failure("late", "");
  EXPECT_FALSE(t.check("u999", ""));
}

}  // namespace
}  // namespace pantau::hub
