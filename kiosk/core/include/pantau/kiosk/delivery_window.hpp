#pragma once
// The publisher side of docs/delivery.md as a state machine without I/O: which outbox rows to publish
// next, what an ack lets us delete, and when to start again from the oldest unacked event. The caller
// does the reading, publishing and deleting, and passes time in (monotonic ms).
// Thread-safety: not thread-safe; owned by the publisher's loop thread.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/codec.hpp"

namespace pantau::kiosk {

struct delivery_options {
  std::size_t window = 1000;            // published but not yet acked by the hub, at most
  std::int64_t resend_after_ms = 5000;  // no ack progress for this long: start again from the oldest
};

class delivery_window {
 public:
  explicit delivery_window(delivery_options opts);

  // Every (re)connect starts from the lowest seq still in the outbox: the broker may have lost
  // whatever was in flight, and the hub holds back anything after a gap.
  void on_connected();
  void on_disconnected();
  bool connected() const { return connected_; }

  struct fetch_request {
    std::int64_t after_seq = 0;
    std::size_t limit = 0;
    bool operator==(const fetch_request&) const = default;
  };
  // What to read from the outbox next; nothing while disconnected or with the window full.
  std::optional<fetch_request> next_fetch() const;

  // The leading part of `rows` (ascending seq) that may be published now: after the cursor and
  // within the room left in the window.
  std::span<const stored_event> to_publish(std::span<const stored_event> rows) const;
  // Call once the client accepted the publish. Returns false (and changes nothing) for a seq that
  // is not beyond the cursor.
  bool on_published(std::int64_t seq, std::int64_t now_ms);

  struct ack_outcome {
    std::vector<seq_range> remove_ranges;  // delete these outbox rows
    std::vector<std::int64_t> remove_seqs;
    std::vector<rejection> rejected;       // kept by the hub with a reason; worth a log line
    std::size_t released = 0;              // in-flight events this ack covered
    std::size_t ignored = 0;               // ranges/seqs that were malformed or never published
  };
  // Acks only ever cover what this publisher has published: an ack for a seq never sent (a confused
  // or hostile peer) must not delete an event nobody has received.
  ack_outcome on_ack(const ack& a, std::int64_t now_ms);

  // True when a resend started: the oldest in-flight event got no ack progress for resend_after_ms
  // (or waited 4x that in any case), so in-flight is forgotten and publishing restarts from the
  // lowest seq still in the outbox.
  bool on_tick(std::int64_t now_ms);
  // When on_tick would next start a resend; nothing while nothing is in flight.
  std::optional<std::int64_t> resend_due_ms() const;

  std::size_t in_flight() const { return in_flight_.size(); }
  std::size_t room() const;
  std::int64_t cursor() const { return cursor_; }
  std::int64_t highest_published() const { return highest_published_; }
  std::uint64_t resends() const { return resends_; }
  const delivery_options& options() const { return opts_; }

 private:
  void restart();

  delivery_options opts_;
  bool connected_ = false;
  std::map<std::int64_t, std::int64_t> in_flight_;  // seq -> monotonic ms when published
  std::int64_t cursor_ = 0;                         // highest seq published since the last restart
  std::int64_t highest_published_ = 0;              // highest seq ever published by this object
  std::int64_t last_progress_ms_ = 0;               // when an ack last released an in-flight event
  std::uint64_t resends_ = 0;
};

}  // namespace pantau::kiosk
