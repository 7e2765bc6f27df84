#include "pantau/hub/core/kiosk.hpp"

#include <algorithm>

namespace pantau::hub {

void adopt_key(kiosk_record& record) {
  record.key.reset();
  record.key_id.clear();
  if (record.info.public_key.empty()) return;
  auto parsed = signing::parse_public_key(record.info.public_key);
  if (!parsed) return;  // a registry row the CLI would not have written: nothing verifies against it
  record.key = *parsed;
  record.key_id = signing::key_id(*parsed);
}

std::string kiosk_registry::key(std::string_view office, std::string_view kiosk) {
  std::string k;
  k.reserve(office.size() + kiosk.size() + 1);
  k.append(office).push_back('/');  // '/' never appears in a valid name
  k.append(kiosk);
  return k;
}

void kiosk_registry::put(kiosk_record record) {
  auto k = key(record.info.office, record.info.kiosk);
  records_.insert_or_assign(std::move(k), std::move(record));
}

const kiosk_record* kiosk_registry::find(std::string_view office, std::string_view kiosk) const {
  scratch_.assign(office).push_back('/');
  scratch_.append(kiosk);
  auto it = records_.find(scratch_);
  return it == records_.end() ? nullptr : &it->second;
}

std::vector<kiosk_info> kiosk_registry::list() const {
  std::vector<kiosk_info> out;
  out.reserve(records_.size());
  for (const auto& [k, r] : records_) out.push_back(r.info);
  std::sort(out.begin(), out.end(), [](const kiosk_info& a, const kiosk_info& b) {
    return a.office != b.office ? a.office < b.office : a.kiosk < b.kiosk;
  });
  return out;
}

}  // namespace pantau::hub
