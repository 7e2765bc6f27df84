#pragma once
// Capped exponential reconnect delay: 0.5 s doubling to 10 s by default, back to the start after a
// successful connect. Thread-safety: not thread-safe.
#include <cstdint>

namespace pantau::kiosk {

class backoff {
 public:
  explicit backoff(std::int64_t initial_ms = 500, std::int64_t max_ms = 10000);
  std::int64_t next_delay_ms();  // the delay to wait now; the following one doubles
  void reset() { next_ = initial_; }

 private:
  std::int64_t initial_;
  std::int64_t max_;
  std::int64_t next_;
};

}  // namespace pantau::kiosk
