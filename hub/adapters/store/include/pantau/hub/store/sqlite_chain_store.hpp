#pragma once
// The store's side of tamper evidence: each kiosk install's stored messages (events and authenticated
// rejected ones) with the key of its epoch and the gaps the hub recorded, for `pantau-hub verify`; and
// the outcome of the latest walk per install, which the fleet view shows.
// Thread-safety: safe from any thread (one mutex around the connection).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pantau/hub/core/chain_audit.hpp"
#include "pantau/shared/result.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau::hub {

// One kiosk install: a kiosk under one key (DESIGN §10: each new key starts an epoch).
struct kiosk_install {
  std::string office;
  std::string kiosk;
  std::int64_t epoch = 0;
  std::optional<signing::public_key> key;  // empty: no key known for this epoch
};

class sqlite_chain_store {
 public:
  // The file must exist with its schema (sqlite_store::open made it); adds the audit's own table.
  static result<std::unique_ptr<sqlite_chain_store>> open(const std::string& path);
  ~sqlite_chain_store();
  sqlite_chain_store(const sqlite_chain_store&) = delete;
  sqlite_chain_store& operator=(const sqlite_chain_store&) = delete;

  // Every install that has a key or stored messages, by office, kiosk and epoch.
  result<std::vector<kiosk_install>> installs();
  result<std::vector<chain_row>> rows(const kiosk_install& install);
  result<std::vector<seq_gap>> gaps(const kiosk_install& install);
  // Keeps `report` as the install's latest walk.
  result<bool> record(const kiosk_install& install, const chain_report& report, std::int64_t checked_ms);
  // The latest walk of each install of (office, kiosk)'s current epoch; none yet: absent.
  result<std::vector<chain_state>> latest();

 private:
  struct impl;
  explicit sqlite_chain_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
