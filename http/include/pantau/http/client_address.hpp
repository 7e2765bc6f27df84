#pragma once
// Who is at the other end of a request, and where its page came from, as far as the server can tell:
//  - trusted_proxies: X-Forwarded-For is believed only when the peer is one of the configured proxies,
//    and then only as far as it was written by them: walking the header from the right, the first
//    address that is not a trusted proxy is the client (whatever a client wrote to the left of that
//    is its own say-so). Behind a reverse proxy, without this every request comes "from the proxy".
//  - origin_allowed: the Origin a browser sends with a WebSocket upgrade is the page's own site or
//    one configured on purpose, so another site's page cannot ride a user's session cookie.
// Thread-safety: trusted_proxies is immutable after parse; both are safe to use from any thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/http/answers.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::http {

class trusted_proxies {
 public:
  trusted_proxies() = default;  // trusts no one: the peer's address is the client's
  // Each entry an IPv4/IPv6 address or a network in CIDR form ("10.0.0.0/8", "fd00::/8"). The error
  // (code "config") names the first bad entry and why, e.g. host bits set below the prefix.
  static result<trusted_proxies> parse(const std::vector<std::string>& entries);

  bool empty() const { return networks_.empty(); }
  // `address` (as the server prints a peer, IPv4-mapped IPv6 counts as IPv4) is one of the proxies.
  bool trusts(std::string_view address) const;
  // The client's address for `req` arriving from `peer`: `peer` itself unless it is trusted; then the
  // right-most X-Forwarded-For entry (across repeated headers) that is not a trusted proxy. An entry
  // that is not an address ends the walk at the last good one; at most 32 entries are looked at.
  std::string client(std::string_view peer, const request& req) const;

 private:
  struct network {
    std::uint8_t bytes[16] = {};
    bool v6 = false;
    int prefix = 0;
  };
  std::vector<network> networks_;
};

// "scheme://host[:port]" in lowercase without a trailing "/", as browsers send Origin; an error
// (code "config") when `origin` is not one (a path, no host, another scheme than http or https).
result<std::string> normalise_origin(std::string_view origin);

// True when the request's Origin header names the site it was sent to (its host and port equal the
// Host header's) or one of `allowed` (normalised). A request without Origin is not a browser's
// cross-site one: allowed here (the caller still asks for a session). "null" and malformed are not.
bool origin_allowed(const request& req, const std::vector<std::string>& allowed);

}  // namespace pantau::http
