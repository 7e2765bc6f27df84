#pragma once
// Real peers for the integration tests: a mosquitto of the test's own on a loopback port, the built
// pantau-hub and pantau-kiosk programs, an HTTP client and an SQLite reader.
// Thread-safety: none; each object belongs to the test that made it.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pantau/test/process.hpp"
#include "pantau/test/test_clock.hpp"

namespace pantau::test {

// A TLS listener instead of plain TCP: mosquitto's cafile, certfile, keyfile (PEM).
struct broker_tls {
  std::filesystem::path ca_file;    // clients' certificates must chain to it
  std::filesystem::path cert_file;  // the broker's own certificate and key
  std::filesystem::path key_file;
  bool require_certificate = true;  // clients without a certificate from ca_file are turned away
};

class mosquitto_broker {
 public:
  explicit mosquitto_broker(std::filesystem::path dir, std::uint16_t port = 0);
  mosquitto_broker(std::filesystem::path dir, broker_tls tls, std::uint16_t port = 0);
  // Runs a configuration file written elsewhere (e.g. by `pantau-hub broker-config`) whose one
  // listener is a TLS one on 127.0.0.1:`port`.
  static mosquitto_broker from_config(std::filesystem::path dir, std::filesystem::path config_file,
                                      std::uint16_t port);
  void start();
  void kill_hard();  // SIGKILL
  void stop();
  std::uint16_t port() const { return port_; }
  // tcp://127.0.0.1:<port>, or mqtts://127.0.0.1:<port> with a TLS listener.
  std::string url() const;
  const child_process& proc() const { return proc_; }

 private:
  std::filesystem::path dir_;
  std::uint16_t port_;
  std::optional<broker_tls> tls_;
  std::filesystem::path config_file_;  // empty: written by start()
  child_process proc_;
};

// The test fleet's keys (DESIGN §10), the same every run: every hub_process seals with the hub key,
// every kiosk_process and wire_kiosk signs with its own, derived from its office and id.
std::string test_hub_public_key();                                           // base64
std::string test_kiosk_secret_key(const std::string& office, const std::string& kiosk);  // base64
std::string test_kiosk_public_key(const std::string& office, const std::string& kiosk);  // base64
// Adds a kiosk to the test fleet: every hub_process with auto_register (now or later) registers it
// with its public key, as provisioning does with `pantau-hub kiosk add --public-key`.
void enrol_in_test_fleet(const std::string& office, const std::string& kiosk);

struct hub_options {
  // The harness registers every kiosk of the test fleet with this hub (the hub itself no longer
  // registers anyone); false: the test registers kiosks itself.
  bool auto_register = true;
  int batch_max = 2000;
  bool aggregates = true;  // [ingest] aggregates
  std::string extra_toml;  // appended verbatim
  std::string http_toml;   // more keys of [http], e.g. "max_connections = 4\n"
  // Created with `pantau-hub user add` before the first start; empty name: no account.
  std::string admin_user = "admin";
  std::string admin_password = "pantau-test-admin";
  // The hub's wall clock (PANTAU_CLOCK_OFFSET_MS): the suite's instant unless the test picks another.
  std::int64_t clock_offset_ms = suite_clock().offset_ms();
};

class hub_process {
 public:
  hub_process(std::filesystem::path dir, std::string mqtt_url, hub_options opts = {});
  ~hub_process();
  hub_process(const hub_process&) = delete;
  hub_process& operator=(const hub_process&) = delete;
  // `pantau-hub kiosk add OFFICE KIOSK --public-key <its test key>` unless done already.
  void enrol(const std::string& office, const std::string& kiosk);
  void start();  // creates the admin account the first time, returns once /healthz answers
  void kill_hard();
  int stop();    // SIGTERM, returns exit status
  // Runs `pantau-hub --config ... user add NAME --role ROLE [--unit U]... --password-stdin` to the end;
  // returns its exit code (-1 if it did not exit) and, in `output`, what it printed.
  int add_user(const std::string& name, const std::string& role, const std::vector<std::string>& units,
               const std::string& password, std::string* output = nullptr);
  // Runs `pantau-hub --config ... <args...>` to the end (no stdin); exit code and output as above.
  int run_command(const std::vector<std::string>& args, std::string* output = nullptr);
  // POST /api/v1/session; the "pantau_session=<token>" cookie to send back, or "" when refused.
  std::string login(const std::string& user, const std::string& password);
  std::string login();  // as the admin from hub_options
  std::uint16_t http_port() const { return http_port_; }
  std::filesystem::path db_path() const { return dir_ / "hub.db"; }
  std::filesystem::path config_path() const { return dir_ / "hub.toml"; }
  const child_process& proc() const { return proc_; }

 private:
  std::filesystem::path dir_;
  std::string mqtt_url_;
  hub_options opts_;
  std::uint16_t http_port_;
  child_process proc_;
  bool admin_created_ = false;
  int commands_ = 0;
  std::vector<std::string> enrolled_;  // "office/kiosk"
};

struct kiosk_options {
  std::string office = "binjai-dukcapil";
  std::string id = "k-01";
  std::optional<double> simulate_rate;
  std::optional<std::int64_t> simulate_count;
  int resend_after_ms = 2000;
  int window = 1000;
  std::uint16_t ui_port = 0;  // the touch UI's port; 0: any free one (not known to the test)
  std::string extra_toml;  // appended verbatim, e.g. a [camera] table
  std::vector<std::string> env;  // "NAME=value" for the daemon's environment (child_process rules)
  // The kiosk's wall clock (PANTAU_CLOCK_OFFSET_MS): the suite's instant unless the test picks another.
  std::int64_t clock_offset_ms = suite_clock().offset_ms();
  // Whether that clock counts as synced (PANTAU_CLOCK_SYNC), whatever the machine's kernel says.
  bool clock_synced = true;
};

class kiosk_process {
 public:
  kiosk_process(std::filesystem::path dir, std::string mqtt_url, kiosk_options opts);
  void start();
  void kill_hard();
  int stop();
  bool running() { return proc_.running(); }
  // Runs `pantau-kiosk emit --count n` to completion; returns its exit status.
  int emit(std::int64_t n);
  std::filesystem::path db_path() const { return dir_ / (opts_.id + "-outbox.db"); }
  std::filesystem::path config_path() const { return dir_ / (opts_.id + ".toml"); }
  const kiosk_options& options() const { return opts_; }
  const child_process& proc() const { return proc_; }
  pid_t pid() const { return proc_.pid(); }

 private:
  std::filesystem::path dir_;
  std::string mqtt_url_;
  kiosk_options opts_;
  child_process proc_;
};

std::filesystem::path hub_binary();
std::filesystem::path kiosk_binary();

struct http_response {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
};
// A plain HTTP/1.1 GET over 127.0.0.1; status 0 when nothing answered.
http_response http_get(std::uint16_t port, const std::string& target);
// Any method; `headers` are sent as given (e.g. {"Cookie", "pantau_session=..."}); a non-empty body
// is sent with Content-Length (and Content-Type application/json unless `headers` set one).
// Response header names are lowercase; of repeated headers the last one is kept. Status 0 when no
// answer came within `timeout`.
http_response http_request(std::uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body = {}, const std::map<std::string, std::string>& headers = {},
                           std::chrono::seconds timeout = std::chrono::seconds(5));

// Value of one Prometheus sample, e.g. metric("pantau_hub_events_rejected_total{reason=\"too_large\"}").
std::optional<double> metric_value(const std::string& metrics_text, const std::string& sample);

// Read-only queries against a SQLite file: rows of text columns.
std::vector<std::vector<std::string>> sql_rows(const std::filesystem::path& db, const std::string& sql);
std::int64_t sql_int(const std::filesystem::path& db, const std::string& sql);

// Highest seq an outbox ever handed out (so every event it committed is 1..n).
std::int64_t outbox_committed(const std::filesystem::path& outbox_db);
// Rows still waiting for the hub's ack; -1 while the outbox does not exist yet.
std::int64_t outbox_backlog(const std::filesystem::path& outbox_db);

// What the hub stored for one kiosk.
struct stored_summary {
  std::int64_t rows = 0;
  std::int64_t distinct_seq = 0;
  std::int64_t min_seq = 0;
  std::int64_t max_seq = 0;
  bool in_seq_order = false;  // by rowid (arrival order)
};
stored_summary hub_stored(const std::filesystem::path& hub_db, const std::string& office,
                          const std::string& kiosk);

}  // namespace pantau::test
