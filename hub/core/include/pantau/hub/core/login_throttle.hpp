#pragma once
// Slows down password guessing: after `max_failures` failed logins for one user name, or from one
// client address, within `window_ms`, further attempts for that key are refused until the oldest of
// those failures leaves the window. Refused attempts are not checked and not counted, so a blocked
// attacker cannot stretch the block for the real user forever.
// Thread-safety: not thread-safe; the owner serialises calls.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/shared/clock.hpp"

namespace pantau::hub {

struct login_throttle_options {
  int max_failures = 5;
  std::int64_t window_ms = 15 * 60 * 1000;
  // Memory bound against floods of made-up names/addresses: the oldest keys are forgotten first.
  std::size_t max_keys = 10000;
};

class login_throttle {
 public:
  explicit login_throttle(const pantau::clock& clock, login_throttle_options options = {});

  // nullopt: the attempt may go ahead; otherwise how long (ms, >= 1) until it may be tried again.
  std::optional<std::int64_t> check(std::string_view user, std::string_view address);
  void record_failure(std::string_view user, std::string_view address);
  // A good password clears the user's count; the address keeps its count so that one valid account
  // cannot be used to reset the budget for guessing others.
  void record_success(std::string_view user);

  std::size_t tracked_keys() const { return failures_.size(); }

 private:
  std::optional<std::int64_t> blocked_for(const std::string& key, std::int64_t now);
  void record(std::string key, std::int64_t now);
  void prune(std::int64_t now);

  const pantau::clock& clock_;
  login_throttle_options options_;
  std::map<std::string, std::deque<std::int64_t>, std::less<>> failures_;  // newest last, at most max_failures
};

}  // namespace pantau::hub
