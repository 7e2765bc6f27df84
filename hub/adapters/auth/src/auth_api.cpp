#include "pantau/hub/auth/auth_api.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <optional>

#include "pantau/shared/codec.hpp"

namespace pantau::hub::auth {
namespace {

using pantau::http::loggable;
using http::bhttp::status;
using http::bhttp::verb;

constexpr std::int64_t ms_per_s = 1000;
constexpr std::string_view login_failed = "nama pengguna atau kata sandi salah / wrong user name or password";
constexpr std::string_view forbidden = "tidak diizinkan: khusus admin / forbidden: admins only";

// `now_ms` set: the hub's wall clock rides along, so the dashboard counts "today" as the hub does and
// not by the browser's clock.
std::string principal_json(const principal& p, std::optional<std::int64_t> now_ms = std::nullopt) {
  boost::json::object o;
  o["user"] = p.user;
  o["role"] = to_string(p.role);
  boost::json::array units;
  for (const auto& u : p.units) units.emplace_back(u);
  o["units"] = std::move(units);
  if (now_ms) o["now"] = format_utc_ms(*now_ms);
  return boost::json::serialize(o);
}

bool is_json(const http::request& req) {
  const std::string_view type = req[http::bhttp::field::content_type];
  return type.substr(0, type.find(';')) == "application/json";
}

// The JSON object body of a POST, or the answer to send instead. Requiring application/json also
// means a cross-site form cannot post here without a CORS preflight.
std::optional<http::response> read_object(const http::request& req, boost::json::object& out) {
  if (!is_json(req))
    return http::error_response(req, status::unsupported_media_type,
                                "isi harus application/json / body must be application/json");
  boost::system::error_code ec;
  auto v = boost::json::parse(req.body(), ec);
  if (ec || !v.is_object())
    return http::error_response(req, status::bad_request, "isi harus objek JSON / body must be a JSON object");
  out = std::move(v.as_object());
  return std::nullopt;
}

const boost::json::string* string_field(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? &it->value().as_string() : nullptr;
}

}  // namespace

std::string cookie_value(const http::request& req, std::string_view name) {
  for (auto it = req.find(http::bhttp::field::cookie); it != req.end() && it->name() == http::bhttp::field::cookie;
       ++it) {
    std::string_view rest = it->value();
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const std::size_t eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      std::string_view value = pair.substr(eq + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      return std::string(value);
    }
  }
  return {};
}

auth_api::auth_api(account_store& accounts, const pantau::clock& clock, auth_api_options options)
    : accounts_(accounts), clock_(clock), options_(options), throttle_(clock, options.throttle) {}

std::optional<principal> auth_api::authenticate(const http::request& req) {
  const std::string token = cookie_value(req, session_cookie);
  if (token.empty()) return std::nullopt;
  auto who = accounts_.session(token);
  if (!who) {
    spdlog::error("session lookup failed: {}", who.err().message);
    return std::nullopt;
  }
  return *who;
}

std::string auth_api::cookie(std::string_view token, std::int64_t max_age_s) const {
  std::string c(session_cookie);
  c += '=';
  c += token;
  c += "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_s);
  if (options_.secure_cookie) c += "; Secure";
  return c;
}

void auth_api::attach(http::router& r) {
  r.set_authenticator([this](const http::request& req) { return authenticate(req); });
  r.add(verb::post, "/api/v1/session", [this](const auto& req, const auto& m) { return login(req, m); });
  r.add(verb::get, "/api/v1/session", [this](const auto& req, const auto& m) { return whoami(req, m); });
  r.add(verb::delete_, "/api/v1/session", [this](const auto& req, const auto& m) { return logout(req, m); });
  r.add(verb::get, "/api/v1/users", [this](const auto& req, const auto& m) { return list_users(req, m); });
  r.add(verb::post, "/api/v1/users", [this](const auto& req, const auto& m) { return put_user(req, m); });
}

http::response auth_api::login(const http::request& req, const http::route_match& m) {
  boost::json::object body;
  if (auto bad = read_object(req, body)) return std::move(*bad);
  const auto* user = string_field(body, "user");
  const auto* password = string_field(body, "password");
  if (user == nullptr || password == nullptr || user->empty())
    return http::error_response(req, status::bad_request,
                                "perlu \"user\" dan \"password\" berupa teks / \"user\" and \"password\" strings required");
  const std::string_view name(user->data(), user->size());

  {
    std::lock_guard lock(throttle_mu_);
    if (auto wait = throttle_.check(name, m.client)) {
      const std::int64_t wait_s = (wait->ms + ms_per_s - 1) / ms_per_s;
      spdlog::warn("login throttled by {}: user \"{}\" from {} (retry in {} s)",
                   wait->limit == login_limit::address ? "address" : "account", loggable(name), m.client, wait_s);
      auto res = http::error_response(req, status::too_many_requests,
                                      "terlalu banyak percobaan masuk, coba lagi dalam " + std::to_string(wait_s) +
                                          " detik / too many login attempts, retry in " + std::to_string(wait_s) + " s");
      res.set(http::bhttp::field::retry_after, std::to_string(wait_s));
      return res;
    }
  }

  auto who = accounts_.check_password(name, std::string_view(password->data(), password->size()));
  if (!who) {
    spdlog::error("login check failed: {}", who.err().message);
    return http::error_response(req, status::service_unavailable, "penyimpanan gagal / store failed");
  }
  if (!*who) {
    std::lock_guard lock(throttle_mu_);
    throttle_.record_failure(name, m.client);
    spdlog::warn("login failed: user \"{}\" from {}", loggable(name), m.client);
    return http::error_response(req, status::unauthorized, login_failed);
  }
  {
    std::lock_guard lock(throttle_mu_);
    throttle_.record_success(name, m.client);
  }
  auto token = accounts_.create_session((*who)->user);
  if (!token) {
    spdlog::error("session create failed: {}", token.err().message);
    return http::error_response(req, status::service_unavailable, "penyimpanan gagal / store failed");
  }
  spdlog::info("login: user \"{}\" ({}) from {}", (*who)->user, to_string((*who)->role), m.client);
  auto res = http::json_response(req, status::ok, principal_json(**who, clock_.utc_ms()));
  res.set(http::bhttp::field::set_cookie, cookie(*token, accounts_.options().session_ttl_ms / ms_per_s));
  return res;
}

http::response auth_api::whoami(const http::request& req, const http::route_match& m) {
  // The router only lets requests with a session through.
  return http::json_response(req, status::ok, principal_json(*m.who, clock_.utc_ms()));
}

http::response auth_api::logout(const http::request& req, const http::route_match& m) {
  auto ended = accounts_.end_session(cookie_value(req, session_cookie));
  if (!ended) {
    spdlog::error("logout failed: {}", ended.err().message);
    return http::error_response(req, status::service_unavailable, "penyimpanan gagal / store failed");
  }
  spdlog::info("logout: user \"{}\"", m.who ? m.who->user : std::string());
  http::response res{status::no_content, req.version()};
  res.set(http::bhttp::field::server, http::server_name);
  res.set(http::bhttp::field::cache_control, "no-store");
  res.set(http::bhttp::field::set_cookie, cookie("", 0));
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

http::response auth_api::list_users(const http::request& req, const http::route_match& m) {
  if (!m.who || !m.who->is_admin()) return http::error_response(req, status::forbidden, forbidden);
  auto users = accounts_.list_users();
  if (!users)
    return http::error_response(req, status::service_unavailable,
                                "penyimpanan gagal / store failed: " + users.err().message);
  boost::json::array out;
  for (const auto& u : *users) {
    boost::json::object o;
    o["user"] = u.name;
    o["role"] = to_string(u.role);
    boost::json::array units;
    for (const auto& unit : u.units) units.emplace_back(unit);
    o["units"] = std::move(units);
    o["created"] = format_utc_ms(u.created_ms);
    o["disabled"] = u.disabled;
    out.push_back(std::move(o));
  }
  return http::json_response(req, status::ok, boost::json::serialize(out));
}

http::response auth_api::put_user(const http::request& req, const http::route_match& m) {
  if (!m.who || !m.who->is_admin()) return http::error_response(req, status::forbidden, forbidden);
  boost::json::object body;
  if (auto bad = read_object(req, body)) return std::move(*bad);
  for (const auto& [key, value] : body) {
    if (key != "user" && key != "role" && key != "units" && key != "password" && key != "disabled")
      return http::error_response(req, status::bad_request,
                                  "kolom tidak dikenal / unknown field \"" + std::string(key) +
                                      "\" (expected user, role, units, password, disabled)");
  }
  user_update u;
  const auto* name = string_field(body, "user");
  const auto* role_text = string_field(body, "role");
  if (name == nullptr) return http::error_response(req, status::bad_request, "perlu \"user\" / \"user\" required");
  u.name = std::string(*name);
  auto r = role_text != nullptr ? parse_role(*role_text) : std::nullopt;
  if (!r)
    return http::error_response(req, status::bad_request,
                                "peran salah / bad \"role\": expected admin, supervisor or viewer");
  u.role = *r;
  if (auto it = body.find("units"); it != body.end()) {
    if (!it->value().is_array())
      return http::error_response(req, status::bad_request, "\"units\" harus array teks / must be an array of strings");
    for (const auto& e : it->value().as_array()) {
      if (!e.is_string())
        return http::error_response(req, status::bad_request,
                                    "\"units\" harus array teks / must be an array of strings");
      u.units.emplace_back(e.as_string());
    }
  }
  if (auto it = body.find("password"); it != body.end()) {
    if (!it->value().is_string())
      return http::error_response(req, status::bad_request, "\"password\" harus teks / must be a string");
    u.password = std::string(it->value().as_string());
  }
  if (auto it = body.find("disabled"); it != body.end()) {
    if (!it->value().is_bool())
      return http::error_response(req, status::bad_request, "\"disabled\" harus true/false / must be a boolean");
    u.disabled = it->value().as_bool();
  }
  auto outcome = accounts_.put_user(u);
  if (!outcome) {
    const bool input = outcome.err().code == errc::bad_user || outcome.err().code == errc::bad_password;
    if (!input) spdlog::error("user update failed: {}", outcome.err().message);
    return http::error_response(req, input ? status::bad_request : status::service_unavailable,
                                outcome.err().message);
  }
  const bool created = *outcome == put_outcome::created;
  spdlog::info("user \"{}\" {} by \"{}\" (role {})", u.name, created ? "created" : "updated", m.who->user,
               to_string(u.role));
  return http::json_response(req, created ? status::created : status::ok,
                             principal_json(principal{u.name, u.role, u.units}));
}

}  // namespace pantau::hub::auth
