#pragma once
// Slows down password guessing along two axes, so that neither a shared address (many people behind
// one NAT) nor a shared account (one name tried from a botnet) turns into a lock-out of the innocent:
//  - per client address: after `max_failures` failed logins from one address within `window_ms`,
//    that address is refused, whichever account it names, until the oldest of those failures leaves
//    the window. One address guessing many accounts stops there.
//  - per account, from anywhere: once an account has `max_failures` failures in a row (each within
//    `window_ms` of the one before), every further attempt on it must wait `account_delay_ms` after
//    the latest failure, doubling with each failure up to `account_delay_max_ms`. Many addresses
//    sharing out the guesses on one account are held to about one guess per `account_delay_max_ms`,
//    while its owner waits at most that long from a new address and not at all from an address where
//    the account logged in successfully within `known_address_ms` (a good address is exempt from the
//    account's slowdown, never from its own address budget).
// Refused attempts are not checked and not counted, so a blocked attacker cannot stretch any wait. A
// good password neither clears the address's count (one valid account must not reset the budget for
// guessing others) nor the account's (the attack on it goes on): both decay with time only.
// Thread-safety: not thread-safe; the owner serialises calls.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/clock.hpp"

namespace pantau::hub {

struct login_throttle_options {
  int max_failures = 5;
  std::int64_t window_ms = 15 * 60 * 1000;
  // Memory bound against floods of made-up names/addresses, per kind of key: the oldest are forgotten first.
  std::size_t max_keys = 10000;
  std::int64_t account_delay_ms = 1000;
  std::int64_t account_delay_max_ms = 60 * 1000;
  std::int64_t known_address_ms = std::int64_t{30} * 24 * 60 * 60 * 1000;
};

// Which budget ran out: the client address's or the account's.
enum class login_limit { address, account };

struct login_wait {
  std::int64_t ms = 0;  // >= 1: how long until the attempt may be tried again
  login_limit limit = login_limit::address;
};

class login_throttle {
 public:
  explicit login_throttle(const pantau::clock& clock, login_throttle_options options = {});

  // nullopt: the attempt may go ahead; otherwise how long to wait and why (the longer wait when both).
  // An empty address (unknown) has no budget of its own and is never a known one.
  std::optional<login_wait> check(std::string_view user, std::string_view address);
  void record_failure(std::string_view user, std::string_view address);
  // Makes `address` a known one for `user` (exempt from the account's slowdown).
  void record_success(std::string_view user, std::string_view address);

  std::size_t tracked_keys() const { return addresses_.size() + accounts_.size() + known_.size(); }

 private:
  struct account_state {
    int failures = 0;
    std::int64_t last_failure_ms = 0;
  };
  struct known_address {
    std::string address;
    std::int64_t last_success_ms = 0;
  };

  std::optional<std::int64_t> address_wait(std::string_view address, std::int64_t now);
  std::optional<std::int64_t> account_wait(std::string_view user, std::int64_t now);
  bool is_known(std::string_view user, std::string_view address, std::int64_t now) const;
  std::int64_t account_delay(int failures) const;
  void prune(std::int64_t now);

  const pantau::clock& clock_;
  login_throttle_options options_;
  std::map<std::string, std::deque<std::int64_t>, std::less<>> addresses_;  // newest last, at most max_failures
  std::map<std::string, account_state, std::less<>> accounts_;
  std::map<std::string, std::vector<known_address>, std::less<>> known_;  // per user, a few addresses
};

}  // namespace pantau::hub
