// Who the client is behind trusted proxies, and which page origins may open a WebSocket.
#include <gtest/gtest.h>

#include "pantau/http/client_address.hpp"

namespace pantau::http {
namespace {

request with_forwarded(std::initializer_list<std::string> headers) {
  request req{bhttp::verb::get, "/", 11};
  for (const auto& h : headers) req.insert("X-Forwarded-For", h);
  return req;
}

trusted_proxies proxies(const std::vector<std::string>& entries) {
  auto p = trusted_proxies::parse(entries);
  EXPECT_TRUE(p) << p.err().message;
  return p ? std::move(p).value() : trusted_proxies{};
}

TEST(trusted_proxies_test, parses_addresses_and_networks_and_names_the_bad_entry) {
  const auto p = proxies({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "192.168.7.0/24"});
  EXPECT_TRUE(p.trusts("127.0.0.1"));
  EXPECT_FALSE(p.trusts("127.0.0.2"));
  EXPECT_TRUE(p.trusts("10.255.1.2"));
  EXPECT_FALSE(p.trusts("11.0.0.1"));
  EXPECT_TRUE(p.trusts("192.168.7.200"));
  EXPECT_FALSE(p.trusts("192.168.8.1"));
  EXPECT_TRUE(p.trusts("fd12:3456::1"));
  EXPECT_FALSE(p.trusts("fe80::1"));
  EXPECT_TRUE(p.trusts("::1"));
  EXPECT_TRUE(p.trusts("::ffff:10.1.2.3")) << "an IPv4-mapped peer of a dual-stack socket is its IPv4";
  EXPECT_FALSE(p.trusts(""));
  EXPECT_FALSE(p.trusts("not-an-address"));
  EXPECT_TRUE(proxies({"0.0.0.0/0"}).trusts("203.0.113.9"));
  EXPECT_TRUE(trusted_proxies{}.empty());

  for (const auto& [entry, why] : std::vector<std::pair<std::string, std::string>>{
           {"10.0.0.1/8", "bits set past the prefix"},
           {"10.0.0.0/33", "prefix length must be 0..32"},
           {"fd00::/129", "prefix length must be 0..128"},
           {"10.0.0.0/", "prefix length"},
           {"10.0.0.0/8x", "prefix length"},
           {"proxy.local", "not an IP address"},
           {"", "not an IP address"},
           {"/8", "not an IP address"}}) {
    auto r = trusted_proxies::parse({"127.0.0.1", entry});
    ASSERT_FALSE(r) << entry;
    EXPECT_EQ(r.err().code, errc::config);
    EXPECT_NE(r.err().message.find("\"" + entry + "\""), std::string::npos) << r.err().message;
    EXPECT_NE(r.err().message.find(why), std::string::npos) << r.err().message;
  }
}

TEST(trusted_proxies_test, x_forwarded_for_counts_only_from_a_trusted_peer_and_only_as_far_as_proxies_wrote_it) {
  const auto p = proxies({"127.0.0.1", "10.0.0.0/8"});
  // An untrusted peer's header is its own say-so: ignored.
  EXPECT_EQ(p.client("203.0.113.5", with_forwarded({"198.51.100.1"})), "203.0.113.5");
  // A trusted peer without the header: the peer.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({})), "127.0.0.1");
  // One proxy: the address it appended.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"198.51.100.1"})), "198.51.100.1");
  // The client wrote a fake entry first; the proxy appended the real one: the right-most untrusted wins.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"1.2.3.4, 198.51.100.1"})), "198.51.100.1");
  // Two proxies (10.0.0.7 forwarded to 127.0.0.1), repeated headers are one list.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"6.6.6.6, 198.51.100.1", " 10.0.0.7 "})), "198.51.100.1");
  // Every hop trusted: the left-most one.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"10.1.1.1,10.2.2.2"})), "10.1.1.1");
  // Garbage left of a trusted hop ends the walk there.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"<script>, 10.2.2.2"})), "10.2.2.2");
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"unknown"})), "127.0.0.1");
  // Ports and brackets as some proxies write them.
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"198.51.100.1:5123"})), "198.51.100.1");
  EXPECT_EQ(p.client("127.0.0.1", with_forwarded({"[2001:db8::1]:443"})), "2001:db8::1");
  EXPECT_EQ(p.client("::ffff:127.0.0.1", with_forwarded({"198.51.100.1"})), "198.51.100.1");
  // Nobody trusted: the header never counts.
  EXPECT_EQ(trusted_proxies{}.client("127.0.0.1", with_forwarded({"198.51.100.1"})), "127.0.0.1");
}

TEST(trusted_proxies_test, a_long_header_is_walked_a_bounded_distance) {
  const auto p = proxies({"10.0.0.0/8"});
  std::string chain = "198.51.100.1";
  for (int i = 0; i < 100; ++i) chain += ", 10.0.0." + std::to_string(i % 250 + 1);
  // 32 trusted hops looked at, no further: the client stays a trusted hop, never a made-up one.
  EXPECT_TRUE(p.trusts(p.client("10.9.9.9", with_forwarded({chain}))));
}

request upgrade(std::string host, std::optional<std::string> origin) {
  request req{bhttp::verb::get, "/api/v1/live", 11};
  req.set(bhttp::field::host, host);
  if (origin) req.set(bhttp::field::origin, *origin);
  return req;
}

TEST(origin_test, the_own_site_and_configured_origins_are_allowed_others_are_not) {
  const std::vector<std::string> none;
  EXPECT_TRUE(origin_allowed(upgrade("127.0.0.1:8080", "http://127.0.0.1:8080"), none));
  EXPECT_TRUE(origin_allowed(upgrade("Hub.Example:8080", "http://hub.example:8080/"), none)) << "case, trailing /";
  EXPECT_TRUE(origin_allowed(upgrade("hub.example", "https://hub.example"), none));
  EXPECT_TRUE(origin_allowed(upgrade("hub.example:443", "https://hub.example"), none)) << "default port";
  EXPECT_TRUE(origin_allowed(upgrade("hub.example", "http://hub.example:80"), none));
  EXPECT_TRUE(origin_allowed(upgrade("127.0.0.1:8080", std::nullopt), none)) << "not a browser: the session decides";

  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", "http://evil.example"), none));
  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", "http://127.0.0.1:9999"), none)) << "another port";
  EXPECT_FALSE(origin_allowed(upgrade("hub.example:443", "http://hub.example"), none)) << "http is not https";
  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", "null"), none));
  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", ""), none));
  EXPECT_FALSE(origin_allowed(upgrade("", "http://127.0.0.1:8080"), none));
  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", "http://127.0.0.1:8080@evil.example"), none));

  const std::vector<std::string> allowed{"https://dasbor.example.go.id"};
  EXPECT_TRUE(origin_allowed(upgrade("127.0.0.1:8080", "https://DASBOR.example.go.id"), allowed));
  EXPECT_FALSE(origin_allowed(upgrade("127.0.0.1:8080", "http://dasbor.example.go.id"), allowed));
}

TEST(origin_test, normalise_origin_accepts_scheme_host_port_only) {
  EXPECT_EQ(*normalise_origin("HTTPS://Dasbor.Example:8443/"), "https://dasbor.example:8443");
  EXPECT_EQ(*normalise_origin("http://[::1]:8080"), "http://[::1]:8080");
  for (const std::string bad : {"dasbor.example", "ftp://x", "https://", "https://x/path", "https://u@x", "null"}) {
    auto r = normalise_origin(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.err().message.find("\"" + bad + "\""), std::string::npos) << r.err().message;
  }
}

}  // namespace
}  // namespace pantau::http
