#include "pantau/hub/core/login_throttle.hpp"

#include <algorithm>

namespace pantau::hub {
namespace {

// A person uses a handful of devices; more than this per account are forgotten oldest first.
constexpr std::size_t known_per_account = 8;

// Forgets the entries whose `latest(entry)` is oldest until at most `limit` are left.
template <class Map, class Latest>
void keep_newest(Map& m, std::size_t limit, Latest latest) {
  while (m.size() > limit) {
    auto oldest = std::min_element(m.begin(), m.end(),
                                   [&](const auto& a, const auto& b) { return latest(a.second) < latest(b.second); });
    m.erase(oldest);
  }
}

}  // namespace

login_throttle::login_throttle(const pantau::clock& clock, login_throttle_options options)
    : clock_(clock), options_(options) {
  options_.max_failures = std::max(options_.max_failures, 1);
  options_.window_ms = std::max<std::int64_t>(options_.window_ms, 1);
  options_.max_keys = std::max<std::size_t>(options_.max_keys, 1);
  options_.account_delay_ms = std::max<std::int64_t>(options_.account_delay_ms, 1);
  options_.account_delay_max_ms = std::max(options_.account_delay_max_ms, options_.account_delay_ms);
}

std::optional<std::int64_t> login_throttle::address_wait(std::string_view address, std::int64_t now) {
  auto it = addresses_.find(address);
  if (it == addresses_.end()) return std::nullopt;
  auto& times = it->second;
  while (!times.empty() && times.front() + options_.window_ms <= now) times.pop_front();
  if (times.empty()) {
    addresses_.erase(it);
    return std::nullopt;
  }
  if (times.size() < static_cast<std::size_t>(options_.max_failures)) return std::nullopt;
  return std::max<std::int64_t>(times.front() + options_.window_ms - now, 1);
}

std::int64_t login_throttle::account_delay(int failures) const {
  // Doubling from the max_failures-th failure on; the shift is bounded long before it could overflow.
  const int doublings = std::min(failures - options_.max_failures, 40);
  std::int64_t delay = options_.account_delay_ms;
  for (int i = 0; i < doublings && delay < options_.account_delay_max_ms; ++i) delay *= 2;
  return std::min(delay, options_.account_delay_max_ms);
}

std::optional<std::int64_t> login_throttle::account_wait(std::string_view user, std::int64_t now) {
  auto it = accounts_.find(user);
  if (it == accounts_.end()) return std::nullopt;
  const account_state& s = it->second;
  if (s.last_failure_ms + options_.window_ms <= now) {
    accounts_.erase(it);  // quiet for a whole window: the attack is over
    return std::nullopt;
  }
  if (s.failures < options_.max_failures) return std::nullopt;
  const std::int64_t until = s.last_failure_ms + account_delay(s.failures);
  if (until <= now) return std::nullopt;
  return until - now;
}

bool login_throttle::is_known(std::string_view user, std::string_view address, std::int64_t now) const {
  if (address.empty()) return false;
  auto it = known_.find(user);
  if (it == known_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(), [&](const known_address& k) {
    return k.address == address && k.last_success_ms + options_.known_address_ms > now;
  });
}

std::optional<login_wait> login_throttle::check(std::string_view user, std::string_view address) {
  const std::int64_t now = clock_.monotonic_ms();
  std::optional<login_wait> out;
  if (!address.empty()) {
    if (auto ms = address_wait(address, now)) out = login_wait{*ms, login_limit::address};
  }
  if (!is_known(user, address, now)) {
    if (auto ms = account_wait(user, now); ms && (!out || *ms > out->ms)) out = login_wait{*ms, login_limit::account};
  }
  return out;
}

void login_throttle::record_failure(std::string_view user, std::string_view address) {
  const std::int64_t now = clock_.monotonic_ms();
  if (!address.empty()) {
    auto& times = addresses_[std::string(address)];
    times.push_back(now);
    while (times.size() > static_cast<std::size_t>(options_.max_failures)) times.pop_front();
  }
  auto [it, fresh] = accounts_.try_emplace(std::string(user));
  account_state& s = it->second;
  if (!fresh && s.last_failure_ms + options_.window_ms <= now) s.failures = 0;
  // Capped: past the doubling that reaches the maximum delay, more failures change nothing.
  s.failures = std::min(s.failures + 1, options_.max_failures + 64);
  s.last_failure_ms = now;
  if (addresses_.size() > options_.max_keys || accounts_.size() > options_.max_keys) prune(now);
}

void login_throttle::record_success(std::string_view user, std::string_view address) {
  if (address.empty()) return;
  const std::int64_t now = clock_.monotonic_ms();
  auto& list = known_[std::string(user)];
  auto it = std::find_if(list.begin(), list.end(), [&](const known_address& k) { return k.address == address; });
  if (it != list.end()) it->last_success_ms = now;
  else list.push_back(known_address{std::string(address), now});
  if (list.size() > known_per_account) {
    list.erase(std::min_element(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.last_success_ms < b.last_success_ms;
    }));
  }
  if (known_.size() > options_.max_keys) prune(now);
}

void login_throttle::prune(std::int64_t now) {
  for (auto it = addresses_.begin(); it != addresses_.end();) {
    auto& times = it->second;
    while (!times.empty() && times.front() + options_.window_ms <= now) times.pop_front();
    it = times.empty() ? addresses_.erase(it) : std::next(it);
  }
  std::erase_if(accounts_, [&](const auto& e) { return e.second.last_failure_ms + options_.window_ms <= now; });
  for (auto it = known_.begin(); it != known_.end();) {
    std::erase_if(it->second, [&](const known_address& k) { return k.last_success_ms + options_.known_address_ms <= now; });
    it = it->second.empty() ? known_.erase(it) : std::next(it);
  }
  // Still too many live keys: forget those used longest ago.
  keep_newest(addresses_, options_.max_keys, [](const auto& times) { return times.back(); });
  keep_newest(accounts_, options_.max_keys, [](const account_state& s) { return s.last_failure_ms; });
  keep_newest(known_, options_.max_keys, [](const std::vector<known_address>& list) {
    std::int64_t newest = 0;
    for (const auto& k : list) newest = std::max(newest, k.last_success_ms);
    return newest;
  });
}

}  // namespace pantau::hub
