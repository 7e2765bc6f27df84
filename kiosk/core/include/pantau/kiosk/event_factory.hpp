#pragma once
// Turns what happened (event_data) into the complete wire event of this kiosk: identity, boot,
// monotonic and wall time from the injected clock, clock sync state, a fresh UUID.
// Thread-safety: not thread-safe (owns a UUID generator); one per outbox.
#include <cstdint>
#include <functional>
#include <string>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/uuid.hpp"

namespace pantau::kiosk {

struct kiosk_identity {
  std::string kiosk;
  std::string office;
  std::string boot;  // changes with every boot of the device, so mono_ms can be related to ts
};

// Whether the wall clock can be trusted right now (on a Pi without RTC it may not be yet).
using clock_probe = std::function<clock_state()>;

class event_factory {
 public:
  // `clk` must outlive the factory. An empty probe means the clock is taken as synced.
  event_factory(kiosk_identity identity, const clock& clk, clock_probe probe = {});

  event make(const event_data& data, std::int64_t seq);
  // make() + encode, refusing events the hub would reject for size.
  result<stored_event> make_stored(const event_data& data, std::int64_t seq);

  const kiosk_identity& identity() const { return identity_; }
  const clock& time_source() const { return clock_; }
  clock_state clock_now() const;

 private:
  kiosk_identity identity_;
  const clock& clock_;
  clock_probe probe_;
  uuid_generator uuids_;
};

}  // namespace pantau::kiosk
