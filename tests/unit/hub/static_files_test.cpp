// The dashboard's file serving through the real router, on a web folder made in a temp dir: what is
// served with which headers, and every way out of the folder refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "pantau/hub/http/router.hpp"
#include "pantau/hub/http/static_files.hpp"

namespace pantau::hub::http {
namespace {

namespace fs = std::filesystem;

class web_folder : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    base_ = fs::temp_directory_path() / ("pantau-static-" + std::to_string(rd()));
    root_ = base_ / "web";
    fs::create_directories(root_ / "static" / "img");
    fs::create_directories(root_ / "node_modules" / "uplot" / "dist");
    write(root_ / "index.html", "<!doctype html><title>Pantau</title>");
    write(root_ / "static" / "app.js", "export const x = 1;");
    write(root_ / "static" / "style.css", "body{}");
    write(root_ / "static" / "img" / "logo.svg", "<svg/>");
    write(root_ / "package.json", "{\"private\":true}");
    write(root_ / "node_modules" / "uplot" / "dist" / "uPlot.esm.js", "export { uPlot as default };");
    write(root_ / "node_modules" / "uplot" / "package.json", "{}");
    write(base_ / "secret.txt", "geheim");
    fs::create_symlink(base_ / "secret.txt", root_ / "static" / "escape.txt");
    add_static_routes(router_, static_files_options{root_});
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  response get(std::string target, std::string if_none_match = {}) const {
    request req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!if_none_match.empty()) req.set(bhttp::field::if_none_match, if_none_match);
    return router_.dispatch(req);
  }

  fs::path base_;
  fs::path root_;
  router router_;
};

TEST_F(web_folder, serves_index_and_static_files_with_their_types) {
  auto res = get("/");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(res.body(), "<!doctype html><title>Pantau</title>");
  EXPECT_EQ(res[bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(res["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);

  res = get("/static/app.js");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(res.body(), "export const x = 1;");
  EXPECT_EQ(get("/static/style.css")[bhttp::field::content_type], "text/css; charset=utf-8");
  EXPECT_EQ(get("/static/img/logo.svg")[bhttp::field::content_type], "image/svg+xml");

  res = get("/vendor/uplot/uPlot.esm.js");
  EXPECT_EQ(res.result(), bhttp::status::ok);
  EXPECT_EQ(res.body(), "export { uPlot as default };");
  EXPECT_EQ(res[bhttp::field::cache_control], "public, max-age=86400");
}

TEST_F(web_folder, etag_answers_304_when_unchanged) {
  const auto first = get("/static/app.js");
  const std::string tag(first[bhttp::field::etag]);
  ASSERT_FALSE(tag.empty());
  const auto again = get("/static/app.js", tag);
  EXPECT_EQ(again.result(), bhttp::status::not_modified);
  EXPECT_TRUE(again.body().empty());
  EXPECT_EQ(get("/static/app.js", "W/\"other\"").result(), bhttp::status::ok);
}

TEST_F(web_folder, refuses_every_way_out_of_the_folder) {
  for (const char* target : {"/static/../index.html", "/static/%2e%2e/package.json", "/static/..%2Fpackage.json",
                             "/static/img/..%2F..%2Fpackage.json", "/vendor/uplot/..%2Fpackage.json",
                             "/static/.hidden", "/static/a%5Cb.js", "/static/a%00.js"}) {
    EXPECT_EQ(get(target).result(), bhttp::status::bad_request) << target;
  }
  // A symlink pointing outside, folders, and files that are not there.
  EXPECT_EQ(get("/static/escape.txt").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/static/img").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/static/missing.js").result(), bhttp::status::not_found);
  // Only index.html, static/ and uPlot's dist/ are reachable: not package.json, not node_modules.
  EXPECT_EQ(get("/package.json").result(), bhttp::status::not_found);
  EXPECT_EQ(get("/node_modules/uplot/package.json").result(), bhttp::status::not_found);
}

TEST_F(web_folder, pages_need_no_session_but_the_api_still_does) {
  EXPECT_EQ(get("/").result(), bhttp::status::ok);
  EXPECT_EQ(get("/api/v1/kpi").result(), bhttp::status::unauthorized);
}

TEST(static_files_test, content_types_and_plain_segments) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("uPlot.min.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("blob"), "application/octet-stream");
  EXPECT_EQ(content_type_for(".js"), "application/octet-stream");
  EXPECT_TRUE(is_plain_segment("app.js"));
  EXPECT_FALSE(is_plain_segment(""));
  EXPECT_FALSE(is_plain_segment("."));
  EXPECT_FALSE(is_plain_segment(".."));
  EXPECT_FALSE(is_plain_segment(".git"));
  EXPECT_FALSE(is_plain_segment("a/b"));
  EXPECT_FALSE(is_plain_segment("a\\b"));
  EXPECT_FALSE(is_plain_segment(std::string_view("a\0b", 3)));
}

TEST_F(web_folder, web_root_must_be_a_folder_with_index_html) {
  EXPECT_TRUE(check_web_root(root_).ok());
  EXPECT_FALSE(check_web_root(root_ / "static").ok());         // no index.html
  EXPECT_FALSE(check_web_root(root_ / "index.html").ok());     // not a folder
  EXPECT_FALSE(check_web_root(base_ / "nonexistent").ok());
}

}  // namespace
}  // namespace pantau::hub::http
