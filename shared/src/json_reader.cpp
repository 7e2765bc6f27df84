#include "json_reader.hpp"

#include <limits>

namespace pantau::detail {

error make_error(errc code, std::string_view path, std::string_view what) {
  std::string msg = "field \"";
  msg.append(path).append("\": ").append(what);
  return error{code, std::move(msg)};
}

std::optional<std::int64_t> as_int64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

json::value parse_object(std::string_view payload, error& err) {
  json::error_code ec;
  json::value v = json::parse(json::string_view(payload.data(), payload.size()), ec);
  if (ec || !v.is_object()) {
    err = error{errc::invalid_json, "payload: expected a JSON object"};
    return nullptr;
  }
  return v;
}

}  // namespace pantau::detail
