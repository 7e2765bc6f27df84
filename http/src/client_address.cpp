#include "pantau/http/client_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace pantau::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// An address as printed by the server or written by a proxy: IPv4, IPv6, "[v6]", "[v6]:port" and
// "v4:port"; IPv4-mapped IPv6 becomes the IPv4 it maps.
std::optional<ip::address> parse_address(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    text = text.substr(0, text.find(':'));  // "v4:port"
  }
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::address(ip::make_address_v4(ip::v4_mapped, a.to_v6()));
  return a;
}

error bad_entry(std::string_view entry, std::string_view why) {
  return error{errc::config, "\"" + std::string(entry) + "\": " + std::string(why)};
}

}  // namespace

result<trusted_proxies> trusted_proxies::parse(const std::vector<std::string>& entries) {
  trusted_proxies out;
  for (const auto& entry : entries) {
    std::string_view text = entry;
    const auto slash = text.find('/');
    const std::string_view host = text.substr(0, slash);
    boost::system::error_code ec;
    const auto a = ip::make_address(std::string(host), ec);
    if (ec || host.empty())
      return bad_entry(entry, "not an IP address or CIDR network (e.g. \"10.0.0.0/8\", \"127.0.0.1\", \"fd00::/8\")");
    network n;
    n.v6 = a.is_v6();
    const int bits = n.v6 ? 128 : 32;
    n.prefix = bits;
    if (slash != std::string_view::npos) {
      const std::string_view p = text.substr(slash + 1);
      int prefix = -1;
      const auto [end, err] = std::from_chars(p.data(), p.data() + p.size(), prefix);
      if (p.empty() || err != std::errc() || end != p.data() + p.size() || prefix < 0 || prefix > bits)
        return bad_entry(entry, "the prefix length must be 0.." + std::to_string(bits));
      n.prefix = prefix;
    }
    if (n.v6) {
      const auto b = a.to_v6().to_bytes();
      std::copy(b.begin(), b.end(), n.bytes);
    } else {
      const auto b = a.to_v4().to_bytes();
      std::copy(b.begin(), b.end(), n.bytes);
    }
    // "10.0.0.1/8" is most likely a typo for one address or for "10.0.0.0/8": say so rather than guess.
    for (std::size_t i = static_cast<std::size_t>(n.prefix); i < static_cast<std::size_t>(bits); ++i) {
      if ((n.bytes[i / 8] >> (7 - i % 8)) & 1)
        return bad_entry(entry, "address bits set past the prefix length (did you mean the network's first address?)");
    }
    out.networks_.push_back(n);
  }
  return out;
}

bool trusted_proxies::trusts(std::string_view address) const {
  if (networks_.empty()) return false;
  const auto a = parse_address(address);
  if (!a) return false;
  std::array<std::uint8_t, 16> bytes{};
  if (a->is_v6()) {
    const auto b = a->to_v6().to_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
  } else {
    const auto b = a->to_v4().to_bytes();
    std::copy(b.begin(), b.end(), bytes.begin());
  }
  return std::any_of(networks_.begin(), networks_.end(), [&](const network& n) {
    if (n.v6 != a->is_v6()) return false;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n.prefix); ++i) {
      const std::size_t shift = 7 - i % 8;
      if (((bytes[i / 8] >> shift) & 1) != ((n.bytes[i / 8] >> shift) & 1)) return false;
    }
    return true;
  });
}

std::string trusted_proxies::client(std::string_view peer, const request& req) const {
  if (!trusts(peer)) return std::string(peer);
  // Every X-Forwarded-For header in order, split at commas: one list (RFC 7230 §3.2.2).
  std::vector<std::string_view> hops;
  // Beast has no field constant for it: looked up by name (case-insensitive).
  const auto [first, last] = req.equal_range("X-Forwarded-For");
  for (auto it = first; it != last; ++it) {
    std::string_view rest = it->value();
    while (true) {
      const auto comma = rest.find(',');
      hops.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  std::string client(peer);
  constexpr std::size_t max_hops = 32;
  for (std::size_t seen = 0; seen < max_hops && !hops.empty(); ++seen) {
    const auto a = parse_address(hops.back());
    hops.pop_back();
    if (!a) break;  // a trusted proxy would not have written this: nothing to its left is believed
    client = a->to_string();
    if (!trusts(client)) break;
  }
  return client;
}

result<std::string> normalise_origin(std::string_view origin) {
  std::string o(trim(origin));
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!o.empty() && o.back() == '/') o.pop_back();
  std::string_view rest;
  if (o.starts_with("http://")) rest = std::string_view(o).substr(7);
  else if (o.starts_with("https://")) rest = std::string_view(o).substr(8);
  else return error{errc::config, "\"" + std::string(origin) + "\": expected http:// or https:// and a host"};
  if (rest.empty() || rest.find_first_of("/?#@ ") != std::string_view::npos)
    return error{errc::config, "\"" + std::string(origin) + "\": expected scheme://host[:port] with no path"};
  return o;
}

bool origin_allowed(const request& req, const std::vector<std::string>& allowed) {
  const auto it = req.find(bhttp::field::origin);
  if (it == req.end()) return true;
  const auto origin = normalise_origin(it->value());
  if (!origin) return false;  // "null" (a sandboxed or file: page) and anything malformed
  if (std::find(allowed.begin(), allowed.end(), *origin) != allowed.end()) return true;
  std::string host(trim(req[bhttp::field::host]));
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.empty()) return false;
  const std::string_view authority = std::string_view(*origin).substr(origin->find("://") + 3);
  if (authority == host) return true;
  // A browser leaves out the default port in Origin and may in Host too, or the other way round.
  const bool https = origin->starts_with("https://");
  const std::string default_port = https ? ":443" : ":80";
  return std::string(authority) + default_port == host || authority == host + default_port;
}

}  // namespace pantau::http
