#include "pantau/service/wall_clock.hpp"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace pantau::service {

result<std::int64_t> clock_offset_from_environment() {
  const char* raw = std::getenv(clock_offset_variable);
  if (raw == nullptr || *raw == '\0') return std::int64_t{0};
  const std::string_view text(raw);
  std::int64_t offset = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), offset);
  constexpr std::int64_t limit = 200LL * 366 * 24 * 3600 * 1000;
  if (ec != std::errc{} || end != text.data() + text.size() || offset > limit || offset < -limit)
    return error{errc::config, std::string(clock_offset_variable) + "=\"" + std::string(text) +
                               "\": expected an integer number of milliseconds within ±200 years"};
  return offset;
}

result<std::optional<clock_state>> clock_sync_from_environment() {
  const char* raw = std::getenv(clock_sync_variable);
  if (raw == nullptr || *raw == '\0') return std::optional<clock_state>{};
  const std::string_view text(raw);
  if (text == "synced") return std::optional<clock_state>{clock_state::synced};
  if (text == "unsynced") return std::optional<clock_state>{clock_state::unsynced};
  return error{errc::config, std::string(clock_sync_variable) + "=\"" + std::string(text) + "\": expected synced or unsynced"};
}

}  // namespace pantau::service
