// pantau-kiosk: the kiosk daemon (outbox publisher, station, screen, camera, button, optional simulator) and `emit`.
// Wiring only: the logic lives in kiosk/core and the adapters.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "camera_service.hpp"
#include "simulation.hpp"
#include "pantau/kiosk/mqtt_publisher.hpp"
#include "pantau/kiosk/station.hpp"
#include "pantau/kiosk/simulator.hpp"
#include "pantau/kiosk/button_watcher.hpp"
#include "pantau/kiosk/gpiod_button.hpp"
#include "pantau/kiosk/kiosk_config.hpp"
#include "pantau/kiosk/settings_store.hpp"
#include "pantau/kiosk/sqlite_outbox.hpp"
#include "pantau/kiosk/system_probe.hpp"
#include "pantau/kiosk/ui_server.hpp"
#include "pantau/service/wall_clock.hpp"
#include "pantau/service/watchdog.hpp"
#include "pantau/shared/clock.hpp"
#include "pantau/shared/config.hpp"
#include "pantau/shared/zone.hpp"

namespace {

using namespace pantau;
using namespace pantau::kiosk;

// Whether the wall clock is synced: the kernel's word, unless a test set it (PANTAU_CLOCK_SYNC).
clock_probe clock_sync_probe = kernel_clock_state;
// Whether the status carries the kernel's clock offset and error: not when the state was set instead.
bool clock_from_kernel = true;

constexpr int exit_failure = 1;
constexpr int exit_bad_config = 2;

void setup_logging(const std::string& level) {
  auto logger = spdlog::stdout_logger_mt("pantau-kiosk");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);  // tests and journald read the lines as they come
  spdlog::set_default_logger(logger);
}

result<std::unique_ptr<sqlite_outbox>> open_outbox(const kiosk_config& cfg, const kiosk_identity& id,
                                                    const pantau::clock& clk) {
  return sqlite_outbox::open({cfg.store_path}, event_factory(id, clk, clock_sync_probe));
}

int run_emit(const kiosk_config& cfg, const kiosk_identity& id, const pantau::clock& clk, std::int64_t count,
             sim_mix mix, std::size_t batch, std::optional<std::uint64_t> seed) {
  auto box = open_outbox(cfg, id, clk);
  if (!box) {
    std::cerr << box.err().message << "\n";
    return exit_failure;
  }
  return kiosk::run_emit(**box, count, mix, batch, seed.value_or(cfg.simulate_seed));
}

// The station with its own outbox connection (used by its thread only). A short busy timeout: a citizen
// must not wait ten seconds to learn that the tap was not saved.
result<std::unique_ptr<station>> start_station(const kiosk_config& cfg, const kiosk_identity& id,
                                               const pantau::clock& clk, mqtt_publisher& publisher,
                                               camera_service* camera, int local_offset) {
  auto box = sqlite_outbox::open({cfg.store_path, 3000}, event_factory(id, clk, clock_sync_probe));
  if (!box) return box.err();
  station_options o;
  o.ui.counter = cfg.ui_counter;
  o.ui.utc_offset_minutes = local_offset;
  o.ui.mode = parse_rating_mode(cfg.ui_survey).value_or(rating_mode::quick);
  o.ui.lock_ms = cfg.ui_lock_ms;
  o.ui.greeting_ms = cfg.ui_greeting_ms;
  o.ui.notice_ms = cfg.ui_notice_ms;
  o.kiosk = cfg.kiosk_id;
  o.office = cfg.office;
  o.local_utc_offset_minutes = local_offset;
  o.mode_pinned = !cfg.ui_survey.empty();
  o.connected = [&publisher] { return publisher.stats().ready; };
  if (camera) o.camera_state = [camera] { return std::string(to_string(camera->state())); };
  return station::start(std::move(o), std::move(box).value(), clk);
}

// The touch screen: a peer of the station, like the camera and the button.
result<std::unique_ptr<ui_server>> start_ui(const kiosk_config& cfg, station& counter) {
  auto listen = parse_host_port(cfg.ui_listen);
  if (!listen) return listen.err();
  ui_server_options o;
  o.host = listen->host;
  o.port = listen->port;
  o.web_dir = cfg.ui_web_dir.empty() ? std::string(PANTAU_KIOSK_WEB_DIR) : cfg.ui_web_dir;
  return ui_server::start(std::move(o), counter);
}

int run_daemon(const kiosk_config& cfg, const kiosk_identity& id, const pantau::clock& clk) {
  auto box = open_outbox(cfg, id, clk);
  if (!box) {
    spdlog::error("{}", box.err().message);
    return exit_failure;
  }
  const auto backlog = (*box)->backlog();
  const auto last = (*box)->last_seq();
  spdlog::info("pantau-kiosk {} starting: {}/{}, outbox {} (install {}, backlog {}, last_seq {}), boot {}",
               PANTAU_VERSION, cfg.office, cfg.kiosk_id, cfg.store_path, (*box)->install_id(),
               backlog ? *backlog : -1, last ? *last : -1, id.boot);

  publisher_options po;
  po.mqtt = cfg.mqtt;
  po.office = cfg.office;
  po.kiosk = cfg.kiosk_id;
  po.delivery.window = static_cast<std::size_t>(std::max(1, cfg.window));
  po.delivery.resend_after_ms = cfg.resend_after_ms;
  po.status_interval_s = cfg.status_interval_s;
  po.version = PANTAU_VERSION;
  po.hub_key = cfg.hub_public_key;
  po.signing_key = cfg.signing_key;
  po.key_id = signing::key_id(cfg.signing_key->public_part());
  if (clock_from_kernel)
    po.clock_reading = []() -> std::optional<std::pair<std::int64_t, std::int64_t>> {
      const auto r = kernel_clock_reading();
      if (!r) return std::nullopt;
      return std::pair{r->offset_ms, r->error_ms};
    };
  // The hub's retained config (roster, hours, screen settings), kept in the outbox file: used offline.
  auto hub_settings = settings_store::open(cfg.store_path, cfg.office, cfg.kiosk_id);
  if (!hub_settings) {
    spdlog::error("{}", hub_settings.err().message);
    return exit_failure;
  }
  if (const auto kept = (*hub_settings)->current())
    spdlog::info("hub config of {}: {} employees, {} counters", kept->issued, kept->roster.size(), kept->counters.size());
  po.on_config = [store = hub_settings->get()](const std::string& payload) {
    const auto applied = store->offer(payload);
    if (!applied)
      spdlog::warn("hub config refused: {}", applied.err().message);
    else if (*applied)
      spdlog::info("hub config received: {} employees", store->current()->roster.size());
  };
  std::unique_ptr<camera_service> camera;
  if (cfg.camera) {
    auto cs = camera_service::create(cfg, id, clk, clock_sync_probe);
    if (!cs) {
      std::cerr << "Konfigurasi salah / bad config: " << cs.err().message << "\n";
      return exit_bad_config;
    }
    camera = std::move(cs).value();
    po.camera_state = [cam = camera.get()] { return std::string(to_string(cam->state())); };
  }
  // The publisher loop is what the service watchdog guards; its first tick means the kiosk is up.
  service::systemd_notifier notifier;
  service::watchdog watchdog(notifier, clk, service::watchdog_timeout_from_env());
  po.on_tick = [&watchdog] {
    watchdog.ready();
    watchdog.alive();
  };
  if (watchdog.enabled()) po.poll_interval = std::min(po.poll_interval, watchdog.ping_interval() / 2);
  auto publisher = mqtt_publisher::create(po, std::move(box).value(), clk, clock_sync_probe);
  if (!publisher) {
    std::cerr << "Konfigurasi salah / bad config: " << cfg.source << ": " << publisher.err().message << "\n";
    return exit_bad_config;
  }

  // Zone, holidays and band bounds come from the hub; the local [camera] zone only until it speaks.
  const int local_offset = zone_offset_minutes(cfg.camera ? cfg.camera->zone : "WIB").value_or(7 * 60);
  auto counter = start_station(cfg, id, clk, **publisher, camera.get(), local_offset);
  if (!counter) {
    spdlog::error("{}", counter.err().message);
    return exit_failure;
  }
  station& st = **counter;
  (*hub_settings)->on_change([&st, cam = camera.get(), local_offset](const kiosk_settings& s) {
    if (cam) cam->set_utc_offset_minutes(site_rules_of(s, local_offset).utc_offset_minutes);
    st.apply_settings(s);
  });
  if (camera)
    camera->on_attendance([&st](const std::string& nip, attendance_data::action_t action, std::int64_t ms,
                                clock_state clock) { st.badge_scanned(nip, action, ms, clock); });
  if (camera) camera->on_refusal([&st](badge_rejection r) { st.badge_refused(refusal_of(r)); });
  // Without its screen the kiosk still records badge scans, button presses and delivers its outbox, which
  // matters more than the screen: a UI that cannot start is a loud error, not the end of the process.
  std::unique_ptr<ui_server> ui;
  if (auto started = start_ui(cfg, st)) {
    ui = std::move(started).value();
    spdlog::info("ui listening on http://{}:{}/", ui->host(), ui->port());
  } else {
    spdlog::error("layar sentuh tidak bisa dimulai / cannot start the touch UI: {}", started.err().message);
  }
  // The "next citizen" push button beside the counter, when the device has one ([gpio]).
  std::unique_ptr<gpiod_button> button;
  std::unique_ptr<button_watcher> button_loop;
  if (cfg.gpio) {
    auto opened = gpiod_button::open({cfg.gpio->chip, static_cast<unsigned>(cfg.gpio->line), cfg.gpio->active_low,
                                      cfg.gpio->debounce_ms});
    if (!opened) {
      spdlog::error("{}", opened.err().message);  // the screen still has its own button
    } else {
      button = std::move(opened).value();
      button_loop = std::make_unique<button_watcher>(
          *button, [&st] { st.next_citizen(); }, [](const error& e) { spdlog::warn("{}", e.message); });
      button_loop->start();
      spdlog::info("next-citizen button on {} line {}", cfg.gpio->chip, cfg.gpio->line);
    }
  }

  std::unique_ptr<generator> simulated;
  if (cfg.simulate_rate) {
    auto gen_box = open_outbox(cfg, id, clk);
    if (!gen_box)
      spdlog::error("simulator: {}", gen_box.err().message);
    else
      simulated = std::make_unique<generator>(std::move(gen_box).value(), clk, *cfg.simulate_rate, cfg.simulate_count,
                                              cfg.simulate_seed);
  }
  if (camera) camera->start();
  watchdog.start();
  watchdog.status("melayani / serving: " + cfg.office + "/" + cfg.kiosk_id);
  std::atomic<bool> publisher_done{false};
  std::thread loop([&] {
    (*publisher)->run();
    publisher_done = true;
  });

  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  const timespec poll{0, 200'000'000};
  while (!publisher_done) {
    const int sig = sigtimedwait(&stop_set, nullptr, &poll);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("received {}, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
  }
  watchdog.stopping();
  if (simulated) simulated->stop();
  if (camera) camera->stop();
  if (button_loop) button_loop->stop();
  if (ui) ui->stop();
  st.stop();
  (*publisher)->stop();
  loop.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before any thread exists (Paho starts its own), so that only the
  // sigtimedwait in run_daemon receives them.
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGINT);
  sigaddset(&stop_set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_set, nullptr);
  // A broker that vanishes mid-write must cost a reconnect, not the process.
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"Pantau kiosk: mencatat kejadian ke outbox lalu mengirimkannya ke hub / records events to the "
               "outbox and delivers them to the hub"};
  app.set_version_flag("--version", std::string("pantau-kiosk ") + PANTAU_VERSION);
  std::string config_path = "/etc/pantau/kiosk.toml";
  app.add_option("-c,--config", config_path, "berkas konfigurasi / configuration file (TOML)");

  auto* emit = app.add_subcommand("emit", "menyimpan N kejadian simulasi ke outbox lalu keluar / commits N "
                                          "simulated events to the outbox and exits");
  std::int64_t count = 0;
  std::string type = "mixed";
  std::size_t batch = 500;
  std::optional<std::uint64_t> seed;
  emit->add_option("--count", count, "jumlah kejadian / number of events")->required()->check(CLI::NonNegativeNumber);
  emit->add_option("--type", type, "jenis / kind of events")
      ->check(CLI::IsMember({"mixed", "attendance", "counter", "service", "rating"}));
  emit->add_option("--batch", batch, "kejadian per transaksi / events per transaction")->check(CLI::Range(1, 100000));
  emit->add_option("--seed", seed, "benih simulator / simulator seed (default: [simulate] seed, 0 = acak/random)");

  CLI11_PARSE(app, argc, argv);

  auto cfg = load_kiosk_config(config_path);
  if (!cfg) {
    std::cerr << "Konfigurasi salah / bad config: " << cfg.err().message << "\n";
    return exit_bad_config;
  }
  setup_logging(emit->parsed() ? "warn" : cfg->log_level);

  const auto clock_offset = service::clock_offset_from_environment();
  if (!clock_offset) {
    std::cerr << "pantau-kiosk: " << clock_offset.err().message << "\n";
    return exit_bad_config;
  }
  if (*clock_offset != 0)
    spdlog::warn("jam dinding digeser / wall clock offset by {} ms ({}): for tests and demos only", *clock_offset,
                 service::clock_offset_variable);
  const auto clock_sync = service::clock_sync_from_environment();
  if (!clock_sync) {
    std::cerr << "pantau-kiosk: " << clock_sync.err().message << "\n";
    return exit_bad_config;
  }
  clock_from_kernel = !*clock_sync && !cfg->simulate_rate;
  if (*clock_sync) clock_sync_probe = [state = **clock_sync] { return state; };
  // A simulated kiosk ([simulate]: demos, load tests) stands for one whose clock chrony keeps in step
  // with the hub (docs/clocks.md): its events are synced, so the dashboard shows lateness and check-in
  // times. PANTAU_CLOCK_SYNC still decides when set.
  else if (cfg->simulate_rate) clock_sync_probe = [] { return clock_state::synced; };
  const system_clock clk(*clock_offset);
  const kiosk_identity id{cfg->kiosk_id, cfg->office, read_boot_id(), cfg->signing_key};
  if (emit->parsed()) return run_emit(*cfg, id, clk, count, *parse_sim_mix(type), batch, seed);
  return run_daemon(*cfg, id, clk);
}
