#include "pantau/hub/http/static_files.hpp"

#include <array>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace pantau::hub::http {
namespace {

namespace fs = std::filesystem;

enum class cache_policy { revalidate, vendor };

struct static_state {
  fs::path web_root;
  fs::path static_root;
  fs::path vendor_root;
  std::uintmax_t max_file_bytes = 0;
};

// Canonical form of a folder, or empty when it does not exist (a missing vendor folder only means
// its files are 404, not that the hub cannot start).
fs::path canonical_or_empty(const fs::path& p) {
  std::error_code ec;
  auto c = fs::canonical(p, ec);
  return ec ? fs::path() : c;
}

bool is_inside(const fs::path& root, const fs::path& p) {
  auto r = root.begin();
  auto q = p.begin();
  for (; r != root.end(); ++r, ++q) {
    if (q == p.end() || *q != *r) return false;
  }
  return true;
}

std::string etag_of(std::uintmax_t size, fs::file_time_type mtime) {
  const auto ticks = mtime.time_since_epoch().count();
  std::ostringstream s;
  s << "W/\"" << std::hex << size << '-' << ticks << '"';
  return s.str();
}

// True when the If-None-Match header names this tag (a list, or "*").
bool matches_if_none_match(std::string_view header, std::string_view tag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    const std::size_t comma = header.find(',', pos);
    std::string_view item = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    // Weak comparison (RFC 9110 §13.1.2): "W/" does not matter for If-None-Match.
    const auto strip = [](std::string_view t) { return t.starts_with("W/") ? t.substr(2) : t; };
    if (strip(item) == strip(tag)) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

response not_found(const request& req) {
  return error_response(req, bhttp::status::not_found, "berkas tidak ditemukan / file not found");
}

response serve_file(const request& req, const static_state& st, const fs::path& root,
                    const std::vector<std::string>& segments, cache_policy cache) {
  for (const auto& s : segments) {
    if (!is_plain_segment(s))
      return error_response(req, bhttp::status::bad_request, "nama berkas tidak sah / invalid file name");
  }
  if (root.empty()) return not_found(req);
  fs::path p = root;
  for (const auto& s : segments) p /= s;

  std::error_code ec;
  const fs::path real = fs::canonical(p, ec);
  // Symlinks are followed, but only to places inside the same folder.
  if (ec || !is_inside(root, real)) return not_found(req);
  const auto status = fs::status(real, ec);
  if (ec || !fs::is_regular_file(status)) return not_found(req);
  const auto size = fs::file_size(real, ec);
  if (ec || size > st.max_file_bytes) return not_found(req);
  const auto mtime = fs::last_write_time(real, ec);
  if (ec) return not_found(req);

  const std::string tag = etag_of(size, mtime);
  const auto set_headers = [&](response& res) {
    res.set(bhttp::field::etag, tag);
    res.set(bhttp::field::cache_control, cache == cache_policy::vendor ? "public, max-age=86400" : "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
  };
  const std::string_view type = content_type_for(segments.back());
  if (matches_if_none_match(req[bhttp::field::if_none_match], tag)) {
    response res = make_response(req, bhttp::status::not_modified, {}, type);
    set_headers(res);
    return res;
  }

  std::ifstream in(real, std::ios::binary);
  if (!in) return not_found(req);
  std::string body(static_cast<std::size_t>(size), '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (in.gcount() != static_cast<std::streamsize>(body.size()))
    return error_response(req, bhttp::status::internal_server_error, "berkas tidak terbaca / file unreadable");

  response res = make_response(req, bhttp::status::ok, std::move(body), type);
  set_headers(res);
  if (type.starts_with("text/html")) {
    // The pages load only their own scripts and styles and talk only to this hub. uPlot sets inline
    // style attributes, hence 'unsafe-inline' for styles (never for scripts).
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  }
  return res;
}

std::vector<std::string> params_in_order(const route_match& m, std::initializer_list<const char*> names) {
  std::vector<std::string> out;
  for (const char* n : names) {
    const auto it = m.params.find(std::string_view(n));
    if (it == m.params.end()) break;
    out.push_back(it->second);
  }
  return out;
}

}  // namespace

std::string_view content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".ts", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : types) {
    if (file_name.size() > ext.size() && file_name.ends_with(ext)) return type;
  }
  return "application/octet-stream";
}

bool is_plain_segment(std::string_view s) {
  if (s.empty() || s.size() > 255 || s.front() == '.') return false;  // ".", "..", ".env", ".git"
  for (const char c : s) {
    if (c == '/' || c == '\\' || c == '\0' || c == ':' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

result<bool> check_web_root(const fs::path& web_root) {
  std::error_code ec;
  if (!fs::is_directory(web_root, ec))
    return error{"config", web_root.string() + ": bukan folder / not a directory"};
  if (!fs::is_regular_file(web_root / "index.html", ec))
    return error{"config", web_root.string() + ": index.html tidak ada / has no index.html"};
  return true;
}

void add_static_routes(router& r, static_files_options options) {
  auto st = std::make_shared<static_state>();
  st->web_root = canonical_or_empty(options.web_root);
  st->static_root = st->web_root.empty() ? fs::path() : canonical_or_empty(st->web_root / "static");
  st->vendor_root =
      st->web_root.empty() ? fs::path() : canonical_or_empty(st->web_root / "node_modules" / "uplot" / "dist");
  st->max_file_bytes = options.max_file_bytes;

  r.add(bhttp::verb::get, "/", [st](const request& req, const route_match&) {
    return serve_file(req, *st, st->web_root, {"index.html"}, cache_policy::revalidate);
  });
  r.add(bhttp::verb::get, "/index.html", [st](const request& req, const route_match&) {
    return serve_file(req, *st, st->web_root, {"index.html"}, cache_policy::revalidate);
  });
  // The router matches whole segments, so each depth is one pattern; three levels is all hub/web uses.
  for (const char* pattern : {"/static/{a}", "/static/{a}/{b}", "/static/{a}/{b}/{c}"}) {
    r.add(bhttp::verb::get, pattern, [st](const request& req, const route_match& m) {
      return serve_file(req, *st, st->static_root, params_in_order(m, {"a", "b", "c"}), cache_policy::revalidate);
    });
  }
  r.add(bhttp::verb::get, "/vendor/uplot/{a}", [st](const request& req, const route_match& m) {
    return serve_file(req, *st, st->vendor_root, params_in_order(m, {"a"}), cache_policy::vendor);
  });
}

}  // namespace pantau::hub::http
