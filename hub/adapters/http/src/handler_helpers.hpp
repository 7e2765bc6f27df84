#pragma once
// Internal: what the API handlers answer alike.
// Thread-safety: pure functions.
#include <optional>
#include <string_view>

#include "pantau/hub/http/router.hpp"

namespace pantau::hub::http::handlers {

inline std::optional<std::string_view> query(const route_match& m, std::string_view key) {
  const auto it = m.query.find(key);
  if (it == m.query.end()) return std::nullopt;
  return std::string_view(it->second);
}

inline response store_failed(const request& req, const error& e) {
  return error_response(req, bhttp::status::service_unavailable, "penyimpanan gagal / store failed: " + e.message);
}

// not_found -> 404, forbidden -> 403, anything else from parsing -> 400.
inline response rejected(const request& req, const error& e) {
  if (e.code == errc::not_found) return error_response(req, bhttp::status::not_found, e.message);
  if (e.code == errc::forbidden) return error_response(req, bhttp::status::forbidden, e.message);
  return error_response(req, bhttp::status::bad_request, e.message);
}

}  // namespace pantau::hub::http::handlers
