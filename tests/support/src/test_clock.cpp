#include "pantau/test/test_clock.hpp"

#include <stdexcept>
#include <string>

#include "pantau/shared/iso_time.hpp"

namespace pantau::test {

std::int64_t parse_utc_ms(std::string_view iso) {
  const auto ms = pantau::parse_utc_ms(iso);
  if (!ms) throw std::invalid_argument("bad instant " + std::string(iso) + ": " + ms.err().message);
  return *ms;
}

test_clock::test_clock(std::string_view instant)
    : offset_ms_(parse_utc_ms(instant) - std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count()) {}

std::chrono::system_clock::time_point test_clock::now() const {
  return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_);
}

std::int64_t test_clock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now().time_since_epoch()).count();
}

std::string test_clock::env() const { return "PANTAU_CLOCK_OFFSET_MS=" + std::to_string(offset_ms_); }

const test_clock& suite_clock() {
  static const test_clock clock;
  return clock;
}

}  // namespace pantau::test
