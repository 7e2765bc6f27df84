#include "pantau/shared/ack_codec.hpp"

#include <algorithm>
#include <limits>

#include "json_reader.hpp"

namespace pantau {

using detail::as_int64;
using detail::make_error;
namespace json = boost::json;

std::string encode_ack(const ack& a) {
  json::array acked;
  acked.reserve(a.acked.size());
  for (const auto& [from, to] : a.acked) acked.push_back(json::array{from, to});
  json::array rejected;
  rejected.reserve(a.rejected.size());
  for (const auto& r : a.rejected) {
    json::object o;
    o["seq"] = r.seq;
    o["error"] = r.error;
    rejected.push_back(std::move(o));
  }
  json::object o;
  o["v"] = 1;
  if (!a.office.empty()) o["office"] = a.office;
  if (!a.kiosk.empty()) o["kiosk"] = a.kiosk;
  if (!a.key.empty()) o["key"] = a.key;
  o["acked"] = std::move(acked);
  o["rejected"] = std::move(rejected);
  return json::serialize(o);
}

// Unknown keys are ignored in acks and statuses: both ends are Pantau programs, and an older kiosk
// must keep working against a newer hub that adds a field.
result<ack> decode_ack(std::string_view payload) {
  error err;
  const json::value root = detail::parse_object(payload, err);
  if (!root.is_object()) return err;
  const json::object& obj = root.get_object();

  const json::value* v = obj.if_contains("v");
  if (v == nullptr) return make_error(errc::missing_field, "v", "required but missing");
  if (const auto version = as_int64(*v); !version || *version != 1) {
    return make_error(errc::unsupported_version, "v", "expected 1");
  }
  ack a;
  for (auto [name, out] : {std::pair<std::string_view, std::string*>{"office", &a.office}, {"kiosk", &a.kiosk},
                           {"key", &a.key}}) {
    const json::value* item = obj.if_contains(name);
    if (item == nullptr) continue;
    if (!item->is_string() || item->get_string().size() > 64)
      return make_error(errc::invalid_field, name, "expected a string of at most 64 bytes");
    *out = std::string(item->get_string());
  }
  if (const json::value* acked = obj.if_contains("acked"); acked != nullptr) {
    if (!acked->is_array()) return make_error(errc::invalid_field, "acked", "expected an array of [from,to] pairs");
    for (const json::value& item : acked->get_array()) {
      const json::array* pair = item.if_array();
      if (pair == nullptr || pair->size() != 2) {
        return make_error(errc::invalid_field, "acked", "expected an array of [from,to] pairs");
      }
      const auto from = as_int64((*pair)[0]);
      const auto to = as_int64((*pair)[1]);
      if (!from || !to || *from < 1 || *from > *to) {
        return make_error(errc::invalid_field, "acked", "expected ranges [from,to] with 1 <= from <= to");
      }
      a.acked.emplace_back(*from, *to);
    }
  }
  if (const json::value* rejected = obj.if_contains("rejected"); rejected != nullptr) {
    if (!rejected->is_array()) {
      return make_error(errc::invalid_field, "rejected", "expected an array of {\"seq\":n,\"error\":\"...\"}");
    }
    for (const json::value& item : rejected->get_array()) {
      const json::object* ro = item.if_object();
      const json::value* seq = ro != nullptr ? ro->if_contains("seq") : nullptr;
      const json::value* what = ro != nullptr ? ro->if_contains("error") : nullptr;
      const auto n = seq != nullptr ? as_int64(*seq) : std::nullopt;
      if (!n || *n < 1 || what == nullptr || !what->is_string()) {
        return make_error(errc::invalid_field, "rejected", "expected items {\"seq\":n >= 1,\"error\":\"...\"}");
      }
      a.rejected.push_back(rejection{*n, std::string(what->get_string())});
    }
  }
  return a;
}

std::vector<std::pair<std::int64_t, std::int64_t>> to_ranges(std::vector<std::int64_t> seqs) {
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (const std::int64_t s : seqs) {
    if (!out.empty() && out.back().second != std::numeric_limits<std::int64_t>::max() &&
        out.back().second + 1 == s) {
      out.back().second = s;
    } else {
      out.emplace_back(s, s);
    }
  }
  return out;
}

}  // namespace pantau
