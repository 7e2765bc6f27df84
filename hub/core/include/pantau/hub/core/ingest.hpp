#pragma once
// The hub's delivery decisions (docs/delivery.md "Hub"), sans I/O: a batch of MQTT messages in, the
// write set and the acks to publish after COMMIT out. The caller runs the store in between.
// Thread-safety: not thread-safe; one ingest worker owns it.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/kiosk.hpp"
#include "pantau/hub/core/metrics.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/event.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {

struct inbound_message {
  std::string_view topic;
  std::string_view payload;
  std::int64_t received_ms = 0;  // UTC, stored with the event
  std::int64_t arrival_us = 0;   // monotonic, only for the ack latency
  bool retained = false;         // delivered from the broker's retained store, not live
};

struct ingest_options {
  // How long a first contact waits for the kiosk's oldest event (as its status reports it) before
  // accepting whatever comes: a status that does not fit must not block a kiosk for good.
  std::int64_t first_contact_hold_ms = 30'000;
  // An authenticated seq further than this past the kiosk's cursor is rejected without moving it
  // ([ingest] max_seq_ahead): far above any kiosk's window, far below what could overflow.
  std::int64_t max_seq_ahead = 100'000;
  // How long later seqs are held back waiting for a missing one (a kiosk resends it unless it can no
  // longer produce it) before the missing range is recorded as a gap and the later ones accepted.
  std::int64_t gap_wait_ms = 600'000;
  // Unauthenticated messages are logged at most once per kiosk and reason in this long, with a count.
  std::int64_t unauthenticated_log_ms = 60'000;
  // A registered kiosk whose message does not verify: the store is asked for a newer key (`kiosk add`
  // while the hub runs) at most this often, so forgeries cannot turn into store reads.
  std::int64_t key_recheck_ms = 10'000;
  // Threads that check a batch's signatures ahead of the decisions (pure CPU work on copies of the
  // keys; the decisions stay on the owner's thread). 0: one per hardware thread.
  unsigned verify_threads = 0;
};

// The ack for one kiosk, to publish after the batch committed.
struct kiosk_ack {
  std::string office;
  std::string kiosk;
  pantau::ack body;
  std::vector<std::int64_t> arrivals_us;  // of the events it covers
};

// Something an operator should see in the log (the core does not log).
struct ingest_note {
  enum class level { debug, info, warn };
  level lvl = level::warn;
  std::string text;
};

// Decisions for one batch. Reuse one across batches: the buffers keep their capacity.
struct batch_plan {
  write_set writes;
  std::vector<kiosk_ack> acks;
  std::vector<ingest_note> notes;
  std::vector<pantau::event> decoded;  // owns what writes.events point at
  std::uint64_t duplicates = 0;  // known duplicates (in the batch or already stored)
  std::uint64_t held_back = 0;
  std::uint64_t bad_topic = 0;
  std::uint64_t status = 0;
  std::uint64_t status_invalid = 0;
  std::uint64_t events_received = 0;
  std::uint64_t unauthenticated = 0;
  std::uint64_t gaps_recorded = 0;
  void clear();
};

// Result counts of a committed batch.
struct batch_summary {
  std::uint64_t stored = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t rejected = 0;
  std::uint64_t held_back = 0;
};

class ingest {
 public:
  using id_lookup = std::function<result<bool>(std::string_view id)>;
  using kiosk_lookup = std::function<result<std::optional<kiosk_info>>(std::string_view office, std::string_view kiosk)>;

  // What the codec cannot know, asked of each decoded, authentic event (the organisation's rules, e.g.
  // check_profile): a reason rejects it like a decoding error, acked with that reason.
  using event_check = std::function<std::optional<error>(const pantau::event& e)>;

  ingest(ingest_options options, metrics& m);

  // Set before the first decide(); empty: no check.
  void set_event_check(event_check check) { check_ = std::move(check); }

  // Replaces the registry with what the store holds (at start).
  void load(std::vector<kiosk_info> kiosks);

  // Decides every message in arrival order. An event is verified with its kiosk's key before anything
  // of it is read; what does not verify is set aside, never acked. Does not change the registry: a
  // failed write leaves the hub exactly as before. `known` is asked only when a kiosk's seq goes back
  // (reinstall or resend); `registered` for a kiosk the registry does not hold (registered in the
  // store meanwhile: adopted) and, rate-limited, for one whose key no longer verifies (a new key
  // registered meanwhile). A failed lookup fails the batch (nothing is acked).
  result<bool> decide(std::span<const inbound_message> batch, const id_lookup& known, batch_plan& plan,
                      const kiosk_lookup& registered = {});

  // The store committed `plan.writes` (the plan of the last decide): the registry moves on, the
  // counters count. When the write failed, simply do not call it.
  batch_summary committed(const batch_plan& plan, const write_outcome& outcome);

  const kiosk_registry& registry() const { return registry_; }
  const ingest_options& options() const { return options_; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::size_t touch_kiosk(std::string_view office, std::string_view kiosk, std::int64_t now_ms);
  std::size_t ack_for(const kiosk_record& k, batch_plan& plan);
  // The signed bytes of `m` (in open_scratch_), or why they are not authentic.
  // Parses every message's topic (into topics_, for decide()) and opens every event's and status's
  // signature with its kiosk's current key, spread over verify_threads; authenticate() uses the
  // outcome when the key is still the same.
  result<bool> check_signatures_ahead(std::span<const inbound_message> batch);
  std::optional<metrics::unauthenticated> authenticate(const inbound_message& m, std::size_t index, std::size_t ki,
                                                        std::string_view& signed_bytes);
  void set_aside(const inbound_message& m, std::string_view office, std::string_view kiosk,
                 metrics::unauthenticated why, batch_plan& plan);
  bool hold_first_contact(kiosk_record& k, std::int64_t seq, std::int64_t now_ms) const;
  // Whether a seq past a missing one waits; after gap_wait_ms it does not, and the missing range
  // becomes a recorded gap.
  bool hold_for_missing(kiosk_record& k, std::int64_t seq, std::int64_t now_ms, batch_plan& plan);
  void finish_plan(batch_plan& plan);
  // The cursor moves to `seq`: nothing is held back for this kiosk any more.
  static void advance(kiosk_record& k, std::int64_t seq);
  void count_off_gap(kiosk_info& k, std::int64_t seq);
  void on_status(const inbound_message& m, std::size_t index, std::string_view office, std::string_view kiosk,
                 batch_plan& plan);

  ingest_options options_;
  metrics& metrics_;
  event_check check_;
  kiosk_registry registry_;

  // Per batch (cleared by decide): the kiosks touched, with their state as the batch goes on.
  struct touched_extra {
    bool is_new = false;
    std::uint64_t held = 0;
    std::int64_t held_min = 0;
    std::int64_t held_max = 0;
  };
  std::vector<kiosk_record> touched_;
  std::vector<touched_extra> extra_;
  std::unordered_map<std::string, std::size_t> touched_index_;
  const kiosk_lookup* registered_ = nullptr;  // during decide()
  std::optional<error> lookup_error_;
  std::string key_;
  std::unordered_map<std::string, std::size_t> ack_index_;
  std::unordered_set<std::string_view> batch_ids_;
  std::vector<std::vector<std::int64_t>> acked_seqs_;
  std::string open_scratch_;
  struct precheck {
    bool done = false;
    signing::public_key key;
    bool ok = false;
    bool not_sealed = false;
    std::string scratch;
    std::string_view body;  // into scratch
  };
  std::vector<precheck> prechecks_;  // per message of the batch
  std::vector<std::optional<topics::parsed>> topics_;  // per message of the batch
  std::vector<std::size_t> to_check_;
  std::unordered_map<std::string, std::size_t> aside_index_;  // sha256 -> plan.writes.unauthenticated
  // Rate limit of the unauthenticated log lines, per kiosk/reason (bounded; the rest share one).
  struct log_window {
    std::int64_t since_ms = 0;
    std::uint64_t unlogged = 0;
    bool logged_once = false;
  };
  std::unordered_map<std::string, log_window> aside_log_;
};

}  // namespace pantau::hub
