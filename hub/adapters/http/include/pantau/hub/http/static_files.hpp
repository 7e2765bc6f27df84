#pragma once
// The dashboard's files (hub/web) over plain GET, no session needed (the pages ask /api/v1 for data and
// show the login form on 401):
//   GET /                    -> <web_root>/index.html
//   GET /static/<a>[/<b>[/<c>]] -> <web_root>/static/...
//   GET /vendor/uplot/<file> -> <web_root>/node_modules/uplot/dist/<file> (the pinned npm package)
// What is served and how (plain names only, nothing outside its folder, ETag, nosniff) is pantau::http's
// static_files; here are the routes and the caching: "no-cache" for our own files (always revalidated,
// so a new build shows at once), a day for the pinned vendor files, and a Content-Security-Policy on
// the pages.
// Thread-safety: handlers only read files and immutable options; safe from any thread.
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "pantau/http/static_files.hpp"
#include "pantau/hub/http/router.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::http {

struct static_files_options {
  std::filesystem::path web_root;     // holds index.html, static/ and node_modules/uplot/dist/
  std::uintmax_t max_file_bytes = 8u << 20;  // bigger files are not ours: 404
};

void add_static_routes(router& r, static_files_options options);

using pantau::http::check_web_root;
using pantau::http::content_type_for;
using pantau::http::is_plain_segment;

}  // namespace pantau::hub::http
