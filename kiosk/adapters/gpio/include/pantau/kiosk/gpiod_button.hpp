#pragma once
// The push_button port on a real GPIO line (libgpiod 1.6): falling edges (rising when active-high)
// with the line's pull-up enabled, one press per edge, edges closer than `debounce_ms` to the last
// press dropped as contact bounce. libgpiod stays behind this header.
// Thread-safety: wait_for_press() from one thread (the button watcher).
#include <cstdint>
#include <memory>
#include <string>

#include "pantau/kiosk/push_button.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct gpiod_button_options {
  std::string chip = "gpiochip0";
  unsigned line = 17;
  bool active_low = true;
  std::int64_t debounce_ms = 200;
};

class gpiod_button final : public push_button {
 public:
  // Error code gpio_error naming the chip and line (missing chip, line busy, no permission).
  static result<std::unique_ptr<gpiod_button>> open(const gpiod_button_options& options);
  ~gpiod_button() override;
  gpiod_button(const gpiod_button&) = delete;
  gpiod_button& operator=(const gpiod_button&) = delete;

  result<bool> wait_for_press(std::int64_t timeout_ms) override;

 private:
  struct impl;
  explicit gpiod_button(std::unique_ptr<impl> d);
  std::unique_ptr<impl> d_;
};

}  // namespace pantau::kiosk
