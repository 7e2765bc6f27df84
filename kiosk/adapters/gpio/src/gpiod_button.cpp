#include "pantau/kiosk/gpiod_button.hpp"

#include <gpiod.h>

#include <cerrno>
#include <cstring>

namespace pantau::kiosk {

struct gpiod_button::impl {
  gpiod_button_options options;
  gpiod_chip* chip = nullptr;
  gpiod_line* line = nullptr;
  std::int64_t last_press_ns = -1;

  ~impl() {
    if (line != nullptr) gpiod_line_release(line);
    if (chip != nullptr) gpiod_chip_close(chip);
  }
  error fail(const std::string& what) const {
    return error{errc::gpio_error, "tombol GPIO / GPIO button " + options.chip + " line " + std::to_string(options.line) +
                                   ": " + what + ": " + std::strerror(errno)};
  }
};

gpiod_button::gpiod_button(std::unique_ptr<impl> d) : d_(std::move(d)) {}
gpiod_button::~gpiod_button() = default;

result<std::unique_ptr<gpiod_button>> gpiod_button::open(const gpiod_button_options& options) {
  auto d = std::make_unique<impl>();
  d->options = options;
  errno = 0;
  d->chip = gpiod_chip_open_lookup(options.chip.c_str());
  if (d->chip == nullptr) return d->fail("chip tidak ada / no such chip");
  d->line = gpiod_chip_get_line(d->chip, options.line);
  if (d->line == nullptr) return d->fail("jalur tidak ada / no such line");
  // Pressed pulls an active-low line to ground: that is its falling edge.
  const int rc = options.active_low
                     ? gpiod_line_request_falling_edge_events_flags(d->line, "pantau-kiosk",
                                                                    GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
                     : gpiod_line_request_rising_edge_events_flags(d->line, "pantau-kiosk",
                                                                   GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN);
  if (rc != 0) {
    d->line = nullptr;  // not ours to release
    return d->fail("tidak bisa dipakai / cannot request the line");
  }
  return std::unique_ptr<gpiod_button>(new gpiod_button(std::move(d)));
}

result<bool> gpiod_button::wait_for_press(std::int64_t timeout_ms) {
  timespec timeout{static_cast<time_t>(timeout_ms / 1000), static_cast<long>((timeout_ms % 1000) * 1'000'000)};
  const int ready = gpiod_line_event_wait(d_->line, &timeout);
  if (ready < 0) return d_->fail("menunggu gagal / waiting failed");
  if (ready == 0) return false;
  gpiod_line_event ev{};
  if (gpiod_line_event_read(d_->line, &ev) != 0) return d_->fail("membaca gagal / reading failed");
  const std::int64_t ns = static_cast<std::int64_t>(ev.ts.tv_sec) * 1'000'000'000 + ev.ts.tv_nsec;
  if (d_->last_press_ns >= 0 && ns - d_->last_press_ns < d_->options.debounce_ms * 1'000'000) return false;
  d_->last_press_ns = ns;
  return true;
}

}  // namespace pantau::kiosk
