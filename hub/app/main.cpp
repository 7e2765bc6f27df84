// pantau-hub: wiring only. Store, ingest, MQTT link and HTTP server are built here, started, and
// stopped in order on SIGTERM/SIGINT (no new work, drain and commit, deliver acks, close).
#include <CLI/CLI.hpp>
#include <mqtt/exception.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "pantau/hub/auth/auth_api.hpp"
#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/metrics.hpp"
#include "pantau/hub/http/hub_api.hpp"
#include "pantau/hub/http/kpi_api.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/http/server.hpp"
#include "pantau/hub/mqtt/ingest_pipeline.hpp"
#include "pantau/hub/mqtt/mqtt_link.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/service/watchdog.hpp"
#include "pantau/shared/config.hpp"

namespace {

constexpr int exit_config = 2;
constexpr int exit_runtime = 1;

void setup_logging(const std::string& level) {
  auto logger = spdlog::stdout_logger_mt("pantau-hub");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  auto lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") lvl = spdlog::level::info;
  spdlog::set_level(lvl);
  spdlog::flush_on(spdlog::level::trace);
}

int fail(int code, const std::string& text) {
  spdlog::error("{}", text);
  std::cerr << "pantau-hub: " << text << "\n";
  return code;
}

// `seed-demo`: the demo organisation (scripts/demo), written over whatever has the same keys.
int seed_demo(const pantau::hub_config& cfg) {
  using namespace pantau::hub;
  auto store = sqlite_store::open(cfg.store_path);  // creates the file and schema when missing
  if (!store) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + store.err().message);
  auto catalog = sqlite_catalog::open(cfg.store_path);
  if (!catalog) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + catalog.err().message);
  const auto org = demo_organisation();
  if (auto r = (*catalog)->put_org(org); !r)
    return fail(exit_runtime, "data demo gagal disimpan / cannot store demo data: " + r.err().message);
  std::cout << "data demo tersimpan / demo data stored: " << org.offices.size() << " kantor/office, "
            << org.units.size() << " unit, " << org.counters.size() << " loket/counters, " << org.employees.size()
            << " pegawai/employees\n";
  return 0;
}

int run(const pantau::hub_config& cfg, const pantau::host_port& listen, const sigset_t& stop_signals) {
  using namespace pantau::hub;
  spdlog::info("pantau-hub {} starting (config {})", PANTAU_VERSION, cfg.source);

  auto store = sqlite_store::open(cfg.store_path);
  if (!store) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + store.err().message);
  auto reader = sqlite_reader::open(cfg.store_path);
  if (!reader) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + reader.err().message);
  auto kiosks = (*store)->load_kiosks();
  if (!kiosks) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + kiosks.err().message);
  spdlog::info("store {} open, {} kiosks registered", cfg.store_path, kiosks->size());
  pantau::system_clock wall_clock;
  auto accounts = auth::account_store::open(cfg.store_path, wall_clock);
  if (!accounts) return fail(exit_runtime, "akun tidak bisa dibuka / cannot open accounts: " + accounts.err().message);
  if (auto purged = (*accounts)->purge_expired(); purged && *purged > 0)
    spdlog::info("{} expired sessions removed", *purged);
  auth::auth_api access(**accounts, wall_clock);

  metrics stats;
  ingest engine(ingest_options{cfg.auto_register}, stats);
  engine.load(std::move(kiosks).value());

  std::unique_ptr<mqtt_link> link;
  try {
    link = std::make_unique<mqtt_link>(mqtt_link_options{cfg.mqtt}, stats);
  } catch (const mqtt::exception& e) {
    return fail(exit_config, "konfigurasi salah / bad config: " + cfg.source + ": mqtt.url \"" + cfg.mqtt.url +
                                 "\": " + e.what());
  }
  pipeline_options popts;
  popts.batch_max = static_cast<std::size_t>(std::max(cfg.batch_max, 1));
  popts.batch_wait = std::chrono::milliseconds(std::max(cfg.batch_wait_ms, 0));
  // The ingest worker is the loop the service watchdog guards: it reports each turn, idle or busy.
  pantau::service::systemd_notifier notifier;
  pantau::service::watchdog watchdog(notifier, wall_clock, pantau::service::watchdog_timeout_from_env());
  popts.on_progress = [&watchdog] { watchdog.alive(); };
  if (watchdog.enabled()) popts.progress_every = std::min(popts.progress_every, watchdog.ping_interval() / 2);
  ingest_pipeline pipeline(engine, **store, stats, *link, popts);
  link->on_message([&pipeline](queued_message&& m) { pipeline.push(std::move(m)); });

  auto routes = std::make_shared<http::router>();
  http::add_hub_routes(*routes, http::hub_api_sources{
                                    [&link] { return link->connected(); },
                                    [&pipeline] { return pipeline.store_ok(); },
                                    [&stats] { return stats.render(); },
                                    reader->get(),
                                });
  access.attach(*routes);
  auto catalog = sqlite_catalog::open(cfg.store_path);
  if (!catalog) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + catalog.err().message);
  http::add_kpi_routes(*routes, http::kpi_api_sources{catalog->get(), catalog->get(),
                                                      [&wall_clock] { return wall_clock.utc_ms(); }, {}});
  auto server = http::server::start(http::server_options{listen.host, listen.port}, routes);
  if (!server) return fail(exit_runtime, server.err().message);
  spdlog::info("http listening on {}:{}", (*server)->host(), (*server)->port());

  pipeline.start();
  link->start();
  watchdog.ready();
  watchdog.status("menerima kejadian / receiving events on http " + (*server)->host() + ":" +
                  std::to_string((*server)->port()));
  watchdog.start();

  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("stopping on {}: no new messages, finishing the ones received", sig == SIGINT ? "SIGINT" : "SIGTERM");
  watchdog.stopping();
  link->stop_intake();
  pipeline.stop();
  link->stop();
  (*server)->stop();
  spdlog::info("stopped cleanly: {} events stored, {} duplicates, {} acks sent", stats.events_stored.value(),
               stats.events_duplicate.value(), stats.acks_sent.value());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"pantau-hub: menerima, menyimpan dan mengakui kejadian dari kios Pantau / "
               "receives, stores and acknowledges events from Pantau kiosks"};
  std::string config_path;
  app.add_option("-c,--config", config_path, "berkas konfigurasi TOML / TOML config file")
      ->required()
      ->check(CLI::ExistingFile);
  app.set_version_flag("--version", std::string("pantau-hub ") + PANTAU_VERSION);
  app.require_subcommand(0, 1);

  auto* user_cmd = app.add_subcommand("user", "kelola akun / manage accounts")->require_subcommand(1);
  auto* user_add_cmd = user_cmd->add_subcommand("add", "buat atau perbarui akun / create or update an account");
  pantau::hub::app::user_add_args user_args;
  user_add_cmd->add_option("name", user_args.name, "nama pengguna / user name")->required();
  user_add_cmd->add_option("--role", user_args.role, "admin | supervisor | viewer")->required();
  user_add_cmd->add_option("--unit", user_args.units, "unit yang boleh dilihat (ulang) / unit it may see (repeat)");
  user_add_cmd->add_flag("--password-stdin", user_args.password_stdin,
                         "baca kata sandi dari stdin / read the password from stdin");

  auto* seed_demo_cmd = app.add_subcommand(
      "seed-demo", "isi data organisasi demo (kantor, unit, loket, pegawai) / store the demo organisation");

  auto* kiosk_cmd = app.add_subcommand("kiosk", "kelola kios / manage kiosks")->require_subcommand(1);
  auto* kiosk_add_cmd = kiosk_cmd->add_subcommand(
      "add", "daftarkan kios (berlaku saat hub mulai) / register a kiosk (takes effect when the hub starts)");
  std::string kiosk_office;
  std::string kiosk_id;
  kiosk_add_cmd->add_option("office", kiosk_office, "kantor / office")->required();
  kiosk_add_cmd->add_option("kiosk", kiosk_id, "kios / kiosk")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : exit_config;
  }

  auto cfg = pantau::load_hub_config(config_path);
  if (!cfg) {
    std::cerr << "pantau-hub: konfigurasi salah / bad config: " << cfg.err().message << "\n";
    return exit_config;
  }
  if (user_add_cmd->parsed()) return pantau::hub::app::user_add(*cfg, user_args, std::cin, std::cout, std::cerr);
  if (seed_demo_cmd->parsed()) return seed_demo(*cfg);
  if (kiosk_add_cmd->parsed())
    return pantau::hub::app::kiosk_add(*cfg, kiosk_office, kiosk_id, std::cout, std::cerr);
  auto listen = pantau::parse_host_port(cfg->http_listen);
  if (!listen) {
    std::cerr << "pantau-hub: konfigurasi salah / bad config: " << cfg->source << ": http.listen: "
              << listen.err().message << "\n";
    return exit_config;
  }

  // Blocked before any thread exists, so every thread inherits the mask and only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  setup_logging(cfg->log_level);
  try {
    return run(*cfg, *listen, stop_signals);
  } catch (const std::exception& e) {
    return fail(exit_runtime, std::string("kesalahan fatal / fatal error: ") + e.what());
  }
}
