#pragma once
// The outbox port: every event is committed here before anyone is told it happened, and stays until
// the hub's ack covers its seq (docs/delivery.md). The outbox is the only buffer on the way out.
// Thread-safety: one object per thread; other threads and processes open their own.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
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

// Inclusive [from, to], the same shape as ack::acked.
using seq_range = std::pair<std::int64_t, std::int64_t>;

class outbox {
 public:
  virtual ~outbox() = default;

  // Assigns seq and id, stamps identity and time, commits, and only then returns the stored row.
  virtual result<stored_event> append(const event_data& data) = 0;
  // All or nothing in one transaction; rows come back in seq order.
  virtual result<std::vector<stored_event>> append_many(std::span<const event_data> batch) = 0;

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
