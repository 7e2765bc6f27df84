#include "pantau/kiosk/event_factory.hpp"

#include <utility>

#include "pantau/shared/codec.hpp"
#include "pantau/shared/sha256.hpp"

namespace pantau::kiosk {

event_factory::event_factory(kiosk_identity identity, const clock& clk, clock_probe probe)
    : identity_(std::move(identity)), clock_(clk), probe_(std::move(probe)) {}

clock_state event_factory::clock_now() const { return probe_ ? probe_() : clock_state::synced; }

event event_factory::make(const event_data& data, std::int64_t seq, std::string_view prev) {
  event e;
  e.id = uuids_.next();
  e.kiosk = identity_.kiosk;
  e.office = identity_.office;
  e.seq = seq;
  e.prev = std::string(prev);
  e.boot = identity_.boot;
  e.mono_ms = clock_.monotonic_ms();
  e.ts_ms = clock_.utc_ms();
  e.clock = clock_now();
  e.data = data;
  return e;
}

result<stored_event> event_factory::make_stored(const event_data& data, std::int64_t seq, std::string_view prev) {
  event e = make(data, seq, prev);
  std::string payload = encode_event(e);
  // The limit is on what the hub decodes: the signed bytes, without the signature.
  if (payload.size() > max_event_bytes)
    return error{errc::too_large, "event of " + std::to_string(payload.size()) + " bytes exceeds the " +
                                  std::to_string(max_event_bytes) + "-byte limit"};
  if (identity_.key) payload = signing::seal(payload, *identity_.key);
  return stored_event{seq, std::move(e.id), std::move(payload)};
}

result<std::vector<stored_event>> event_factory::make_chain(std::span<const event_data> batch,
                                                           std::int64_t first_seq, std::string& head) {
  std::vector<stored_event> rows;
  rows.reserve(batch.size());
  std::string next = head.empty() ? std::string(chain_start) : head;
  for (const auto& data : batch) {
    auto row = make_stored(data, first_seq + static_cast<std::int64_t>(rows.size()), next);
    if (!row) return row.err();
    next = sha256_hex(row->payload);
    rows.push_back(std::move(row).value());
  }
  head = std::move(next);
  return rows;
}

}  // namespace pantau::kiosk
