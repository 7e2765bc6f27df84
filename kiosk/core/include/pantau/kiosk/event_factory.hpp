#pragma once
// Turns what happened (event_data) into the complete wire event of this kiosk: identity, boot,
// monotonic and wall time from the injected clock, clock sync state, a fresh UUID, the hash of the
// previous event, sealed with the kiosk install's key (DESIGN §10).
// Thread-safety: not thread-safe (owns a UUID generator); one per outbox.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>
#include <string>
#include <string_view>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/signing.hpp"
#include "pantau/shared/uuid.hpp"

namespace pantau::kiosk {

struct kiosk_identity {
  std::string kiosk;
  std::string office;
  std::string boot;  // changes with every boot of the device, so mono_ms can be related to ts
  // The install's signing key ([signing] key_file). Without one events go out unsigned, and a hub
  // takes them for unauthenticated: only tests of the kiosk alone leave it out.
  std::shared_ptr<const signing::secret_key> key;
};

// Whether the wall clock can be trusted right now (on a Pi without RTC it may not be yet).
using clock_probe = std::function<clock_state()>;

class event_factory {
 public:
  // `clk` must outlive the factory. An empty probe means the clock is taken as synced.
  event_factory(kiosk_identity identity, const clock& clk, clock_probe probe = {});

  event make(const event_data& data, std::int64_t seq, std::string_view prev = chain_start);
  // make() + encode + seal, refusing events the hub would reject for size. `prev`: sha256 hex of the
  // previous stored payload of this install (chain_start for the first).
  result<stored_event> make_stored(const event_data& data, std::int64_t seq, std::string_view prev = chain_start);

  // make_stored for a batch that follows `head` (the sha256 hex of the last stored payload, or
  // chain_start), seqs from `first_seq` on; `head` moves to the last new payload's hash. Outboxes call
  // it inside their write so that the chain is fixed when the rows are.
  result<std::vector<stored_event>> make_chain(std::span<const event_data> batch, std::int64_t first_seq,
                                               std::string& head);

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
