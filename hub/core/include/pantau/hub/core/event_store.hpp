#pragma once
// Storage ports of the hub (DESIGN §2): what the ingest needs from a store, and what readers need.
// The SQLite adapter implements both; a PostgreSQL one can follow. Thread-safety: see each class.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/clock_rebase.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// An accepted event; `payload` is the text exactly as received (it stays alive until the write ends).
struct event_row {
  const pantau::event* ev = nullptr;
  std::string_view payload;
  std::int64_t received_ms = 0;
  std::size_t kiosk = 0;  // index into write_set::kiosks
  bool fills_gap = false;  // its seq lies in one of the kiosk's open gaps: counted off it when inserted
};

// A range of seqs the hub stopped waiting for (kiosk_info::gaps), recorded once.
struct gap_row {
  std::string office;
  std::string kiosk;
  std::int64_t epoch = 0;
  std::int64_t from_seq = 0;
  std::int64_t to_seq = 0;
  std::int64_t recorded_ms = 0;
};

// A rejected event kept aside with its reason (delivery.md: the kiosk is told, the hub keeps it).
struct rejected_row {
  std::string office;  // from the topic: who sent it and is acked
  std::string kiosk;
  std::int64_t seq = 0;  // 0: not recoverable from the payload (stored as NULL)
  std::string id;        // empty: not recoverable (stored as NULL)
  errc reason{};         // decoder code, topic_mismatch or seq_out_of_window (always authenticated)
  std::string message;
  std::string_view payload;  // may be invalid UTF-8: stored as a blob
  std::int64_t received_ms = 0;
  std::int64_t epoch = 0;    // the kiosk's key epoch it was signed under (its chain, `pantau-hub verify`)
};

// A message on an events topic that did not authenticate (DESIGN §10): never an event, never acked,
// kept aside capped. One row per distinct payload (by sha256) with how often it came.
struct unauthenticated_row {
  std::string topic;        // at most 256 bytes of it
  std::string reason;       // metrics::unauthenticated_reasons
  std::string_view payload; // the store keeps at most its first 4 KiB
  std::string sha256;       // of the whole payload
  std::int64_t count = 1;   // in this batch
  std::int64_t received_ms = 0;  // the first in this batch
  std::int64_t last_ms = 0;
};

// The full registry row of a kiosk after the batch. `info.events` is not written as is: the store
// adds the number of event_rows it actually inserted for this kiosk.
struct kiosk_row {
  kiosk_info info;
  bool is_new = false;
};

// Everything one batch writes, in one transaction.
struct write_set {
  std::vector<event_row> events;
  std::vector<rejected_row> rejected;
  std::vector<unauthenticated_row> unauthenticated;
  std::vector<gap_row> gaps;
  std::vector<kiosk_row> kiosks;
  void clear() {
    events.clear();
    gaps.clear();
    rejected.clear();
    unauthenticated.clear();
    kiosks.clear();
  }
};

struct write_outcome {
  // Per write_set::events entry: 1 when inserted, 0 when its id was already stored (a duplicate).
  std::vector<std::uint8_t> inserted;
  // Check-ins and check-outs the batch re-based (their old and new times).
  std::vector<moved_attendance> moved;
};

// Thread-safety: not thread-safe; one ingest worker uses it.
class event_store {
 public:
  virtual ~event_store() = default;
  // With each kiosk's open gaps of its current epoch.
  virtual result<std::vector<kiosk_info>> load_kiosks() = 0;
  // Whether an event id is already stored (asked only for the rare seq-went-back case).
  virtual result<bool> contains_event(std::string_view id) = 0;
  // The stored row of one kiosk, or nothing: asked for a kiosk the running hub does not know, since
  // `pantau-hub kiosk add` registers kiosks in the file while the hub runs.
  virtual result<std::optional<kiosk_info>> find_kiosk(std::string_view office, std::string_view kiosk) = 0;
  // All of `batch` in one transaction, or nothing (then the error).
  virtual result<write_outcome> write(const write_set& batch) = 0;
};

// Registers kiosks ahead of their first message (hub.toml auto_register = false), from the CLI or
// the admin API; the running hub adopts them at their first message. Thread-safety: implementations
// must be safe from any thread.
class kiosk_enrolment {
 public:
  virtual ~kiosk_enrolment() = default;
  struct enrolled {
    kiosk_info kiosk;  // as stored afterwards
    bool added = false;  // false: it was already registered
    bool key_changed = false;  // a key was given that the kiosk did not have: a new epoch began
  };
  // `public_key` (base64; empty: leave the key as it is) replaces the kiosk's key: a new install, so a
  // new epoch whose seqs start again at 1, and the old key is retired.
  virtual result<enrolled> enrol(std::string_view office, std::string_view kiosk, std::int64_t now_ms,
                                 std::string_view public_key) = 0;
};

// Read side for the HTTP API. Thread-safety: implementations must be safe from any thread.
class kiosk_directory {
 public:
  virtual ~kiosk_directory() = default;
  virtual result<std::vector<kiosk_info>> list_kiosks() = 0;
  // A cheap round trip to the store, for /healthz.
  virtual bool healthy() = 0;
};

}  // namespace pantau::hub
