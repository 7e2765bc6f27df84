#pragma once
// What the hub knows about one kiosk, and the in-memory registry of them.
// Thread-safety: kiosk_info is a plain value; kiosk_registry is not thread-safe (the ingest worker
// owns it; other threads read the store).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pantau/shared/signing.hpp"

namespace pantau::hub {

// Seqs of the kiosk's current epoch the hub gave up waiting for (DESIGN §10): later events were
// accepted past them. `missing` of them are still not stored; one that arrives later is stored as
// usual and counted off, and the gap is closed when none is missing.
struct open_gap {
  std::int64_t from_seq = 0;
  std::int64_t to_seq = 0;
  std::int64_t missing = 0;
  std::int64_t recorded_ms = 0;  // hub clock (UTC ms)
  bool operator==(const open_gap&) const = default;
};

struct kiosk_info {
  std::string office;
  std::string kiosk;
  std::int64_t registered_ms = 0;
  std::string state = "online";  // online | offline, from the kiosk's status (its will says offline)
  std::string version;
  std::int64_t backlog = 0;       // outbox rows, as the kiosk last reported
  std::int64_t last_seq = 0;      // highest seq the hub accepted (stored or rejected); 0: none yet
  std::int64_t events = 0;        // distinct events stored from this kiosk
  std::int64_t last_seen_ms = 0;  // last message from the kiosk itself; 0: never
  std::string clock;
  // The kiosk kernel's clock offset and maximum error (ms) from its last status; none: not reported.
  std::optional<std::int64_t> clock_offset_ms;
  std::optional<std::int64_t> clock_error_ms;
  std::string camera;
  // The install's Ed25519 public key (base64; empty: none registered, nothing it sends is accepted)
  // and its epoch: each new key starts one, and with it a new seq cursor (DESIGN §10).
  std::string public_key;
  std::int64_t epoch = 0;
  std::vector<open_gap> gaps;  // open gaps of this epoch, oldest first
  bool operator==(const kiosk_info&) const = default;
};

// The registry entry: the stored row plus what only matters while the hub runs.
struct kiosk_record {
  kiosk_info info;
  // From the kiosk's last "online" status: lets a first contact start at the kiosk's oldest
  // unacked event instead of wherever the stream happened to be when the hub subscribed.
  bool has_report = false;
  std::int64_t reported_last_seq = 0;
  std::int64_t reported_backlog = 0;
  std::int64_t first_hold_since_ms = -1;  // first contact held back since (received_ms); -1: not
  std::int64_t gap_wait_since_ms = -1;    // later seqs held back waiting for a missing one since; -1: not
  // info.public_key parsed (by adopt_key); empty when there is none or it does not parse.
  std::optional<signing::public_key> key;
  std::string key_id;
  std::int64_t key_checked_ms = 0;  // when the store was last asked for a newer key (received_ms)
};

// Fills record.key and record.key_id from record.info.public_key.
void adopt_key(kiosk_record& record);

// Registered kiosks by (office, kiosk).
class kiosk_registry {
 public:
  void clear() { records_.clear(); }
  void put(kiosk_record record);
  const kiosk_record* find(std::string_view office, std::string_view kiosk) const;
  std::size_t size() const { return records_.size(); }
  // Sorted by office, then kiosk.
  std::vector<kiosk_info> list() const;

  static std::string key(std::string_view office, std::string_view kiosk);

 private:
  std::unordered_map<std::string, kiosk_record> records_;
  mutable std::string scratch_;  // lookups reuse one key buffer instead of allocating
};

}  // namespace pantau::hub
