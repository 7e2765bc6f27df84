#pragma once
// Files of one folder over GET, for the hub's dashboard and the kiosk's touch UI alike. Only plain
// names are served: "..", ".", hidden names, encoded slashes or backslashes and NUL are 400; anything
// that resolves outside the folder (a symlink out), is not a regular file or is too big is 404.
// Answers carry a Content-Type from the extension, nosniff, no-referrer, a weak ETag (size + mtime)
// honoured by If-None-Match (304) and the folder's Cache-Control ("no-cache" by default: always
// revalidated, so a new build shows at the next load). The body is always there, HEAD included: the
// caller answers HEAD (strip_body_for_head) as it does for every other route.
// Thread-safety: serving only reads files and immutable options; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "pantau/http/answers.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::http {

struct static_files_options {
  std::filesystem::path root;
  std::string cache_control = "no-cache";
  std::string html_policy;  // Content-Security-Policy of HTML answers; empty: none
  std::string server_name;  // the Server header; empty: none
  std::uintmax_t max_file_bytes = 8u << 20;  // bigger files are not ours: 404
};

class static_files {
 public:
  // A root that does not exist only means that its files are 404.
  explicit static_files(static_files_options options);

  // The file root/segments[0]/segments[1]/...
  response serve(const request& req, std::span<const std::string> segments) const;
  // The file a request path names, percent-decoded ("/app.js", "/img/a%20b.svg"); "/" is index.html.
  response serve_path(const request& req, std::string_view path) const;

 private:
  static_files_options options_;
  std::filesystem::path root_;  // canonical; empty when missing
};

// Checks that web_root is a folder with index.html (start-up; error code config).
result<bool> check_web_root(const std::filesystem::path& web_root);

// "text/html; charset=utf-8" for "index.html" ...; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view file_name);

// True for a name that may appear as one path segment of a served file.
bool is_plain_segment(std::string_view segment);

}  // namespace pantau::http
