#pragma once
// Tamper evidence over the store (DESIGN §10): each kiosk install's events form a chain, every event
// signed by the install's key and naming the SHA-256 of the one before it. Walking one install's chain
// names each event that was edited (its signature no longer holds), filed under another seq than it
// signed (reordered), or is absent although the chain proves it existed (missing). Seqs the hub recorded
// as gaps (never delivered, given up on after a bounded wait) are named too, but as gaps, not as tampering.
// Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pantau/shared/signing.hpp"

namespace pantau::hub {

// One stored message of an install, as the store has it.
struct chain_row {
  std::int64_t stored_seq = 0;  // the store's seq column
  std::string payload;          // the sealed payload, byte for byte as received
  bool rejected = false;        // kept as an authenticated but rejected event
};

// A seq range the hub gave up waiting for ([from, to]).
struct seq_gap {
  std::int64_t from = 0;
  std::int64_t to = 0;
};

enum class chain_problem { altered, reordered, missing, gap };
const char* to_string(chain_problem p);

struct chain_finding {
  chain_problem problem = chain_problem::altered;
  std::int64_t from_seq = 0;  // the seq concerned (a range for missing and gap)
  std::int64_t to_seq = 0;
  std::string detail;  // Bahasa Indonesia / English
};

struct chain_report {
  std::int64_t events = 0;    // rows walked
  std::int64_t last_seq = 0;  // highest seq seen
  std::vector<chain_finding> findings;
  // No altered, reordered or missing event (recorded gaps alone keep the chain intact).
  bool intact() const;
};

// What the latest walk found for one install.
struct chain_state {
  std::string office;
  std::string kiosk;
  std::int64_t epoch = 0;
  std::int64_t checked_ms = 0;
  bool intact = false;
  std::int64_t events = 0;
  std::int64_t last_seq = 0;
  std::int64_t problems = 0;  // altered, reordered or missing
  std::int64_t gaps = 0;
  std::string first_problem;  // the first finding's words, empty when none
};

// `rows` in any order; `key` is the install's public key (absent: signatures cannot be checked, which is
// itself reported as altered for every row — a chain without its key proves nothing).
chain_report audit_chain(const std::vector<chain_row>& rows, const std::optional<signing::public_key>& key,
                         const std::vector<seq_gap>& gaps = {});

}  // namespace pantau::hub
