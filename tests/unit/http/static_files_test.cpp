// The one static file server of pantau::http on a web folder made in a temp dir, addressed by request
// path as the kiosk does (the hub's routes are in tests/unit/hub/static_files_test.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "pantau/http/static_files.hpp"

namespace pantau::http {
namespace {

namespace fs = std::filesystem;

class static_files_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    base_ = fs::temp_directory_path() / ("pantau-http-files-" + std::to_string(rd()));
    fs::create_directories(base_ / "web" / "img");
    write(base_ / "web" / "index.html", "<!doctype html>");
    write(base_ / "web" / "app.js", "x");
    write(base_ / "web" / "img" / "a b.svg", "<svg/>");
    write(base_ / "outbox.db", "secret");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

  response get(const static_files& files, std::string path, std::string if_none_match = {}) const {
    request req{bhttp::verb::get, path, 11};
    if (!if_none_match.empty()) req.set(bhttp::field::if_none_match, if_none_match);
    return files.serve_path(req, path);
  }

  fs::path base_;
};

TEST_F(static_files_test, serves_by_path_with_type_caching_and_the_callers_headers) {
  static_files_options o;
  o.root = base_ / "web";
  o.server_name = "test-server";
  o.html_policy = "default-src 'self'";
  const static_files files(o);
  auto index = get(files, "/");
  EXPECT_EQ(index.result(), bhttp::status::ok);
  EXPECT_EQ(index.body(), "<!doctype html>");
  EXPECT_EQ(index[bhttp::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index[bhttp::field::cache_control], "no-cache");
  EXPECT_EQ(index[bhttp::field::server], "test-server");
  EXPECT_EQ(index["Content-Security-Policy"], "default-src 'self'");
  auto js = get(files, "/app.js");
  EXPECT_EQ(js[bhttp::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_TRUE(js["Content-Security-Policy"].empty());
  EXPECT_EQ(get(files, "/img/a%20b.svg").body(), "<svg/>");
  EXPECT_EQ(get(files, "/app.js", std::string(js[bhttp::field::etag])).result(), bhttp::status::not_modified);
}

TEST_F(static_files_test, refuses_every_way_out_and_answers_json_errors) {
  static_files_options o;
  o.root = base_ / "web";
  const static_files files(o);
  for (const char* path : {"/../outbox.db", "/%2e%2e/outbox.db", "/img/..%2F..%2Foutbox.db", "/.hidden", "/a%5Cb",
                           "/a%00.js", "/bad%zz"})
    EXPECT_EQ(get(files, path).result(), bhttp::status::bad_request) << path;
  const auto missing = get(files, "/nothing.html");
  EXPECT_EQ(missing.result(), bhttp::status::not_found);
  EXPECT_EQ(missing.body(), R"({"error":"Tidak ditemukan / Not found"})");
  EXPECT_EQ(missing[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(get(files, "/img").result(), bhttp::status::not_found);
  // A folder that does not exist: every file is 404, nothing breaks.
  o.root = base_ / "none";
  EXPECT_EQ(get(static_files(o), "/").result(), bhttp::status::not_found);
}

}  // namespace
}  // namespace pantau::http
