#pragma once
// Routes HTTP requests to handlers by method and path pattern ("/api/v1/employees/{nip}"), with the
// JSON error answers every endpoint shares. Later endpoints (KPIs, sessions) are more add() calls;
// a WebSocket route (/api/v1/live) plugs into the server's upgrade hook, not here (it must call the
// same authenticator itself).
// Access: every path under /api/v1/ needs a session (the authenticator's principal) except
// POST /api/v1/session (the login); without an authenticator those paths all answer 401. A write
// there with a body must declare a type a cross-site form cannot send (415 otherwise).
// Thread-safety: add()/set_authenticator() before serving; dispatch() is const and safe from any thread.
#include <boost/beast/http.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/http/answers.hpp"
#include "pantau/hub/core/access.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::http {

namespace bhttp = boost::beast::http;
using pantau::http::request;
using pantau::http::response;

// The Server header of every answer of the hub.
inline constexpr std::string_view server_name = "pantau-hub";

struct route_match {
  std::string path;                                  // decoded
  std::map<std::string, std::string, std::less<>> params;  // from {name} segments
  std::map<std::string, std::string, std::less<>> query;   // decoded query string
  std::optional<principal> who;                            // the session's user, when there is one
  std::string client;  // the peer's IP address as the server saw it; empty when unknown
};

using handler = std::function<response(const request&, const route_match&)>;
// Long-running handlers (exports, appraisals: seconds on a large store) are run by the server on a
// worker thread so that they do not hold up the dashboards and live pushes on the io thread.
enum class route_cost { quick, long_running };
// The session's user for a request, or nullopt (no, unknown or expired session).
using authenticator = std::function<std::optional<principal>(const request&)>;

class router {
 public:
  // `pattern` is an absolute path; a segment "{name}" matches any one non-empty segment.
  void add(bhttp::verb method, std::string_view pattern, handler h, route_cost cost = route_cost::quick);
  void set_authenticator(authenticator a);
  // Never throws: no session 401, unknown path 404, wrong method 405 (with Allow), bad target 400,
  // handler failure 500. `client_address` feeds route_match::client (login throttling).
  response dispatch(const request& req, std::string_view client_address = {}) const;
  // True when the request would reach a handler added as long_running (HEAD follows GET).
  bool runs_long(const request& req) const;

 private:
  struct endpoint {
    handler run;
    route_cost cost = route_cost::quick;
  };
  struct route {
    std::vector<std::string> segments;
    std::map<bhttp::verb, endpoint> handlers;
  };
  // The route whose pattern matches the decoded segments, with its {name} values put into `params`.
  const route* find(const std::vector<std::string>& segments,
                    std::map<std::string, std::string, std::less<>>& params) const;
  std::vector<route> routes_;
  authenticator authenticate_;
};

// Paths that need a session: "/api/v1" and everything under it, except the login itself.
bool needs_session(bhttp::verb method, std::string_view path);

// Helpers for handlers: pantau::http's answers signed with server_name; every answer carries the
// request's version and keep-alive.
response make_response(const request& req, bhttp::status status, std::string body, std::string_view content_type);
response json_response(const request& req, bhttp::status status, std::string body);
// pantau::http::json_error: {"error":"<message>"}, Indonesian first, then English ("tidak ditemukan / not found").
response error_response(const request& req, bhttp::status status, std::string_view message);

using pantau::http::percent_decode;
result<std::map<std::string, std::string, std::less<>>> parse_query(std::string_view query);

}  // namespace pantau::hub::http
