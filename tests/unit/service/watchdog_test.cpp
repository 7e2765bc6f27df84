#include "pantau/service/watchdog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using pantau::manual_clock;
using pantau::service::notifier;
using pantau::service::watchdog;

class recording_notifier final : public notifier {
 public:
  void notify(const std::string& state) override {
    std::lock_guard lock(m_);
    sent_.push_back(state);
  }
  std::vector<std::string> sent() const {
    std::lock_guard lock(m_);
    return sent_;
  }
  long count(const std::string& state) const {
    std::lock_guard lock(m_);
    return std::count(sent_.begin(), sent_.end(), state);
  }

 private:
  mutable std::mutex m_;
  std::vector<std::string> sent_;
};

TEST(watchdog, pings_at_half_the_timeout_while_the_loop_reports_progress) {
  recording_notifier n;
  manual_clock clk(0, 1000);
  watchdog wd(n, clk, 400ms);
  EXPECT_TRUE(wd.enabled());
  EXPECT_EQ(wd.ping_interval(), 200ms);
  wd.ready();
  EXPECT_FALSE(wd.poll());  // first poll only fixes the schedule
  for (int i = 0; i < 5; ++i) {
    clk.advance(100);
    wd.alive();
    EXPECT_FALSE(wd.poll());
    clk.advance(100);
    EXPECT_TRUE(wd.poll()) << "interval " << i;
  }
  EXPECT_EQ(n.count("WATCHDOG=1"), 5);
  EXPECT_EQ(n.sent().front(), "READY=1");
}

TEST(watchdog, a_stalled_loop_stops_the_pings_and_progress_resumes_them) {
  recording_notifier n;
  manual_clock clk(0, 1000);
  watchdog wd(n, clk, 400ms);
  wd.ready();
  wd.poll();
  clk.advance(200);
  EXPECT_TRUE(wd.poll());  // ready() counts as progress
  for (int i = 0; i < 4; ++i) {  // no alive(): the loop is stuck
    clk.advance(200);
    EXPECT_FALSE(wd.poll());
  }
  EXPECT_EQ(n.count("WATCHDOG=1"), 1);
  wd.alive();
  clk.advance(200);
  EXPECT_TRUE(wd.poll());
  EXPECT_EQ(n.count("WATCHDOG=1"), 2);
}

TEST(watchdog, one_alive_covers_one_interval_only) {
  recording_notifier n;
  manual_clock clk(0, 1000);
  watchdog wd(n, clk, 400ms);
  wd.ready();
  wd.poll();
  clk.advance(200);
  wd.alive();
  wd.alive();
  EXPECT_TRUE(wd.poll());
  clk.advance(200);
  EXPECT_FALSE(wd.poll());
}

TEST(watchdog, no_pings_before_ready) {
  recording_notifier n;
  manual_clock clk(0, 1000);
  watchdog wd(n, clk, 400ms);
  wd.poll();
  wd.alive();
  clk.advance(400);
  EXPECT_FALSE(wd.poll());
  wd.ready();
  wd.ready();  // once only
  EXPECT_EQ(n.sent(), (std::vector<std::string>{"READY=1"}));
}

TEST(watchdog, while_stopping_pings_follow_progress_so_a_hung_shutdown_is_caught) {
  recording_notifier n;
  manual_clock clk(0, 1000);
  watchdog wd(n, clk, 400ms);
  wd.ready();
  wd.poll();
  wd.stopping();
  wd.stopping();  // once only
  clk.advance(200);
  EXPECT_TRUE(wd.poll());  // draining still turns the loop
  wd.alive();
  clk.advance(200);
  EXPECT_TRUE(wd.poll());
  clk.advance(200);
  EXPECT_FALSE(wd.poll());  // the drain hangs
  EXPECT_EQ(n.sent(), (std::vector<std::string>{"READY=1", "STOPPING=1", "WATCHDOG=1", "WATCHDOG=1"}));
}

TEST(watchdog, disabled_without_a_timeout_yet_reports_state) {
  recording_notifier n;
  manual_clock clk;
  watchdog wd(n, clk, std::nullopt);
  EXPECT_FALSE(wd.enabled());
  wd.start();  // no thread without a timeout
  wd.ready();
  wd.status("melayani / serving");
  wd.alive();
  clk.advance(10'000);
  EXPECT_FALSE(wd.poll());
  wd.stopping();
  EXPECT_EQ(n.sent(), (std::vector<std::string>{"READY=1", "STATUS=melayani / serving", "STOPPING=1"}));
}

TEST(watchdog, the_heartbeat_thread_pings_on_real_time_only_while_alive_is_called) {
  recording_notifier n;
  pantau::system_clock clk;
  watchdog wd(n, clk, 40ms);
  wd.ready();
  wd.start();
  const auto until = std::chrono::steady_clock::now() + 300ms;
  while (std::chrono::steady_clock::now() < until) {
    wd.alive();
    std::this_thread::sleep_for(5ms);
  }
  const long live = n.count("WATCHDOG=1");
  EXPECT_GE(live, 5);  // ~15 expected at one per 20 ms
  std::this_thread::sleep_for(100ms);  // one ping may still be in flight for the last alive()
  const long after_last = n.count("WATCHDOG=1");
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(n.count("WATCHDOG=1"), after_last);
  EXPECT_LE(after_last - live, 1);
  wd.stopping();
  EXPECT_EQ(n.sent().back(), "STOPPING=1");
}

TEST(watchdog, timeout_from_env_follows_sd_watchdog_enabled) {
  ::setenv("WATCHDOG_USEC", "400000", 1);
  ::unsetenv("WATCHDOG_PID");
  auto t = pantau::service::watchdog_timeout_from_env();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, 400ms);
  ::setenv("WATCHDOG_USEC", "400000", 1);
  ::setenv("WATCHDOG_PID", "1", 1);  // meant for another process
  EXPECT_FALSE(pantau::service::watchdog_timeout_from_env().has_value());
  ::unsetenv("WATCHDOG_USEC");
  ::unsetenv("WATCHDOG_PID");
  EXPECT_FALSE(pantau::service::watchdog_timeout_from_env().has_value());
}

}  // namespace
