// Login throttling on an injected clock: 5 failures per address within 15 minutes lock that address;
// an account attacked from many addresses is slowed (1 s doubling to 60 s), not locked, and not at all
// from an address where it logged in before.
#include <gtest/gtest.h>

#include "pantau/hub/core/login_throttle.hpp"

namespace pantau::hub {
namespace {

constexpr std::int64_t second = 1000;
constexpr std::int64_t minute = 60 * second;
constexpr std::int64_t day = 24 * 60 * minute;

std::string address(int i) { return "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1); }

TEST(login_throttle_test, five_failures_from_one_address_lock_that_address_for_every_account_until_the_window_passes) {
  manual_clock clock(0, 1'000'000);
  login_throttle t(clock);
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(t.check("user" + std::to_string(i), "192.168.1.5")) << i;
    t.record_failure("user" + std::to_string(i), "192.168.1.5");  // a new account each time
    clock.advance(minute);
  }
  // First failure at t0, now t0+5min: the address waits the remaining 10 minutes, whatever it names.
  auto wait = t.check("someone-else", "192.168.1.5");
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->ms, 10 * minute);
  EXPECT_EQ(wait->limit, login_limit::address);
  EXPECT_FALSE(t.check("someone-else", "192.168.1.6")) << "another address is not affected";
  EXPECT_FALSE(t.check("user0", "192.168.1.6")) << "one failure per account is below its limit";

  clock.advance(10 * minute - 1);
  ASSERT_TRUE(t.check("user0", "192.168.1.5"));
  EXPECT_EQ(t.check("user0", "192.168.1.5")->ms, 1);
  clock.advance(1);  // the oldest failure leaves the window: 4 left, one more attempt allowed
  EXPECT_FALSE(t.check("user9", "192.168.1.5"));
  t.record_failure("user9", "192.168.1.5");
  EXPECT_TRUE(t.check("user9", "192.168.1.5"));
}

TEST(login_throttle_test, an_account_guessed_from_many_addresses_is_slowed_doubling_up_to_a_minute_not_locked) {
  manual_clock clock;
  login_throttle t(clock);
  // Four failures from four addresses: below every limit.
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(t.check("budi", address(i))) << i;
    t.record_failure("budi", address(i));
  }
  EXPECT_FALSE(t.check("budi", address(4)));
  t.record_failure("budi", address(4));  // the fifth: the account is slowed from now on
  auto wait = t.check("budi", address(5));
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->ms, 1 * second);
  EXPECT_EQ(wait->limit, login_limit::account);
  EXPECT_FALSE(t.check("siti", address(5))) << "other accounts are not slowed";

  // Each further failure doubles the wait: 1, 2, 4, 8, 16, 32, then 60 s at most.
  const std::vector<std::int64_t> expected{2, 4, 8, 16, 32, 60, 60, 60};
  std::int64_t waited = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto w = t.check("budi", address(10 + static_cast<int>(i)));
    ASSERT_TRUE(w) << i;
    clock.advance(w->ms);
    waited += w->ms;
    EXPECT_FALSE(t.check("budi", address(10 + static_cast<int>(i)))) << i;
    t.record_failure("budi", address(10 + static_cast<int>(i)));
    ASSERT_TRUE(t.check("budi", address(100)));
    EXPECT_EQ(t.check("budi", address(100))->ms, expected[i] * second) << i;
  }
  EXPECT_EQ(waited, (1 + 2 + 4 + 8 + 16 + 32 + 60 + 60) * second) << "never more than a minute at a time";

  // A whole quiet window after the last failure, the account is back to full speed.
  clock.advance(15 * minute);
  EXPECT_FALSE(t.check("budi", address(200)));
  t.record_failure("budi", address(200));
  EXPECT_FALSE(t.check("budi", address(201))) << "counting starts afresh";
}

TEST(login_throttle_test, the_owner_from_a_known_good_address_is_not_slowed_by_an_attack_on_the_account) {
  manual_clock clock(0, 5 * day);
  login_throttle t(clock);
  EXPECT_FALSE(t.check("budi", "10.1.1.1"));
  t.record_success("budi", "10.1.1.1");  // the owner's office PC
  clock.advance(day);
  for (int i = 0; i < 20; ++i) {
    if (auto w = t.check("budi", address(i))) clock.advance(w->ms);
    t.record_failure("budi", address(i));
  }
  ASSERT_TRUE(t.check("budi", address(99)));
  EXPECT_EQ(t.check("budi", address(99))->ms, 60 * second) << "from anywhere else the account waits";
  EXPECT_FALSE(t.check("budi", "10.1.1.1")) << "its owner's good address does not";
  EXPECT_FALSE(t.check("siti", "10.1.1.1")) << "nor anyone else there";

  // A good address stays good for 30 days after its latest success, then it is like any other.
  clock.advance(28 * day);
  for (int i = 0; i < 6; ++i) t.record_failure("budi", address(300 + i));
  EXPECT_FALSE(t.check("budi", "10.1.1.1")) << "day 29";
  clock.advance(day);
  for (int i = 0; i < 6; ++i) t.record_failure("budi", address(400 + i));
  ASSERT_TRUE(t.check("budi", "10.1.1.1")) << "day 30";
  EXPECT_EQ(t.check("budi", "10.1.1.1")->limit, login_limit::account);
}

TEST(login_throttle_test, a_known_address_still_has_its_own_budget_and_a_success_clears_no_count) {
  manual_clock clock;
  login_throttle t(clock);
  t.record_success("budi", "10.0.0.1");
  for (int i = 0; i < 4; ++i) t.record_failure("budi", "10.0.0.1");
  t.record_success("budi", "10.0.0.1");
  t.record_failure("budi", "10.0.0.1");  // the address is at 5 now: a success did not reset it
  auto w = t.check("budi", "10.0.0.1");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->limit, login_limit::address);
  EXPECT_EQ(w->ms, 15 * minute);
  // The account's 5 failures stand too: elsewhere it waits, as the attack is not over.
  w = t.check("budi", "10.0.0.2");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->limit, login_limit::account);
  EXPECT_EQ(w->ms, 1 * second);
}

TEST(login_throttle_test, both_limits_at_once_give_the_longer_wait_and_an_unknown_address_has_no_budget) {
  manual_clock clock;
  login_throttle t(clock, login_throttle_options{3, 10 * minute, 100, 2 * second, 8 * second, day});
  for (int i = 0; i < 3; ++i) t.record_failure("budi", "10.0.0.1");
  auto w = t.check("budi", "10.0.0.1");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->limit, login_limit::address);
  EXPECT_EQ(w->ms, 10 * minute);
  EXPECT_EQ(t.check("budi", "10.0.0.2")->ms, 2 * second) << "the configured account delay";

  // No address: only the account's budget applies, and an empty address is never a known one.
  for (int i = 0; i < 3; ++i) t.record_failure("ani", "");
  t.record_success("ani", "");
  ASSERT_TRUE(t.check("ani", ""));
  EXPECT_EQ(t.check("ani", "")->limit, login_limit::account);
  clock.advance(10 * minute);
  EXPECT_FALSE(t.check("ani", ""));
  EXPECT_FALSE(t.check("budi", "10.0.0.1"));
}

TEST(login_throttle_test, memory_stays_bounded_under_a_flood_of_names_and_addresses) {
  manual_clock clock;
  login_throttle t(clock, login_throttle_options{5, 15 * minute, 50});
  for (int i = 0; i < 1000; ++i) {
    t.record_failure("u" + std::to_string(i), address(i));
    t.record_success("v" + std::to_string(i), address(i));
    clock.advance(1);
  }
  EXPECT_LE(t.tracked_keys(), 150u);
  // Expired entries go on their own as well.
  clock.advance(15 * minute);
  t.record_failure("late", "");
  EXPECT_FALSE(t.check("u999", address(999)));
}

}  // namespace
}  // namespace pantau::hub
