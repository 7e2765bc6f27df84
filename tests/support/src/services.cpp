#include "pantau/test/services.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "pantau/shared/sha256.hpp"
#include "pantau/shared/signing.hpp"

namespace pantau::test {

using namespace std::chrono_literals;

std::filesystem::path hub_binary() { return PANTAU_HUB_BINARY; }
std::filesystem::path kiosk_binary() { return PANTAU_KIOSK_BINARY; }

namespace {
std::string clock_env(std::int64_t offset_ms) { return "PANTAU_CLOCK_OFFSET_MS=" + std::to_string(offset_ms); }
}  // namespace

// ---- the test fleet's keys ----------------------------------------------------------------

namespace {
signing::key_pair hub_keys() { return signing::from_seed(sha256_hex("pantau test hub").substr(0, 32)); }
signing::key_pair kiosk_keys(const std::string& office, const std::string& kiosk) {
  return signing::from_seed(sha256_hex("test kiosk " + office + "/" + kiosk).substr(0, 32));
}
struct test_fleet {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> kiosks;
  std::vector<hub_process*> hubs;  // those with auto_register, while they exist
};
test_fleet& fleet() {
  static test_fleet f;
  return f;
}
}  // namespace

std::string test_hub_public_key() { return signing::to_text(hub_keys().pub); }
std::string test_kiosk_secret_key(const std::string& office, const std::string& kiosk) {
  return signing::to_text(kiosk_keys(office, kiosk).secret);
}
std::string test_kiosk_public_key(const std::string& office, const std::string& kiosk) {
  return signing::to_text(kiosk_keys(office, kiosk).pub);
}

void enrol_in_test_fleet(const std::string& office, const std::string& kiosk) {
  std::vector<hub_process*> hubs;
  {
    std::lock_guard lock(fleet().mu);
    auto& ks = fleet().kiosks;
    if (std::find(ks.begin(), ks.end(), std::pair(office, kiosk)) == ks.end()) ks.emplace_back(office, kiosk);
    hubs = fleet().hubs;
  }
  for (auto* h : hubs) h->enrol(office, kiosk);
}

// ---- mosquitto ------------------------------------------------------------------------------

mosquitto_broker::mosquitto_broker(std::filesystem::path dir, std::uint16_t port)
    : dir_(std::move(dir)), port_(port == 0 ? free_port() : port) {}

mosquitto_broker::mosquitto_broker(std::filesystem::path dir, broker_tls tls, std::uint16_t port)
    : dir_(std::move(dir)), port_(port == 0 ? free_port() : port), tls_(std::move(tls)) {}

mosquitto_broker mosquitto_broker::from_config(std::filesystem::path dir, std::filesystem::path config_file,
                                               std::uint16_t port) {
  mosquitto_broker b(std::move(dir), port);
  b.config_file_ = std::move(config_file);
  return b;
}

std::string mosquitto_broker::url() const {
  return (tls_ || !config_file_.empty() ? "mqtts://127.0.0.1:" : "tcp://127.0.0.1:") + std::to_string(port_);
}

void mosquitto_broker::start() {
  if (!config_file_.empty()) {
    proc_ = child_process({"/usr/sbin/mosquitto", "-c", config_file_.string()}, dir_ / "mosquitto.log");
    if (!wait_until([&] { return port_accepts(port_); }, 10s))
      throw std::runtime_error("mosquitto did not start: " + proc_.log());
    return;
  }
  std::string tls;
  if (tls_) {
    tls = "cafile " + tls_->ca_file.string() + "\ncertfile " + tls_->cert_file.string() + "\nkeyfile " +
          tls_->key_file.string() + "\nrequire_certificate " + (tls_->require_certificate ? "true" : "false") + "\n";
    // Started as root, mosquitto becomes its own user before it reads the key, which lives in this
    // test's private folder: so it is told to stay who runs the test (for anyone but root a no-op).
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) tls += "user " + std::string(pw->pw_name) + "\n";
  }
  // The same limits the demo uses: no silent caps, no persistence (the outboxes are the buffer).
  write_file(dir_ / "mosquitto.conf",
             "listener " + std::to_string(port_) + " 127.0.0.1\n" + tls +
             "allow_anonymous true\n"
             "persistence false\n"
             "max_queued_messages 100000\n"
             "max_inflight_messages 0\n"
             "log_dest stdout\n");
  proc_ = child_process({"/usr/sbin/mosquitto", "-c", (dir_ / "mosquitto.conf").string()},
                        dir_ / "mosquitto.log");
  if (!wait_until([&] { return port_accepts(port_); }, 10s))
    throw std::runtime_error("mosquitto did not start: " + proc_.log());
}

void mosquitto_broker::kill_hard() { proc_.stop(SIGKILL); }
void mosquitto_broker::stop() { proc_.stop(SIGTERM); }

// ---- hub ------------------------------------------------------------------------------------

hub_process::hub_process(std::filesystem::path dir, std::string mqtt_url, hub_options opts)
    : dir_(std::move(dir)), mqtt_url_(std::move(mqtt_url)), opts_(std::move(opts)), http_port_(free_port()) {
  std::ostringstream t;
  t << "[mqtt]\nurl = \"" << mqtt_url_ << "\"\nclient_id = \"pantau-hub-test\"\n"
    << "[http]\nlisten = \"127.0.0.1:" << http_port_ << "\"\n" << opts_.http_toml
    << "[store]\npath = \"" << db_path().string() << "\"\n"
    << "[signing]\nkey_file = \"" << (dir_ / "hub.key").string() << "\"\n"
    << "[ingest]\nbatch_max = " << opts_.batch_max << "\naggregates = " << (opts_.aggregates ? "true" : "false") << "\n"
    << opts_.extra_toml;
  write_file(config_path(), t.str());
  write_file(dir_ / "hub.key", signing::to_text(hub_keys().secret) + "\n");
  if (opts_.auto_register) {
    std::vector<std::pair<std::string, std::string>> kiosks;
    {
      std::lock_guard lock(fleet().mu);
      fleet().hubs.push_back(this);
      kiosks = fleet().kiosks;
    }
    for (const auto& [office, kiosk] : kiosks) enrol(office, kiosk);
  }
}

hub_process::~hub_process() {
  std::lock_guard lock(fleet().mu);
  auto& hubs = fleet().hubs;
  hubs.erase(std::remove(hubs.begin(), hubs.end(), this), hubs.end());
}

void hub_process::enrol(const std::string& office, const std::string& kiosk) {
  const std::string name = office + "/" + kiosk;
  if (std::find(enrolled_.begin(), enrolled_.end(), name) != enrolled_.end()) return;
  std::string out;
  if (run_command({"kiosk", "add", office, kiosk, "--public-key", test_kiosk_public_key(office, kiosk)}, &out) != 0)
    throw std::runtime_error("pantau-hub kiosk add failed:\n" + out);
  enrolled_.push_back(name);
}

void hub_process::start() {
  if (!admin_created_ && !opts_.admin_user.empty()) {
    std::string out;
    if (add_user(opts_.admin_user, "admin", {}, opts_.admin_password, &out) != 0)
      throw std::runtime_error("pantau-hub user add failed:\n" + out);
    admin_created_ = true;
  }
  proc_ = child_process({hub_binary().string(), "--config", config_path().string()}, dir_ / "hub.log", "/dev/null",
                        {clock_env(opts_.clock_offset_ms)});
  bool up = wait_until(
      [&] {
        auto r = http_get(http_port_, "/healthz");
        return r.status == 200 && r.body.find("\"connected\"") != std::string::npos;
      },
      20s);
  if (!up) throw std::runtime_error("pantau-hub did not become healthy:\n" + proc_.log());
}

void hub_process::kill_hard() { proc_.stop(SIGKILL); }
int hub_process::stop() { return proc_.stop(SIGTERM); }

namespace {
int finish(child_process& p, std::string* output) {
  const int status = p.wait(60s);
  if (output != nullptr) *output = p.log();
  return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

int hub_process::run_command(const std::vector<std::string>& args, std::string* output) {
  std::vector<std::string> argv{hub_binary().string(), "--config", config_path().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto log = dir_ / ("hub-command-" + std::to_string(++commands_) + ".log");
  child_process p(std::move(argv), log, "/dev/null", {clock_env(opts_.clock_offset_ms)});
  return finish(p, output);
}

int hub_process::add_user(const std::string& name, const std::string& role, const std::vector<std::string>& units,
                          const std::string& password, std::string* output) {
  std::vector<std::string> argv{hub_binary().string(), "--config", config_path().string(), "user", "add", name,
                                "--role", role};
  for (const auto& u : units) {
    argv.emplace_back("--unit");
    argv.push_back(u);
  }
  argv.emplace_back("--password-stdin");
  const auto n = std::to_string(++commands_);
  const auto secret = dir_ / ("hub-command-" + n + ".stdin");
  write_file(secret, password + "\n");
  child_process p(std::move(argv), dir_ / ("hub-command-" + n + ".log"), secret, {clock_env(opts_.clock_offset_ms)});
  const int rc = finish(p, output);
  std::filesystem::remove(secret);
  return rc;
}

std::string hub_process::login(const std::string& user, const std::string& password) {
  std::string body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  auto res = http_request(http_port_, "POST", "/api/v1/session", body);
  if (res.status != 200) return {};
  const std::string& c = res.headers["set-cookie"];
  return c.substr(0, c.find(';'));
}

std::string hub_process::login() { return login(opts_.admin_user, opts_.admin_password); }

// ---- kiosk ----------------------------------------------------------------------------------

kiosk_process::kiosk_process(std::filesystem::path dir, std::string mqtt_url, kiosk_options opts)
    : dir_(std::move(dir)), mqtt_url_(std::move(mqtt_url)), opts_(std::move(opts)) {
  std::ostringstream t;
  t << "[kiosk]\nid = \"" << opts_.id << "\"\noffice = \"" << opts_.office << "\"\n"
    << "[mqtt]\nurl = \"" << mqtt_url_ << "\"\n"
    << "[store]\npath = \"" << db_path().string() << "\"\n"
    << "[ui]\nlisten = \"127.0.0.1:" << opts_.ui_port << "\"\n"
    << "[delivery]\nwindow = " << opts_.window << "\nresend_after_ms = " << opts_.resend_after_ms
    << "\nstatus_interval_s = 1\n"
    << "[signing]\nkey_file = \"" << (dir_ / (opts_.id + ".key")).string() << "\"\nhub_public_key = \""
    << test_hub_public_key() << "\"\n";
  if (opts_.simulate_rate) {
    t << "[simulate]\nrate = " << *opts_.simulate_rate << "\n";
    if (opts_.simulate_count) t << "count = " << *opts_.simulate_count << "\n";
  }
  t << opts_.extra_toml;
  write_file(config_path(), t.str());
  write_file(dir_ / (opts_.id + ".key"), test_kiosk_secret_key(opts_.office, opts_.id) + "\n");
  enrol_in_test_fleet(opts_.office, opts_.id);
}

void kiosk_process::start() {
  auto env = opts_.env;
  env.push_back(clock_env(opts_.clock_offset_ms));
  env.push_back(std::string("PANTAU_CLOCK_SYNC=") + (opts_.clock_synced ? "synced" : "unsynced"));
  proc_ = child_process({kiosk_binary().string(), "--config", config_path().string()},
                        dir_ / (opts_.id + ".log"), "/dev/null", std::move(env));
}

void kiosk_process::kill_hard() { proc_.stop(SIGKILL); }
int kiosk_process::stop() { return proc_.stop(SIGTERM); }

int kiosk_process::emit(std::int64_t n) {
  child_process p({kiosk_binary().string(), "--config", config_path().string(), "emit", "--count",
                   std::to_string(n)},
                  dir_ / (opts_.id + "-emit.log"), "/dev/null",
                  {clock_env(opts_.clock_offset_ms),
                   std::string("PANTAU_CLOCK_SYNC=") + (opts_.clock_synced ? "synced" : "unsynced")});
  return p.wait(120s);
}

// ---- HTTP -----------------------------------------------------------------------------------

http_response http_get(std::uint16_t port, const std::string& target) {
  return http_request(port, "GET", target);
}

http_response http_request(std::uint16_t port, const std::string& method, const std::string& target,
                           const std::string& body, const std::map<std::string, std::string>& headers,
                           std::chrono::seconds timeout) {
  http_response res;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return res;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    req += name + ": " + value + "\r\n";
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    has_type = has_type || lower == "content-type";
  }
  if (!body.empty() || method == "POST" || method == "PUT") {
    if (!has_type && !body.empty()) req += "Content-Type: application/json\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) < 0) {
    ::close(fd);
    return res;
  }
  std::string raw;
  char buf[8192];
  while (true) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  auto head_end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return res;
  res.status = std::atoi(raw.c_str() + 9);
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  while (std::getline(head, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (!value.empty() && value.back() == '\r') value.pop_back();
    res.headers[name] = value;
  }
  res.body = raw.substr(head_end + 4);
  if (res.headers["transfer-encoding"] == "chunked") {
    std::string decoded, rest = res.body;
    while (true) {
      auto eol = rest.find("\r\n");
      if (eol == std::string::npos) break;
      std::size_t len = std::stoul(rest.substr(0, eol), nullptr, 16);
      if (len == 0) break;
      decoded += rest.substr(eol + 2, len);
      rest = rest.substr(eol + 2 + len + 2);
    }
    res.body = decoded;
  }
  return res;
}

std::optional<double> metric_value(const std::string& metrics_text, const std::string& sample) {
  std::istringstream in(metrics_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > sample.size() && line.compare(0, sample.size(), sample) == 0 &&
        line[sample.size()] == ' ')
      return std::strtod(line.c_str() + sample.size() + 1, nullptr);
  }
  return std::nullopt;
}

// ---- SQLite ---------------------------------------------------------------------------------

std::vector<std::vector<std::string>> sql_rows(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = h ? sqlite3_errmsg(h) : "open failed";
    sqlite3_close(h);
    throw std::runtime_error(db.string() + ": " + msg);
  }
  sqlite3_busy_timeout(h, 10000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(h);
    sqlite3_close(h);
    throw std::runtime_error(sql + ": " + msg);
  }
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      auto* text = sqlite3_column_text(st, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": step failed");
  return rows;
}

std::int64_t sql_int(const std::filesystem::path& db, const std::string& sql) {
  auto rows = sql_rows(db, sql);
  if (rows.empty() || rows[0].empty() || rows[0][0].empty()) return 0;
  return std::stoll(rows[0][0]);
}

namespace {
// A kiosk creates its outbox at start-up; until then the file or its tables may not exist yet.
bool has_table(const std::filesystem::path& db, const std::string& name) {
  return std::filesystem::exists(db) &&
         sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'") > 0;
}
}  // namespace

std::int64_t outbox_committed(const std::filesystem::path& outbox_db) {
  if (!has_table(outbox_db, "sqlite_sequence")) return 0;
  return sql_int(outbox_db, "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'");
}

std::int64_t outbox_backlog(const std::filesystem::path& outbox_db) {
  if (!has_table(outbox_db, "outbox")) return -1;
  return sql_int(outbox_db, "SELECT count(*) FROM outbox");
}

stored_summary hub_stored(const std::filesystem::path& hub_db, const std::string& office,
                          const std::string& kiosk) {
  stored_summary s;
  const std::string where = " WHERE office = '" + office + "' AND kiosk = '" + kiosk + "'";
  auto agg = sql_rows(hub_db, "SELECT count(*), count(DISTINCT seq), coalesce(min(seq),0), "
                              "coalesce(max(seq),0) FROM events" + where);
  s.rows = std::stoll(agg[0][0]);
  s.distinct_seq = std::stoll(agg[0][1]);
  s.min_seq = std::stoll(agg[0][2]);
  s.max_seq = std::stoll(agg[0][3]);
  auto seqs = sql_rows(hub_db, "SELECT seq FROM events" + where + " ORDER BY rowid");
  s.in_seq_order = true;
  std::int64_t prev = 0;
  for (auto& r : seqs) {
    std::int64_t v = std::stoll(r[0]);
    if (v <= prev) s.in_seq_order = false;
    prev = v;
  }
  return s;
}

}  // namespace pantau::test
