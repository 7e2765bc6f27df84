#include "pantau/http/answers.hpp"

#include <boost/json.hpp>

namespace pantau::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

response make_response(unsigned version, bool keep_alive, bhttp::status status, std::string body,
                       std::string_view content_type, std::string_view server_name) {
  response res{status, version};
  if (!server_name.empty()) res.set(bhttp::field::server, server_name);
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response make_response(const request& req, bhttp::status status, std::string body, std::string_view content_type,
                       std::string_view server_name) {
  return make_response(req.version(), req.keep_alive(), status, std::move(body), content_type, server_name);
}

response json_error(unsigned version, bool keep_alive, bhttp::status status, std::string_view message,
                    std::string_view server_name) {
  boost::json::object o;
  o["error"] = message;
  return make_response(version, keep_alive, status, boost::json::serialize(o), "application/json; charset=utf-8",
                       server_name);
}

response json_error(const request& req, bhttp::status status, std::string_view message,
                    std::string_view server_name) {
  return json_error(req.version(), req.keep_alive(), status, message, server_name);
}

void strip_body_for_head(response& res) {
  const auto length = res.body().size();
  res.body().clear();
  res.content_length(length);
}

std::string loggable(std::string_view text, std::size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (text.size() > max) out += "...";
  return out;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace pantau::http
