#include "pantau/http/static_files.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace pantau::http {
namespace {

namespace fs = std::filesystem;

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

}  // namespace

static_files::static_files(static_files_options options)
    : options_(std::move(options)), root_(canonical_or_empty(options_.root)) {}

response static_files::serve(const request& req, std::span<const std::string> segments) const {
  const auto fail = [&](bhttp::status status, std::string_view message) {
    return json_error(req, status, message, options_.server_name);
  };
  const auto not_found = [&] { return fail(bhttp::status::not_found, "Tidak ditemukan / Not found"); };
  if (segments.empty()) return not_found();
  for (const auto& s : segments) {
    if (!is_plain_segment(s)) return fail(bhttp::status::bad_request, "nama berkas tidak sah / invalid file name");
  }
  if (root_.empty()) return not_found();
  fs::path p = root_;
  for (const auto& s : segments) p /= s;

  std::error_code ec;
  const fs::path real = fs::canonical(p, ec);
  // Symlinks are followed, but only to places inside the same folder.
  if (ec || !is_inside(root_, real)) return not_found();
  const auto status = fs::status(real, ec);
  if (ec || !fs::is_regular_file(status)) return not_found();
  const auto size = fs::file_size(real, ec);
  if (ec || size > options_.max_file_bytes) return not_found();
  const auto mtime = fs::last_write_time(real, ec);
  if (ec) return not_found();

  const std::string tag = etag_of(size, mtime);
  const auto set_headers = [&](response& res) {
    res.set(bhttp::field::etag, tag);
    res.set(bhttp::field::cache_control, options_.cache_control);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
  };
  const std::string_view type = content_type_for(segments.back());
  if (matches_if_none_match(req[bhttp::field::if_none_match], tag)) {
    response res = make_response(req, bhttp::status::not_modified, {}, type, options_.server_name);
    set_headers(res);
    return res;
  }

  std::ifstream in(real, std::ios::binary);
  if (!in) return not_found();
  std::string body(static_cast<std::size_t>(size), '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (in.gcount() != static_cast<std::streamsize>(body.size()))
    return fail(bhttp::status::internal_server_error, "berkas tidak terbaca / file unreadable");

  response res = make_response(req, bhttp::status::ok, std::move(body), type, options_.server_name);
  set_headers(res);
  if (!options_.html_policy.empty() && type.starts_with("text/html"))
    res.set("Content-Security-Policy", options_.html_policy);
  return res;
}

response static_files::serve_path(const request& req, std::string_view path) const {
  if (path == "/" || path.empty()) path = "/index.html";
  std::vector<std::string> segments;
  // Split before decoding, so that an encoded '/' stays inside its segment (and is refused there).
  std::size_t pos = path.front() == '/' ? 1 : 0;
  while (pos <= path.size()) {
    const std::size_t slash = path.find('/', pos);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    auto segment = percent_decode(path.substr(pos, end - pos), false);
    if (!segment)
      return json_error(req, bhttp::status::bad_request, "nama berkas tidak sah / invalid file name",
                        options_.server_name);
    segments.push_back(std::move(*segment));
    pos = end + 1;
  }
  return serve(req, segments);
}

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
    return error{errc::config, web_root.string() + ": bukan folder / not a directory"};
  if (!fs::is_regular_file(web_root / "index.html", ec))
    return error{errc::config, web_root.string() + ": index.html tidak ada / has no index.html"};
  return true;
}

}  // namespace pantau::http
