#include "pantau/shared/status_codec.hpp"

#include <optional>

#include "json_reader.hpp"

namespace pantau {

using detail::as_int64;
using detail::make_error;
namespace json = boost::json;

std::string encode_status(const kiosk_status& s) {
  json::object o;
  o["v"] = 1;
  o["state"] = s.state;
  o["version"] = s.version;
  o["backlog"] = s.backlog;
  o["last_seq"] = s.last_seq;
  o["clock"] = s.clock;
  o["camera"] = s.camera;
  o["refused"] = s.refused;
  if (s.clock_offset_ms) o["clock_offset_ms"] = *s.clock_offset_ms;
  if (s.clock_error_ms) o["clock_error_ms"] = *s.clock_error_ms;
  return json::serialize(o);
}

result<kiosk_status> decode_status(std::string_view payload) {
  error err;
  const json::value root = detail::parse_object(payload, err);
  if (!root.is_object()) return err;
  const json::object& obj = root.get_object();

  // The will message may be as short as {"state":"offline"}: "v" is optional, but must be 1 if given.
  if (const json::value* v = obj.if_contains("v"); v != nullptr) {
    if (const auto version = as_int64(*v); !version || *version != 1) {
      return make_error(errc::unsupported_version, "v", "expected 1");
    }
  }
  kiosk_status s;
  const json::value* state = obj.if_contains("state");
  if (state == nullptr) return make_error(errc::missing_field, "state", "required but missing");
  if (!state->is_string() || (state->get_string() != "online" && state->get_string() != "offline")) {
    return make_error(errc::invalid_field, "state", "expected \"online\" or \"offline\"");
  }
  s.state = std::string(state->get_string());

  const auto text = [&obj](std::string_view key, std::string& out) -> std::optional<error> {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_string() || v->get_string().size() > 64) {
      return make_error(errc::invalid_field, key, "expected a string of at most 64 bytes");
    }
    out = std::string(v->get_string());
    return std::nullopt;
  };
  const auto count = [&obj](std::string_view key, std::int64_t& out) -> std::optional<error> {
    const json::value* v = obj.if_contains(key);
    if (v == nullptr) return std::nullopt;
    const auto n = as_int64(*v);
    if (!n || *n < 0) return make_error(errc::invalid_field, key, "expected an integer >= 0");
    out = *n;
    return std::nullopt;
  };
  if (auto e = text("version", s.version)) return *e;
  if (auto e = count("backlog", s.backlog)) return *e;
  if (auto e = count("last_seq", s.last_seq)) return *e;
  if (auto e = text("clock", s.clock)) return *e;
  if (s.clock != "synced" && s.clock != "unsynced") {
    return make_error(errc::invalid_field, "clock", "expected \"synced\" or \"unsynced\"");
  }
  if (auto e = text("camera", s.camera)) return *e;
  if (auto e = count("refused", s.refused)) return *e;
  // A day either way is far beyond anything a kernel slews; larger is a broken reading.
  constexpr std::int64_t day_ms = 86'400'000;
  if (const json::value* v = obj.if_contains("clock_offset_ms"); v != nullptr) {
    const auto n = as_int64(*v);
    if (!n || *n < -day_ms || *n > day_ms)
      return make_error(errc::invalid_field, "clock_offset_ms", "expected an integer within a day either way");
    s.clock_offset_ms = *n;
  }
  if (const json::value* v = obj.if_contains("clock_error_ms"); v != nullptr) {
    const auto n = as_int64(*v);
    if (!n || *n < 0 || *n > day_ms)
      return make_error(errc::invalid_field, "clock_error_ms", "expected an integer from 0 to a day");
    s.clock_error_ms = *n;
  }
  return s;
}

}  // namespace pantau
