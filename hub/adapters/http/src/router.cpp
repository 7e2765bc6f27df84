#include "pantau/hub/http/router.hpp"

#include <exception>

namespace pantau::hub::http {
namespace {

std::vector<std::string> split_pattern(std::string_view pattern) {
  std::vector<std::string> out;
  std::size_t pos = 1;  // past the leading '/'
  while (pos <= pattern.size()) {
    const std::size_t slash = pattern.find('/', pos);
    const std::size_t end = slash == std::string_view::npos ? pattern.size() : slash;
    out.emplace_back(pattern.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The path's segments split before decoding, so that an encoded '/' stays inside its segment.
std::optional<std::vector<std::string>> decoded_segments(std::string_view raw_path) {
  std::vector<std::string> segments;
  for (const auto& raw : split_pattern(raw_path)) {
    auto seg = percent_decode(raw, false);
    if (!seg) return std::nullopt;
    segments.push_back(std::move(*seg));
  }
  return segments;
}

// A write whose body a browser could send from another site without asking first (a plain form or a
// bodied fetch without CORS preflight): no declared type, or one of the three a form can send.
bool cross_site_sendable(const request& req) {
  if (req.body().empty()) return false;
  std::string type(req[bhttp::field::content_type]);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type.empty() || type == "application/x-www-form-urlencoded" || type == "multipart/form-data" ||
         type == "text/plain";
}

}  // namespace

result<std::map<std::string, std::string, std::less<>>> parse_query(std::string_view query) {
  std::map<std::string, std::string, std::less<>> out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    const std::size_t amp = query.find('&', pos);
    const std::string_view pair = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    pos = amp == std::string_view::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
    if (!key || !value || key->empty())
      return error{errc::bad_request, "query string rusak / malformed query string"};
    out.insert_or_assign(std::move(*key), std::move(*value));
  }
  return out;
}

response make_response(const request& req, bhttp::status status, std::string body, std::string_view content_type) {
  return pantau::http::make_response(req, status, std::move(body), content_type, server_name);
}

response json_response(const request& req, bhttp::status status, std::string body) {
  return make_response(req, status, std::move(body), "application/json; charset=utf-8");
}

response error_response(const request& req, bhttp::status status, std::string_view message) {
  return pantau::http::json_error(req, status, message, server_name);
}

bool needs_session(bhttp::verb method, std::string_view path) {
  constexpr std::string_view api = "/api/v1";
  if (!path.starts_with(api)) return false;
  if (path.size() > api.size() && path[api.size()] != '/') return false;  // "/api/v10" is not ours
  return !(method == bhttp::verb::post && path == "/api/v1/session");
}

void router::set_authenticator(authenticator a) { authenticate_ = std::move(a); }

void router::add(bhttp::verb method, std::string_view pattern, handler h, route_cost cost) {
  auto segments = split_pattern(pattern);
  for (auto& r : routes_) {
    if (r.segments == segments) {
      r.handlers[method] = endpoint{std::move(h), cost};
      return;
    }
  }
  route r;
  r.segments = std::move(segments);
  r.handlers[method] = endpoint{std::move(h), cost};
  routes_.push_back(std::move(r));
}

const router::route* router::find(const std::vector<std::string>& segments,
                                  std::map<std::string, std::string, std::less<>>& params) const {
  for (const route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    std::map<std::string, std::string, std::less<>> found;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      if (is_param(r.segments[i])) {
        if (segments[i].empty()) ok = false;
        else found.emplace(r.segments[i].substr(1, r.segments[i].size() - 2), segments[i]);
      } else {
        ok = r.segments[i] == segments[i];
      }
    }
    if (!ok) continue;
    params = std::move(found);
    return &r;
  }
  return nullptr;
}

bool router::runs_long(const request& req) const {
  const std::string_view target = req.target();
  if (target.empty() || target.front() != '/') return false;
  const auto segments = decoded_segments(target.substr(0, target.find('?')));
  if (!segments) return false;
  std::map<std::string, std::string, std::less<>> params;
  const route* r = find(*segments, params);
  if (r == nullptr) return false;
  const auto it = r->handlers.find(req.method() == bhttp::verb::head ? bhttp::verb::get : req.method());
  return it != r->handlers.end() && it->second.cost == route_cost::long_running;
}

response router::dispatch(const request& req, std::string_view client_address) const {
  try {
    const std::string_view target = req.target();
    if (target.empty() || target.front() != '/')
      return error_response(req, bhttp::status::bad_request,
                            "target permintaan harus berupa path / request target must be a path");
    const std::size_t q = target.find('?');
    const std::string_view raw_path = target.substr(0, q);
    route_match match;
    if (q != std::string_view::npos) {
      auto query = parse_query(target.substr(q + 1));
      if (!query) return error_response(req, bhttp::status::bad_request, query.err().message);
      match.query = std::move(query).value();
    }
    auto path = percent_decode(raw_path, false);
    if (!path) return error_response(req, bhttp::status::bad_request, "path rusak / malformed path");
    match.path = *path;
    match.client = std::string(client_address);

    // Checked before routing so that without a session nothing under /api/v1 is revealed, not even
    // which paths exist.
    if (needs_session(req.method(), match.path)) {
      if (authenticate_) match.who = authenticate_(req);
      if (!match.who) return error_response(req, bhttp::status::unauthorized, "perlu masuk / login required");
      // Besides the SameSite=Strict cookie: what a foreign page can post by itself is refused.
      if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head && cross_site_sendable(req))
        return error_response(req, bhttp::status::unsupported_media_type,
                              "jenis isi harus dinyatakan (application/json, text/csv) / "
                              "declare the body's type (application/json, text/csv)");
    }

    const auto segments = decoded_segments(raw_path);
    if (!segments) return error_response(req, bhttp::status::bad_request, "path rusak / malformed path");
    route_match m = match;
    if (const route* r = find(*segments, m.params)) {
      const bool head = req.method() == bhttp::verb::head;
      auto it = r->handlers.find(head ? bhttp::verb::get : req.method());
      if (it == r->handlers.end()) {
        std::string allow;
        for (const auto& [verb, unused] : r->handlers) {
          if (!allow.empty()) allow += ", ";
          allow += std::string(bhttp::to_string(verb));
          if (verb == bhttp::verb::get) allow += ", HEAD";
        }
        auto res = error_response(req, bhttp::status::method_not_allowed,
                                  "metode tidak diizinkan / method not allowed: " + std::string(req.method_string()));
        res.set(bhttp::field::allow, allow);
        return res;
      }
      response res = it->second.run(req, m);
      if (head) pantau::http::strip_body_for_head(res);
      return res;
    }
    return error_response(req, bhttp::status::not_found, "tidak ditemukan / not found: " + match.path);
  } catch (const std::exception& e) {
    return error_response(req, bhttp::status::internal_server_error,
                          std::string("kesalahan internal / internal error: ") + e.what());
  }
}

}  // namespace pantau::hub::http
