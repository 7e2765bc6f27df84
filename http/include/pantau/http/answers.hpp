#pragma once
// The request and answer types of pantau::http and the answers both programs build alike: every JSON
// error of the hub's API, the kiosk's touch UI and the server's refusals is json_error().
// Thread-safety: pure functions.
#include <boost/beast/http.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pantau::http {

namespace bhttp = boost::beast::http;
using request = bhttp::request<bhttp::string_body>;
using response = bhttp::response<bhttp::string_body>;

// An answer that is never cached (Cache-Control: no-store); `server_name`, when set, is its Server header.
response make_response(unsigned version, bool keep_alive, bhttp::status status, std::string body,
                       std::string_view content_type, std::string_view server_name = {});
// With the request's HTTP version and keep-alive.
response make_response(const request& req, bhttp::status status, std::string body, std::string_view content_type,
                       std::string_view server_name = {});

// {"error":"<message>"} as JSON; messages say it in Bahasa Indonesia first, then English
// ("tidak ditemukan / not found").
response json_error(unsigned version, bool keep_alive, bhttp::status status, std::string_view message,
                    std::string_view server_name = {});
response json_error(const request& req, bhttp::status status, std::string_view message,
                    std::string_view server_name = {});

// The answer to a HEAD request: the body goes, its length stays in Content-Length.
void strip_body_for_head(response& res);

// Text a client sent (a user name, a header) made safe for one log line: control and non-ASCII bytes
// become '?', and past `max` bytes it is cut with "...".
std::string loggable(std::string_view text, std::size_t max = 64);

// "%2F" and "+" decoding; nullopt on a broken escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

}  // namespace pantau::http
