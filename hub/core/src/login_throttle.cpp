#include "pantau/hub/core/login_throttle.hpp"

#include <algorithm>

namespace pantau::hub {
namespace {

// Separate key spaces so a user named like an address never shares a budget with it.
std::string user_key(std::string_view user) { return "u:" + std::string(user); }
std::string address_key(std::string_view address) { return "a:" + std::string(address); }

}  // namespace

login_throttle::login_throttle(const pantau::clock& clock, login_throttle_options options)
    : clock_(clock), options_(options) {
  options_.max_failures = std::max(options_.max_failures, 1);
  options_.window_ms = std::max<std::int64_t>(options_.window_ms, 1);
  options_.max_keys = std::max<std::size_t>(options_.max_keys, 2);
}

std::optional<std::int64_t> login_throttle::blocked_for(const std::string& key, std::int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::nullopt;
  auto& times = it->second;
  while (!times.empty() && times.front() + options_.window_ms <= now) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return std::nullopt;
  }
  if (times.size() < static_cast<std::size_t>(options_.max_failures)) return std::nullopt;
  return std::max<std::int64_t>(times.front() + options_.window_ms - now, 1);
}

std::optional<std::int64_t> login_throttle::check(std::string_view user, std::string_view address) {
  const std::int64_t now = clock_.monotonic_ms();
  auto by_user = blocked_for(user_key(user), now);
  auto by_address = address.empty() ? std::nullopt : blocked_for(address_key(address), now);
  if (by_user && by_address) return std::max(*by_user, *by_address);
  return by_user ? by_user : by_address;
}

void login_throttle::record(std::string key, std::int64_t now) {
  auto& times = failures_[std::move(key)];
  times.push_back(now);
  while (times.size() > static_cast<std::size_t>(options_.max_failures)) times.pop_front();
}

void login_throttle::record_failure(std::string_view user, std::string_view address) {
  const std::int64_t now = clock_.monotonic_ms();
  record(user_key(user), now);
  if (!address.empty()) record(address_key(address), now);
  if (failures_.size() > options_.max_keys) prune(now);
}

void login_throttle::record_success(std::string_view user) { failures_.erase(user_key(user)); }

void login_throttle::prune(std::int64_t now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    auto& times = it->second;
    while (!times.empty() && times.front() + options_.window_ms <= now) times.pop_front();
    it = times.empty() ? failures_.erase(it) : std::next(it);
  }
  // Still too many live keys: forget those whose latest failure is oldest.
  while (failures_.size() > options_.max_keys) {
    auto oldest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
      return a.second.back() < b.second.back();
    });
    failures_.erase(oldest);
  }
}

}  // namespace pantau::hub
