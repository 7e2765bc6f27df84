#pragma once
// The HTTP face of accounts (DESIGN §6, §9): the router's authenticator (session cookie -> principal)
// and the endpoints POST/GET/DELETE /api/v1/session and GET/POST /api/v1/users (admin only).
// Thread-safety: safe from any thread; it must outlive every router it was added to.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "pantau/hub/auth/account_store.hpp"
#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/login_throttle.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/shared/clock.hpp"

namespace pantau::hub::auth {

inline constexpr std::string_view session_cookie = "pantau_session";

struct auth_api_options {
  login_throttle_options throttle;
  // Adds "; Secure" to the cookie; for deployments behind TLS (plain http on 127.0.0.1 must not set it).
  bool secure_cookie = false;
};

// The value of one cookie in the request's Cookie header(s); empty when absent.
std::string cookie_value(const http::request& req, std::string_view name);

class auth_api {
 public:
  auth_api(account_store& accounts, const pantau::clock& clock, auth_api_options options = {});

  // For router::set_authenticator and the WebSocket upgrade: the session's user, or nullopt.
  std::optional<principal> authenticate(const http::request& req);
  // Installs the authenticator and the endpoints.
  void attach(http::router& r);

 private:
  http::response login(const http::request& req, const http::route_match& m);
  http::response whoami(const http::request& req, const http::route_match& m);
  http::response logout(const http::request& req, const http::route_match& m);
  http::response list_users(const http::request& req, const http::route_match& m);
  http::response put_user(const http::request& req, const http::route_match& m);
  std::string cookie(std::string_view token, std::int64_t max_age_s) const;

  account_store& accounts_;
  const pantau::clock& clock_;
  auth_api_options options_;
  std::mutex throttle_mu_;
  login_throttle throttle_;
};

}  // namespace pantau::hub::auth
