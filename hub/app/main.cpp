// pantau-hub: wiring only. Store, ingest, MQTT link and HTTP server are built here, started, and
// stopped in order on SIGTERM/SIGINT (no new work, drain and commit, deliver acks, close).
#include <CLI/CLI.hpp>
#include <mqtt/exception.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "verify_command.hpp"
#include "pantau/hub/auth/auth_api.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/unit_day_cache.hpp"
#include "pantau/hub/core/change_fanout.hpp"
#include "pantau/hub/core/ingest.hpp"
#include "pantau/hub/core/metrics.hpp"
#include "pantau/hub/http/alerts_api.hpp"
#include "pantau/hub/http/appraisal_api.hpp"
#include "pantau/hub/http/dashboard_api.hpp"
#include "pantau/hub/http/hub_api.hpp"
#include "pantau/hub/http/kpi_api.hpp"
#include "pantau/hub/http/live_hub.hpp"
#include "pantau/hub/http/leave_api.hpp"
#include "pantau/hub/http/org_api.hpp"
#include "pantau/hub/http/rtl_api.hpp"
#include "pantau/hub/http/survey_report_api.hpp"
#include "pantau/hub/http/review_api.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/profile_check.hpp"
#include "pantau/hub/hub_config.hpp"
#include "pantau/hub/http/server.hpp"
#include "pantau/hub/http/static_files.hpp"
#include "pantau/hub/mqtt/config_publisher.hpp"
#include "pantau/hub/mqtt/ingest_pipeline.hpp"
#include "pantau/hub/mqtt/mqtt_link.hpp"
#include "pantau/hub/service/organisation_service.hpp"
#include "pantau/hub/store/sqlite_alert_log.hpp"
#include "pantau/hub/store/sqlite_rtl_store.hpp"
#include "pantau/hub/store/sqlite_chain_store.hpp"
#include "pantau/hub/store/sqlite_review_store.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/service/wall_clock.hpp"
#include "pantau/service/watchdog.hpp"
#include "pantau/shared/config.hpp"
#include "pantau/shared/signing.hpp"

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

int run(const pantau::hub_config& cfg, const pantau::host_port& listen, const sigset_t& stop_signals,
        const pantau::system_clock& wall_clock) {
  using namespace pantau::hub;
  spdlog::info("pantau-hub {} starting (config {})", PANTAU_VERSION, cfg.source);

  auto store = sqlite_store::open(cfg.store_path);
  if (!store) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + store.err().message);
  auto reader = sqlite_reader::open(cfg.store_path);
  if (!reader) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + reader.err().message);
  auto kiosks = (*store)->load_kiosks();
  if (!kiosks) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + kiosks.err().message);
  spdlog::info("store {} open, {} kiosks registered", cfg.store_path, kiosks->size());
  (*store)->keep_aggregates(cfg.ingest_aggregates);
  if (!cfg.ingest_aggregates)
    spdlog::warn("[ingest] aggregates = false: indicators do not follow new events until the aggregates are rebuilt");
  const std::function<std::int64_t()> utc_now = [&wall_clock] { return wall_clock.utc_ms(); };
  auto accounts = auth::account_store::open(cfg.store_path, wall_clock);
  if (!accounts) return fail(exit_runtime, "akun tidak bisa dibuka / cannot open accounts: " + accounts.err().message);
  if (auto purged = (*accounts)->purge_expired(); purged && *purged > 0)
    spdlog::info("{} expired sessions removed", *purged);
  auth::auth_api_options access_options;
  access_options.secure_cookie = cfg.http_secure_cookie;
  access_options.throttle = cfg.login;
  auth::auth_api access(**accounts, wall_clock, access_options);

  // The hub's own key seals every ack and config; without it no kiosk would take either.
  const std::string key_file = cfg.signing_key_file.empty() ? pantau::default_hub_key_file() : cfg.signing_key_file;
  auto hub_secret = pantau::signing::load_secret_key(key_file);
  if (!hub_secret)
    return fail(exit_config, "kunci hub tidak bisa dibaca / cannot read the hub key ([signing] key_file, made by "
                             "`pantau-hub keygen`): " + hub_secret.err().message);
  const auto hub_key = std::make_shared<const pantau::signing::secret_key>(*hub_secret);
  spdlog::info("hub key {} from {}", pantau::signing::key_id(hub_key->public_part()), key_file);

  metrics stats;
  ingest_options ingest_opts;
  ingest_opts.max_seq_ahead = cfg.max_seq_ahead;
  ingest_opts.gap_wait_ms = std::int64_t{cfg.gap_wait_s} * 1000;
  ingest engine(ingest_opts, stats);
  engine.load(std::move(kiosks).value());

  std::unique_ptr<mqtt_link> link;
  try {
    mqtt_link_options link_opts;
    link_opts.mqtt = cfg.mqtt;
    link_opts.utc_now_ms = utc_now;
    link = std::make_unique<mqtt_link>(std::move(link_opts), stats);
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
  popts.hub_key = hub_key;
  ingest_pipeline pipeline(engine, **store, stats, *link, popts);
  link->on_message([&pipeline](queued_message&& m) { pipeline.push(std::move(m)); });

  auto catalog = sqlite_catalog::open(cfg.store_path);
  if (!catalog) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + catalog.err().message);
  // The organisation's one owner: read here once; edits go through it to the store and then to
  // whoever subscribed. Every reader below gets it, not the catalog.
  auto orgs = organisation_service::open(**catalog);
  if (!orgs) return fail(exit_runtime, "organisasi tidak bisa dibaca / cannot read the organisation: " + orgs.err().message);
  // A profile's service must be one its counter's unit offers: the organisation in memory decides.
  engine.set_event_check([&orgs](const pantau::event& e) -> std::optional<pantau::error> {
    if (!std::holds_alternative<pantau::profile_data>(e.data)) return std::nullopt;
    return check_profile(*(*orgs)->current(), e);
  });
  // What the latest `pantau-hub verify` found, for the fleet view.
  auto chains = sqlite_chain_store::open(cfg.store_path);
  if (!chains) return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + chains.err().message);
  // The review queue writes on a connection of its own (an accepted time moves employee-days).
  auto reviews = sqlite_review_store::open(cfg.store_path);
  if (!reviews) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + reviews.err().message);
  auto routes = std::make_shared<http::router>();
  // Known once the server runs; /metrics reads its open connections through it.
  std::atomic<const http::server*> http_server{nullptr};
  http::add_hub_routes(*routes, http::hub_api_sources{
                                    [&link] { return link->connected(); },
                                    [&pipeline] { return pipeline.store_ok(); },
                                    [&stats, &http_server] {
                                      if (const auto* s = http_server.load())
                                        stats.http_connections_open.set(static_cast<std::int64_t>(s->open_connections()));
                                      return stats.render();
                                    },
                                    reader->get(),
                                    catalog->get(),
                                    orgs->get(),
                                    utc_now,
                                    [&chains] { return (*chains)->latest(); },
                                    reviews->get(),
                                });
  access.attach(*routes);
  // Finished days of unit and office attendance, kept between requests; late events drop their day.
  unit_day_cache attendance_days;
  (*orgs)->subscribe(attendance_days);
  kpi_options cached;
  cached.cache = &attendance_days;
  cached.attendance.leave = cfg.leave_policy;
  http::add_kpi_routes(*routes, http::kpi_api_sources{orgs->get(), catalog->get(),
                                                      utc_now, cached});
  // Exports and appraisals run on the server's worker thread, on a connection of their own.
  auto reports_catalog = sqlite_catalog::open(cfg.store_path);
  if (!reports_catalog)
    return fail(exit_runtime, "penyimpanan tidak bisa dibaca / cannot read store: " + reports_catalog.err().message);
  kpi_options reports;
  reports.attendance.leave = cfg.leave_policy;
  http::add_appraisal_routes(*routes, http::kpi_api_sources{orgs->get(), reports_catalog->get(),
                                                            utc_now, reports});
  http::add_org_routes(*routes, orgs->get());
  // Follow-up items: owners that are accounts are checked against the account store.
  auto rtl_items = sqlite_rtl_store::open(cfg.store_path);
  if (!rtl_items) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + rtl_items.err().message);
  http::add_leave_routes(*routes, http::leave_api_sources{orgs->get(), utc_now, cfg.leave_policy});
  http::add_dashboard_routes(*routes, http::dashboard_api_sources{orgs->get(), catalog->get(),
                                                                  utc_now, cached});
  http::add_review_routes(*routes, http::review_api_sources{
                                       orgs->get(), reviews->get(), utc_now,
                                       [&attendance_days](const review_record& r, std::string_view office) {
                                         const moved_attendance moved[] = {{std::string(office), r.employee, r.old_ms},
                                                                           {std::string(office), r.employee, r.new_ms}};
                                         attendance_days.committed(committed_batch{{}, {}, moved});
                                       }});
  // The dashboard's pages need no session; the data they ask /api/v1 for does.
  http::add_static_routes(*routes, http::static_files_options{cfg.http_web_root});
  // Declared before the server and after the pipeline: it outlives the sessions the server holds.
  http::live_hub_options live_opts;
  live_opts.allowed_origins = cfg.http_allowed_origins;
  http::live_hub live(**orgs, [&access](const http::request& req) { return access.authenticate(req); },
                      live_opts);
  // Alerts hear the same committed batches as the live channel and are pushed through it.
  http::alert_service_options alert_opts;
  auto policy = indicators::validate(alert_policy_from(cfg.alerts));
  if (!policy) return fail(exit_config, "konfigurasi salah / bad config: " + cfg.source + ": alerts: " + policy.err().message);
  alert_opts.monitor.policy = *policy;
  alert_opts.attendance.leave = cfg.leave_policy;
  // The alerts' history outlives a restart: kept in the store on a connection of the alert thread.
  auto alert_history = sqlite_alert_log::open(cfg.store_path);
  if (!alert_history) return fail(exit_runtime, "penyimpanan tidak bisa dibuka / cannot open store: " + alert_history.err().message);
  http::alert_service alerts(http::alert_service_sources{
      orgs->get(), catalog->get(), utc_now,
      [&live](const alert_change& c) { live.push_alert(c.alert); }, alert_history->get(), rtl_items->get()},
      alert_opts);
  alerts.seed(engine.registry().list());
  http::add_rtl_routes(*routes, http::rtl_api_sources{
                                    orgs->get(), reports_catalog->get(), rtl_items->get(),
                                    [&accounts](std::string_view name, std::string_view unit) {
                                      auto u = (*accounts)->find_user(name);
                                      if (!u || !*u || (*u)->disabled) return false;
                                      const principal p{(*u)->name, (*u)->role, (*u)->units};
                                      return p.can_see_unit(unit);
                                    },
                                    utc_now, [&alerts] { alerts.rtl_changed(); }});
  // The survey report; its respondent profile and sample-size parts are filled by survey_parts once
  // the hub records them (left empty: the report says "belum tersedia").
  http::add_survey_report_routes(*routes, http::survey_report_sources{orgs->get(), reports_catalog->get(),
                                                                      rtl_items->get(), {}, {}});
  http::add_alert_routes(*routes, alerts);
  change_fanout listeners;
  // First: a unit that goes live with this batch is watched from its day before anyone reads it.
  go_live_watcher go_live(**orgs, utc_now);
  listeners.add(&go_live);
  listeners.add(&attendance_days);
  listeners.add(&live);
  listeners.add(&alerts);
  // Each kiosk's retained config follows the organisation data; new kiosks get theirs on first contact.
  config_publisher_options config_opts;
  config_opts.screen = {cfg.kiosk_language, cfg.kiosk_rating_mode, cached.attendance.band_upper_minutes,
                        cfg.kiosk_respondent_profile};
  config_opts.hub_key = hub_key;
  config_publisher configs(**orgs, *link, wall_clock, config_opts);
  for (const auto& k : engine.registry().list()) configs.add_kiosk(k.office, k.kiosk, k.public_key);
  listeners.add(&configs);
  pipeline.set_listener(&listeners);
  http::server_options server_opts;
  server_opts.host = listen.host;
  server_opts.port = listen.port;
  auto proxies = pantau::http::trusted_proxies::parse(cfg.http_trusted_proxies);
  if (!proxies)
    return fail(exit_config, "konfigurasi salah / bad config: " + cfg.source + ": http.trusted_proxies: " +
                                 proxies.err().message);
  server_opts.proxies = std::move(proxies).value();
  server_opts.max_connections = static_cast<std::size_t>(cfg.http_max_connections);
  server_opts.on_refused = [&stats] { stats.http_connections_refused.add(); };
  live.attach(server_opts);
  auto server = http::start_server(std::move(server_opts), routes);
  if (!server) return fail(exit_runtime, server.err().message);
  http_server = server->get();
  spdlog::info("http listening on {}:{}", (*server)->host(), (*server)->port());

  pipeline.start();
  alerts.start();
  link->start();
  configs.start();
  watchdog.ready();
  watchdog.status("menerima kejadian / receiving events on http " + (*server)->host() + ":" +
                  std::to_string((*server)->port()));
  watchdog.start();

  // The first supervisor of the morning should not wait for a cold cache: fill it in the background,
  // on a connection of its own so that requests meanwhile are not held behind it.
  std::atomic<bool> stopping{false};
  std::thread warm_up([&] {
    const auto started = std::chrono::steady_clock::now();
    auto own = sqlite_catalog::open(cfg.store_path);
    if (!own) return spdlog::warn("kpi cache not warmed: {}", own.err().message);
    const auto warmed = warm_unit_day_cache(*(*orgs)->current(), **own, wall_clock.utc_ms(), cached, [&] { return stopping.load(); });
    if (!warmed) return spdlog::warn("kpi cache not warmed: {}", warmed.err().message);
    spdlog::info("kpi cache warmed: {} offices, {} unit-days in {} ms", *warmed, attendance_days.size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
  });

  int sig = 0;
  sigwait(&stop_signals, &sig);
  stopping = true;
  warm_up.join();
  spdlog::info("stopping on {}: no new messages, finishing the ones received", sig == SIGINT ? "SIGINT" : "SIGTERM");
  watchdog.stopping();
  link->stop_intake();
  pipeline.stop();
  alerts.stop();
  configs.stop();
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
  app.add_option("-c,--config", config_path, "berkas konfigurasi TOML / TOML config file (all but keygen)")
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
  std::string kiosk_public_key;
  kiosk_add_cmd->add_option("office", kiosk_office, "kantor / office")->required();
  kiosk_add_cmd->add_option("kiosk", kiosk_id, "kios / kiosk")->required();
  kiosk_add_cmd->add_option("--public-key", kiosk_public_key,
                            "kunci publik kios (base64 atau @berkas); kunci baru = epoch baru / "
                            "the kiosk's public key (base64 or @file); a new key starts a new epoch");

  auto* keygen_cmd = app.add_subcommand(
      "keygen", "buat pasangan kunci Ed25519 (hub atau kios) / make an Ed25519 key pair (hub or kiosk)");
  std::string keygen_secret;
  std::string keygen_public;
  keygen_cmd->add_option("--secret", keygen_secret, "berkas kunci rahasia (0600) / secret key file (0600)")->required();
  keygen_cmd->add_option("--public", keygen_public, "berkas kunci publik / public key file")->required();

  auto* aggregates_cmd =
      app.add_subcommand("aggregates", "agregat harian / day aggregates")->require_subcommand(1);
  auto* verify_cmd = app.add_subcommand(
      "verify", "periksa rantai kejadian setiap kios / walk every kiosk's chain of signed events "
                "(exit 1: something was altered, removed or reordered)");
  auto* aggregates_rebuild_cmd = aggregates_cmd->add_subcommand(
      "rebuild", "hitung ulang dari semua kejadian (hub berhenti) / recompute from every event (hub stopped)");
  auto* badge_cmd = app.add_subcommand(
      "badge", "cetak kartu pegawai bertanda tangan (PNG) / print a signed employee badge (PNG)");
  pantau::hub::app::badge_args badge_args;
  badge_cmd->add_option("nip", badge_args.nip, "NIP pegawai / employee NIP")->required();
  badge_cmd->add_option("--keyring", badge_args.keyring, "berkas kunci kartu (sama dengan kios) / badge key file")
      ->required();
  badge_cmd->add_option("--key-id", badge_args.key_id, "id kunci / key id (default: the only key)");
  badge_cmd->add_option("--expiry", badge_args.expiry, "berlaku s.d. YYYYMMDD / valid until (default: end of next year)");
  badge_cmd->add_option("--out", badge_args.out, "berkas PNG / PNG file (default: badge-NIP.png)");
  auto* broker_cmd = app.add_subcommand(
      "broker-config", "tulis konfigurasi mosquitto armada (TLS, ACL per kios) / write the fleet's mosquitto "
                       "configuration (TLS, an ACL per kiosk)");
  pantau::hub::app::broker_config_args broker_args;
  broker_cmd->add_option("--out", broker_args.out, "folder keluaran / output folder")->required();
  broker_cmd->add_option("--ca-file", broker_args.ca_file, "CA armada (PEM) / the fleet CA")->required();
  broker_cmd->add_option("--cert-file", broker_args.cert_file, "sertifikat broker / the broker's certificate")->required();
  broker_cmd->add_option("--key-file", broker_args.key_file, "kunci broker / the broker's key")->required();
  broker_cmd->add_option("--bind", broker_args.bind, "alamat / address (default 0.0.0.0)");
  broker_cmd->add_option("--port", broker_args.port, "port TLS / TLS port (default 8883)");
  broker_cmd->add_option("--hub-identity", broker_args.hub_identity, "CN sertifikat hub / the hub certificate's CN");
  broker_cmd->add_option("--persistence", broker_args.persistence, "folder persistensi / persistence folder");
  broker_cmd->add_option("--user", broker_args.user, "pengguna sistem mosquitto / mosquitto's system user");
  broker_cmd->add_option("--message-size-limit", broker_args.message_size_limit, "bytes (default 65536)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : exit_config;
  }

  if (keygen_cmd->parsed()) return pantau::hub::app::keygen(keygen_secret, keygen_public, std::cout, std::cerr);
  if (config_path.empty()) {
    std::cerr << "pantau-hub: --config wajib / --config is required\n";
    return exit_config;
  }
  auto cfg = pantau::load_hub_config(config_path);
  if (!cfg) {
    std::cerr << "pantau-hub: konfigurasi salah / bad config: " << cfg.err().message << "\n";
    return exit_config;
  }
  const auto clock_offset = pantau::service::clock_offset_from_environment();
  if (!clock_offset) {
    std::cerr << "pantau-hub: " << clock_offset.err().message << "\n";
    return exit_config;
  }
  const pantau::system_clock wall_clock(*clock_offset);
  if (user_add_cmd->parsed())
    return pantau::hub::app::user_add(*cfg, wall_clock, user_args, std::cin, std::cout, std::cerr);
  if (seed_demo_cmd->parsed()) return seed_demo(*cfg);
  if (verify_cmd->parsed()) return pantau::hub::app::verify_chains(*cfg, wall_clock, std::cout, std::cerr);
  if (aggregates_rebuild_cmd->parsed()) return pantau::hub::app::aggregates_rebuild(*cfg, std::cout, std::cerr);
  if (broker_cmd->parsed()) return pantau::hub::app::broker_config(*cfg, broker_args, std::cout, std::cerr);
  if (badge_cmd->parsed()) return pantau::hub::app::badge_issue(*cfg, wall_clock, badge_args, std::cout, std::cerr);
  if (kiosk_add_cmd->parsed())
    return pantau::hub::app::kiosk_add(*cfg, wall_clock, kiosk_office, kiosk_id, kiosk_public_key, std::cout,
                                       std::cerr);
  auto listen = pantau::parse_host_port(cfg->http_listen);
  if (!listen) {
    std::cerr << "pantau-hub: konfigurasi salah / bad config: " << cfg->source << ": http.listen: "
              << listen.err().message << "\n";
    return exit_config;
  }

  // An explicit [http] web_root must hold the dashboard; the built-in default may be missing (an
  // installed binary without its source tree): then only the dashboard is absent, said in the log.
  bool web_root_missing = false;
  if (cfg->http_web_root.empty()) {
    cfg->http_web_root = PANTAU_DEFAULT_WEB_ROOT;
    web_root_missing = !pantau::hub::http::check_web_root(cfg->http_web_root).ok();
  } else if (auto web = pantau::hub::http::check_web_root(cfg->http_web_root); !web) {
    std::cerr << "pantau-hub: konfigurasi salah / bad config: " << cfg->source << ": http.web_root: "
              << web.err().message << "\n";
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
  if (web_root_missing)
    spdlog::warn("dasbor tidak tersedia / dashboard unavailable: {} has no index.html (set [http] web_root)",
                 cfg->http_web_root);
  if (*clock_offset != 0)
    spdlog::warn("jam dinding digeser / wall clock offset by {} ms ({}): for tests and demos only", *clock_offset,
                 pantau::service::clock_offset_variable);
  try {
    return run(*cfg, *listen, stop_signals, wall_clock);
  } catch (const std::exception& e) {
    return fail(exit_runtime, std::string("kesalahan fatal / fatal error: ") + e.what());
  }
}
