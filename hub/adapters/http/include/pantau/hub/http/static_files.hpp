#pragma once
// The dashboard's files (hub/web) over plain GET, no session needed (the pages ask /api/v1 for data and
// show the login form on 401):
//   GET /                    -> <web_root>/index.html
//   GET /static/<a>[/<b>[/<c>]] -> <web_root>/static/...
//   GET /vendor/uplot/<file> -> <web_root>/node_modules/uplot/dist/<file> (the pinned npm package)
// Only plain names are served: "..", ".", hidden names, encoded slashes or backslashes and NUL are 400;
// anything that resolves outside its folder (a symlink out) or is not a regular file is 404.
// Answers carry a Content-Type from the extension, nosniff, a weak ETag (size + mtime) honoured by
// If-None-Match (304), and Cache-Control "no-cache" for our own files (always revalidated, so a new
// build shows at once) and a day for the pinned vendor files.
// Thread-safety: handlers only read files and immutable options; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "pantau/hub/http/router.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::http {

struct static_files_options {
  std::filesystem::path web_root;     // holds index.html, static/ and node_modules/uplot/dist/
  std::uintmax_t max_file_bytes = 8u << 20;  // bigger files are not ours: 404
};

// Checks that web_root is a directory with index.html (start-up; error code config).
result<bool> check_web_root(const std::filesystem::path& web_root);

void add_static_routes(router& r, static_files_options options);

// "text/html; charset=utf-8" for "index.html" ...; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view file_name);

// True for a name that may appear as one path segment of a served file.
bool is_plain_segment(std::string_view segment);

}  // namespace pantau::hub::http
