#include "pantau/shared/topics.hpp"

#include <array>

namespace pantau::topics {
namespace {

constexpr std::string_view prefix = "pantau/v1/";

constexpr std::array<std::pair<kind, std::string_view>, 4> kind_names{{
    {kind::events, "events"},
    {kind::ack, "ack"},
    {kind::status, "status"},
    {kind::config, "config"},
}};

std::string_view name_of(kind k) {
  for (const auto& [value, name] : kind_names) {
    if (value == k) return name;
  }
  return "events";
}

}  // namespace

std::string make(std::string_view office, std::string_view kiosk, kind k) {
  std::string out;
  const std::string_view tail = name_of(k);
  out.reserve(prefix.size() + office.size() + kiosk.size() + tail.size() + 2);
  out.append(prefix).append(office).append(1, '/').append(kiosk).append(1, '/').append(tail);
  return out;
}

std::optional<parsed> parse(std::string_view topic) {
  if (!topic.starts_with(prefix)) return std::nullopt;
  std::string_view rest = topic.substr(prefix.size());

  const auto first = rest.find('/');
  if (first == std::string_view::npos) return std::nullopt;
  const std::string_view office = rest.substr(0, first);
  rest.remove_prefix(first + 1);

  const auto second = rest.find('/');
  if (second == std::string_view::npos) return std::nullopt;
  const std::string_view kiosk = rest.substr(0, second);
  const std::string_view tail = rest.substr(second + 1);

  // is_valid_name already excludes '+', '#', '/' and empty levels.
  if (!is_valid_name(office) || !is_valid_name(kiosk)) return std::nullopt;
  for (const auto& [value, name] : kind_names) {
    if (tail == name) return parsed{std::string(office), std::string(kiosk), value};
  }
  return std::nullopt;
}

std::string filter(kind k, std::string_view share_group) {
  std::string out;
  if (!share_group.empty()) out.append("$share/").append(share_group).append(1, '/');
  out.append(prefix).append("+/+/").append(name_of(k));
  return out;
}

}  // namespace pantau::topics
