#include "pantau/hub/http/static_files.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pantau::hub::http {
namespace {

namespace fs = std::filesystem;

// The pages load only their own scripts and styles and talk only to this hub. uPlot sets inline
// style attributes, hence 'unsafe-inline' for styles (never for scripts).
constexpr const char* page_policy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::shared_ptr<const pantau::http::static_files> folder(const static_files_options& options, fs::path root,
                                                         std::string cache_control) {
  pantau::http::static_files_options o;
  o.root = std::move(root);
  o.cache_control = std::move(cache_control);
  o.html_policy = page_policy;
  o.server_name = std::string(server_name);
  o.max_file_bytes = options.max_file_bytes;
  return std::make_shared<const pantau::http::static_files>(std::move(o));
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

void add_static_routes(router& r, static_files_options options) {
  const auto pages = folder(options, options.web_root, "no-cache");
  const auto own = folder(options, options.web_root / "static", "no-cache");
  const auto vendor = folder(options, options.web_root / "node_modules" / "uplot" / "dist", "public, max-age=86400");
  const std::vector<std::string> index{"index.html"};

  for (const char* path : {"/", "/index.html"}) {
    r.add(bhttp::verb::get, path,
          [pages, index](const request& req, const route_match&) { return pages->serve(req, index); });
  }
  // The router matches whole segments, so each depth is one pattern; three levels is all hub/web uses.
  for (const char* pattern : {"/static/{a}", "/static/{a}/{b}", "/static/{a}/{b}/{c}"}) {
    r.add(bhttp::verb::get, pattern, [own](const request& req, const route_match& m) {
      return own->serve(req, params_in_order(m, {"a", "b", "c"}));
    });
  }
  r.add(bhttp::verb::get, "/vendor/uplot/{a}", [vendor](const request& req, const route_match& m) {
    return vendor->serve(req, params_in_order(m, {"a"}));
  });
}

}  // namespace pantau::hub::http
