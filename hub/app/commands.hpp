#pragma once
// One-shot administration commands of pantau-hub (DESIGN §9), run instead of the service:
//   pantau-hub --config hub.toml user add NAME --role admin|supervisor|viewer [--unit UNIT ...] --password-stdin
//   pantau-hub --config hub.toml kiosk add OFFICE KIOSK
//   pantau-hub --config hub.toml aggregates rebuild
//   pantau-hub --config hub.toml badge NIP --keyring FILE [--key-id ID] [--expiry YYYYMMDD] [--out FILE.png]
//   pantau-hub --config hub.toml broker-config --out DIR --ca-file F --cert-file F --key-file F [...]
// Each returns the process exit code: 0 done, 2 bad input, 1 the store failed.
// Thread-safety: run from main() only.
#include <iosfwd>
#include <string>
#include <vector>

#include "pantau/hub/hub_config.hpp"
#include "pantau/shared/clock.hpp"

namespace pantau::hub::app {

struct user_add_args {
  std::string name;
  std::string role;
  std::vector<std::string> units;
  bool password_stdin = false;
};

int user_add(const hub_config& cfg, const pantau::clock& clock, const user_add_args& args, std::istream& in,
             std::ostream& out,
             std::ostream& err);
// Registers a kiosk; `public_key` (base64, or "@FILE" holding it; empty: none) registers or replaces
// its signing key, a replacement starting a new epoch.
int kiosk_add(const hub_config& cfg, const pantau::clock& clock, const std::string& office, const std::string& kiosk,
              const std::string& public_key, std::ostream& out, std::ostream& err);

// Makes an Ed25519 key pair: the secret (0600) and the public key, base64 on one line each. Refuses
// to overwrite either file.
int keygen(const std::string& secret_file, const std::string& public_file, std::ostream& out, std::ostream& err);

struct badge_args {
  std::string nip;
  std::string keyring;  // the same key file the kiosks verify with
  std::string key_id;   // empty: the keyring's only key
  std::string expiry;   // empty: 31 December of next year
  std::string out;      // empty: badge-<NIP>.png
};

// Recomputes every day aggregate from the stored events (after a load with [ingest] aggregates = false).
int aggregates_rebuild(const hub_config& cfg, std::ostream& out, std::ostream& err);

// Signs a badge for an employee of the organisation and writes the card PNG.
int badge_issue(const hub_config& cfg, const pantau::clock& clock, const badge_args& args, std::ostream& out,
                std::ostream& err);

// ---- broker-config: the fleet's mosquitto (hub/core/broker_config.hpp) ---------------------------

struct broker_config_args {
  std::string out;  // the folder that gets mosquitto.conf and pantau.acl
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string bind = "0.0.0.0";
  int port = 8883;
  std::string hub_identity = "pantau-hub";
  std::string persistence;  // empty: none
  std::string user;         // mosquitto's `user`; empty: its default
  int message_size_limit = 65536;
};

// Writes DIR/mosquitto.conf and DIR/pantau.acl for every kiosk registered in the store.
int broker_config(const hub_config& cfg, const broker_config_args& args, std::ostream& out, std::ostream& err);

}  // namespace pantau::hub::app
