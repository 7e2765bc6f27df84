// The "next citizen" button: the watcher turns each press into one call and survives a failing
// button; the libgpiod adapter names the chip and line when it cannot have them; the [gpio] table.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "pantau/kiosk/button_watcher.hpp"
#include "pantau/kiosk/gpiod_button.hpp"
#include "pantau/kiosk/kiosk_config.hpp"
#include "pantau/kiosk/push_button.hpp"

namespace pantau::kiosk {
namespace {

using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& ok) {
  for (int i = 0; i < 500; ++i) {
    if (ok()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return ok();
}

TEST(button_watcher, each_press_is_one_next_citizen) {
  fake_push_button button;
  std::atomic<int> next{0};
  button_watcher watcher(button, [&] { ++next; }, nullptr, 20);
  watcher.start();
  button.press();
  button.press();
  EXPECT_TRUE(eventually([&] { return next.load() == 2; }));
  watcher.stop();
  button.press();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(next.load(), 2) << "no calls after stop";
}

// A button whose line fails first, then works: the error is reported and the watcher carries on.
class flaky_button final : public push_button {
 public:
  result<bool> wait_for_press(std::int64_t) override {
    if (calls_++ == 0) return error{errc::gpio_error, "line gone"};
    std::this_thread::sleep_for(5ms);
    return calls_ == 2;
  }

 private:
  int calls_ = 0;
};

TEST(button_watcher, a_failing_button_is_reported_and_retried) {
  flaky_button button;
  std::atomic<int> next{0};
  std::atomic<int> errors{0};
  button_watcher watcher(button, [&] { ++next; }, [&](const error&) { ++errors; }, 10);
  watcher.start();
  EXPECT_TRUE(eventually([&] { return next.load() == 1; }));
  watcher.stop();
  EXPECT_EQ(errors.load(), 1);
}

TEST(gpiod_button, a_missing_chip_is_an_error_naming_chip_and_line) {
  auto b = gpiod_button::open({"pantau-no-such-chip", 17, true, 200});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.err().code, errc::gpio_error);
  EXPECT_NE(b.err().message.find("pantau-no-such-chip line 17"), std::string::npos) << b.err().message;
}

TEST(gpio_config, the_gpio_table_is_optional_and_checked) {
  const std::string base = "[kiosk]\nid = \"k-01\"\noffice = \"binjai-dukcapil\"\n";
  auto none = parse_kiosk_config(base, "kiosk.toml");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->gpio.has_value());
  auto c = parse_kiosk_config(base + "[gpio]\nchip = \"gpiochip1\"\nline = 23\nactive_low = false\n", "kiosk.toml");
  ASSERT_TRUE(c.ok()) << c.err().message;
  ASSERT_TRUE(c->gpio.has_value());
  EXPECT_EQ(c->gpio->chip, "gpiochip1");
  EXPECT_EQ(c->gpio->line, 23);
  EXPECT_FALSE(c->gpio->active_low);
  EXPECT_EQ(c->gpio->debounce_ms, 200);
  auto bad = parse_kiosk_config(base + "[gpio]\nline = 5000\n", "kiosk.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.err().message.find("gpio.line"), std::string::npos) << bad.err().message;
}

}  // namespace
}  // namespace pantau::kiosk
