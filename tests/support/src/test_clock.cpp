#include "pantau/test/test_clock.hpp"

#include <charconv>
#include <stdexcept>

namespace pantau::test {
namespace {

int number(std::string_view iso, std::size_t at, std::size_t len) {
  int v = 0;
  const auto [end, ec] = std::from_chars(iso.data() + at, iso.data() + at + len, v);
  if (ec != std::errc{} || end != iso.data() + at + len) throw std::invalid_argument("bad instant: " + std::string(iso));
  return v;
}

}  // namespace

std::int64_t parse_utc_ms(std::string_view iso) {
  using namespace std::chrono;
  if (iso.size() < 20 || iso.back() != 'Z') throw std::invalid_argument("bad instant: " + std::string(iso));
  const year_month_day day{year{number(iso, 0, 4)}, month{static_cast<unsigned>(number(iso, 5, 2))},
                           std::chrono::day{static_cast<unsigned>(number(iso, 8, 2))}};
  if (!day.ok()) throw std::invalid_argument("bad instant: " + std::string(iso));
  const auto t = sys_days{day} + hours{number(iso, 11, 2)} + minutes{number(iso, 14, 2)} + seconds{number(iso, 17, 2)} +
                 milliseconds{iso.size() == 24 ? number(iso, 20, 3) : 0};
  return duration_cast<milliseconds>(t.time_since_epoch()).count();
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
