#pragma once
// Accounts and sessions of the hub's people (DESIGN §6, §9), in the hub's SQLite file on a connection
// of their own (WAL): users(name, role, units, password_hash, created_ms, disabled) and
// sessions(token_hash, user, created_ms, expires_ms, last_seen_ms). Only a SHA-256 of each session
// token is stored, so a copy of the database does not hand out live sessions.
// Thread-safety: safe from any thread (one mutex around the connection).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/auth/password.hpp"
#include "pantau/hub/core/access.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::auth {

struct user_record {
  std::string name;
  hub::role role = hub::role::viewer;
  std::vector<std::string> units;
  std::int64_t created_ms = 0;
  bool disabled = false;
};

// What put_user writes. A new user needs a password; an existing one keeps its hash when none is given.
struct user_update {
  std::string name;
  hub::role role = hub::role::viewer;
  std::vector<std::string> units;
  std::optional<std::string> password;
  std::optional<bool> disabled;  // nullopt: unchanged (false for a new user)
};

enum class put_outcome { created, updated };

struct account_options {
  std::int64_t session_ttl_ms = 12LL * 3600 * 1000;  // idle time after which a session ends
  // last_seen is written at most this often per session, so reads do not turn into writes.
  std::int64_t touch_every_ms = 60 * 1000;
  password_cost cost = password_cost::interactive();
};

// Input rules, shared by the CLI and the HTTP API. Error code "bad_user" with a message for people.
// Names: 1..64 of [A-Za-z0-9._@-]; units: 1..64 of [A-Za-z0-9._-]; supervisors need at least one unit.
result<bool> validate_user(const user_update& u);

// A session token: 32 random bytes, base64url without padding (43 characters).
std::string new_session_token();
bool looks_like_session_token(std::string_view token);

class account_store {
 public:
  // Creates the file, its directory and the tables when missing.
  static result<std::unique_ptr<account_store>> open(const std::string& path, const pantau::clock& clock,
                                                     account_options options = {});
  ~account_store();
  account_store(const account_store&) = delete;
  account_store& operator=(const account_store&) = delete;

  // Creates or updates a user (validated). A new password or disabling ends the user's sessions.
  result<put_outcome> put_user(const user_update& u);
  result<std::optional<user_record>> find_user(std::string_view name);
  result<std::vector<user_record>> list_users();

  // The user when the name exists, is enabled and the password matches; nullopt otherwise. Unknown
  // names cost the same argon2id work as known ones, so timing does not tell which names exist.
  result<std::optional<principal>> check_password(std::string_view name, std::string_view password);

  // A new session for an existing user; returns the token (only its hash is kept).
  result<std::string> create_session(std::string_view user);
  // The session's user when the token is known, not expired and the user still enabled; extends the
  // idle expiry. Expired sessions are deleted on sight.
  result<std::optional<principal>> session(std::string_view token);
  // true when a session was deleted.
  result<bool> end_session(std::string_view token);
  result<std::int64_t> purge_expired();

  const account_options& options() const;

 private:
  struct impl;
  explicit account_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub::auth
