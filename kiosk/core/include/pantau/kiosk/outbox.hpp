#pragma once
// The outbox port: every event is committed here before anyone is told it happened, and stays until
// the hub's ack covers its seq (docs/delivery.md). The outbox is the only buffer on the way out.
// Thread-safety: one object per thread; other threads and processes open their own.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct stored_event {
  std::int64_t seq = 0;
  std::string id;
  std::string payload;  // the encoded event, byte for byte what gets published
  bool operator==(const stored_event&) const = default;
};

// A small piece of the kiosk's own state that must be exactly as durable as the events that led to it
// (the ticket number that goes with a committed "service start"): kept under `key` in the outbox file,
// so one transaction holds both and a crash cannot keep one without the other. Generic on purpose:
// each part of the kiosk that remembers something across a restart uses its own key.
struct state_note {
  std::string key;
  std::string value;
};

// Inclusive [from, to], the same shape as ack::acked.
using seq_range = std::pair<std::int64_t, std::int64_t>;

class outbox {
 public:
  virtual ~outbox() = default;

  // Assigns seq and id, stamps identity and time, commits, and only then returns the stored row.
  virtual result<stored_event> append(const event_data& data) = 0;
  // All or nothing in one transaction; rows come back in seq order.
  virtual result<std::vector<stored_event>> append_many(std::span<const event_data> batch) = 0;
  // append_many plus `note` (when given) in the same transaction: all of it or none of it. An empty
  // batch with a note stores only the note. An outbox that keeps no state refuses (code "unsupported").
  virtual result<std::vector<stored_event>> append_with_state(std::span<const event_data> batch,
                                                              const state_note* note) {
    if (note == nullptr) return append_many(batch);
    return error{errc::unsupported, "this outbox keeps no state"};
  }
  // The value last stored under `key`; empty when there is none.
  virtual result<std::optional<std::string>> read_state(std::string_view /*key*/) {
    return std::optional<std::string>{};
  }

  // Rows with seq > after_seq, ascending, at most `limit`.
  virtual result<std::vector<stored_event>> pending(std::int64_t after_seq, std::size_t limit) = 0;
  // Deletes rows inside any range or listed in seqs; rows already gone are fine. Returns rows deleted.
  virtual result<std::int64_t> remove(std::span<const seq_range> ranges,
                                      std::span<const std::int64_t> seqs) = 0;

  virtual result<std::int64_t> backlog() = 0;   // rows not yet acked
  virtual result<std::int64_t> last_seq() = 0;  // highest seq ever handed out; 0 before the first
  virtual const std::string& install_id() const = 0;
};

}  // namespace pantau::kiosk
