#include "pantau/kiosk/event_factory.hpp"

#include <utility>

#include "pantau/shared/codec.hpp"

namespace pantau::kiosk {

event_factory::event_factory(kiosk_identity identity, const clock& clk, clock_probe probe)
    : identity_(std::move(identity)), clock_(clk), probe_(std::move(probe)) {}

clock_state event_factory::clock_now() const { return probe_ ? probe_() : clock_state::synced; }

event event_factory::make(const event_data& data, std::int64_t seq) {
  event e;
  e.id = uuids_.next();
  e.kiosk = identity_.kiosk;
  e.office = identity_.office;
  e.seq = seq;
  e.boot = identity_.boot;
  e.mono_ms = clock_.monotonic_ms();
  e.ts_ms = clock_.utc_ms();
  e.clock = clock_now();
  e.data = data;
  return e;
}

result<stored_event> event_factory::make_stored(const event_data& data, std::int64_t seq) {
  event e = make(data, seq);
  std::string payload = encode_event(e);
  if (payload.size() > max_event_bytes)
    return error{errc::too_large, "event of " + std::to_string(payload.size()) + " bytes exceeds the " +
                                  std::to_string(max_event_bytes) + "-byte limit"};
  return stored_event{seq, std::move(e.id), std::move(payload)};
}

}  // namespace pantau::kiosk
