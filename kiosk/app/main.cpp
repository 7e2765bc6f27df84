// pantau-kiosk: the kiosk daemon (outbox publisher, optional event simulator) and `emit`.
// Wiring only: the logic lives in kiosk/core and the adapters.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "camera_service.hpp"
#include "pantau/kiosk/mqtt_publisher.hpp"
#include "pantau/kiosk/sim_driver.hpp"
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

constexpr int exit_failure = 1;
constexpr int exit_bad_config = 2;

// Lets the generator sleep until its next event yet wake at once on stop.
class stop_signal {
 public:
  void request() {
    {
      std::lock_guard lock(m_);
      stopped_ = true;
    }
    cv_.notify_all();
  }
  bool requested() {
    std::lock_guard lock(m_);
    return stopped_;
  }
  // True when stop was requested before `d` passed.
  bool wait_for(std::chrono::milliseconds d) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, d, [this] { return stopped_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

void setup_logging(const std::string& level) {
  auto logger = spdlog::stdout_logger_mt("pantau-kiosk");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::trace);  // tests and journald read the lines as they come
  spdlog::set_default_logger(logger);
}

std::uint64_t resolve_seed(std::uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
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
  simulator sim({.seed = resolve_seed(seed.value_or(cfg.simulate_seed)), .mix = mix});
  std::int64_t first = 0, last = 0, done = 0;
  std::vector<event_data> events;
  while (done < count) {
    const auto n = std::min<std::int64_t>(static_cast<std::int64_t>(batch), count - done);
    events.clear();
    for (std::int64_t i = 0; i < n; ++i) events.push_back(sim.next());
    auto rows = (*box)->append_many(events);
    if (!rows) {
      std::cerr << "gagal menyimpan / cannot commit: " << rows.err().message << "\n";
      if (done > 0) std::cerr << "committed " << done << " events, seq " << first << ".." << last << "\n";
      return exit_failure;
    }
    if (done == 0) first = rows->front().seq;
    last = rows->back().seq;
    done += n;
  }
  if (done == 0)
    std::cout << "committed 0 events\n";
  else
    std::cout << "committed " << done << " events, seq " << first << ".." << last << "\n";
  return 0;
}

void run_generator(const kiosk_config& cfg, const kiosk_identity& id, const pantau::clock& clk, stop_signal& stop) {
  auto box = open_outbox(cfg, id, clk);
  if (!box) {
    spdlog::error("simulator: {}", box.err().message);
    return;
  }
  sim_drive_options o{.rate = *cfg.simulate_rate, .count = cfg.simulate_count};
  sim_driver driver(simulator({.seed = resolve_seed(cfg.simulate_seed)}), **box, o, clk.monotonic_ms());
  spdlog::info("simulator: {} events/s{}", o.rate,
               o.count ? " until last_seq reaches " + std::to_string(*o.count) : std::string());
  // Batches of at least a tick's worth keep high rates from turning into one fsync per event.
  constexpr std::int64_t min_tick_ms = 20;
  while (!stop.requested()) {
    auto n = driver.step(clk.monotonic_ms());
    if (!n) {
      spdlog::error("simulator: {}", n.err().message);
      if (stop.wait_for(std::chrono::seconds(1))) break;
      continue;
    }
    if (driver.finished()) {
      spdlog::info("simulator: reached {} events; generator idle", o.count.value_or(0));
      return;
    }
    const std::int64_t wait = std::max(min_tick_ms, driver.next_due_ms() - clk.monotonic_ms());
    if (stop.wait_for(std::chrono::milliseconds(std::min<std::int64_t>(wait, 1000)))) break;
  }
  spdlog::info("simulator: stopped after {} events", driver.committed());
}

// The touch UI with its own outbox connection (used by its worker thread only). A short busy timeout:
// a citizen must not wait ten seconds to learn that the tap was not saved.
result<std::unique_ptr<ui_server>> start_ui(const kiosk_config& cfg, const kiosk_identity& id, const pantau::clock& clk,
                                            mqtt_publisher& publisher, camera_service* camera) {
  auto box = sqlite_outbox::open({cfg.store_path, 3000}, event_factory(id, clk, clock_sync_probe));
  if (!box) return box.err();
  auto listen = parse_host_port(cfg.ui_listen);
  if (!listen) return listen.err();
  kiosk_ui_options uo;
  uo.counter = cfg.ui_counter;
  uo.utc_offset_minutes = zone_offset_minutes(cfg.camera ? cfg.camera->zone : "WIB").value_or(7 * 60);
  uo.mode = parse_rating_mode(cfg.ui_survey).value_or(rating_mode::quick);
  uo.lock_ms = cfg.ui_lock_ms;
  ui_server_options so;
  so.host = listen->host;
  so.port = listen->port;
  so.web_dir = cfg.ui_web_dir.empty() ? std::string(PANTAU_KIOSK_WEB_DIR) : cfg.ui_web_dir;
  so.kiosk = cfg.kiosk_id;
  so.office = cfg.office;
  so.connected = [&publisher] { return publisher.stats().ready; };
  if (camera) so.camera_state = [camera] { return std::string(to_string(camera->state())); };
  return ui_server::start(std::move(so), std::move(uo), std::move(box).value(), clk);
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
  po.key_id = signing::key_id(cfg.signing_key->public_part());
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

  // Without its screen the kiosk still records badge scans and delivers its outbox, which matters more
  // than the screen: a UI that cannot start is a loud error, not the end of the process.
  std::unique_ptr<ui_server> ui;
  if (auto started = start_ui(cfg, id, clk, **publisher, camera.get())) {
    ui = std::move(started).value();
    spdlog::info("ui listening on http://{}:{}/", ui->host(), ui->port());
  } else {
    spdlog::error("layar sentuh tidak bisa dimulai / cannot start the touch UI: {}", started.err().message);
  }
  // Zone, holidays and band bounds come from the hub; the local [camera] zone only until it speaks.
  const int local_offset = zone_offset_minutes(cfg.camera ? cfg.camera->zone : "WIB").value_or(7 * 60);
  if (camera)
    (*hub_settings)->on_change([cam = camera.get(), local_offset](const kiosk_settings& s) {
      cam->set_utc_offset_minutes(site_rules_of(s, local_offset).utc_offset_minutes);
    });
  if (ui)
    (*hub_settings)->on_change([srv = ui.get(), pinned_mode = cfg.ui_survey, local_offset](const kiosk_settings& s) {
      srv->set_site(site_rules_of(s, local_offset));
      std::vector<ui_server::roster_person> people;
      for (const auto& e : s.roster) {
        ui_server::roster_person p{e.nip, e.name, std::nullopt};
        if (const auto* h = s.hours_of(e.unit)) {
          weekly_schedule week;
          for (std::size_t d = 0; d < week.size(); ++d)
            if (h->weekly[d]) week[d] = work_schedule{h->weekly[d]->start_min, h->grace_minutes};
          p.week = week;
        }
        people.push_back(std::move(p));
      }
      srv->set_roster(std::move(people));
      // The hub decides the rating mode unless this kiosk's own [ui] survey pins it.
      if (pinned_mode.empty())
        if (const auto mode = parse_rating_mode(s.rating_mode)) srv->set_mode(*mode);
      // The hub's first language leads on screen; the other stays as the second line.
      if (const auto language = parse_ui_language(s.language)) srv->set_language(*language);
    });
  // The "next citizen" push button beside the counter, when the device has one ([gpio]).
  std::unique_ptr<gpiod_button> button;
  std::unique_ptr<button_watcher> button_loop;
  if (cfg.gpio && ui) {
    auto opened = gpiod_button::open({cfg.gpio->chip, static_cast<unsigned>(cfg.gpio->line), cfg.gpio->active_low,
                                      cfg.gpio->debounce_ms});
    if (!opened) {
      spdlog::error("{}", opened.err().message);  // the screen still has its own button
    } else {
      button = std::move(opened).value();
      button_loop = std::make_unique<button_watcher>(
          *button, [srv = ui.get()] { srv->next_citizen(); },
          [](const error& e) { spdlog::warn("{}", e.message); });
      button_loop->start();
      spdlog::info("next-citizen button on {} line {}", cfg.gpio->chip, cfg.gpio->line);
    }
  }
  if (camera && ui)
    camera->on_attendance([srv = ui.get()](const std::string& nip, attendance_data::action_t action, std::int64_t ms,
                                           clock_state clock) {
      srv->badge_scanned(nip, action, ms, clock);
    });

  stop_signal gen_stop;
  std::thread generator;
  if (cfg.simulate_rate) generator = std::thread([&] { run_generator(cfg, id, clk, gen_stop); });
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
  gen_stop.request();
  if (generator.joinable()) generator.join();
  if (camera) camera->stop();
  if (button_loop) button_loop->stop();
  if (ui) ui->stop();
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
  if (*clock_sync) clock_sync_probe = [state = **clock_sync] { return state; };
  const system_clock clk(*clock_offset);
  const kiosk_identity id{cfg->kiosk_id, cfg->office, read_boot_id(), cfg->signing_key};
  if (emit->parsed()) return run_emit(*cfg, id, clk, count, *parse_sim_mix(type), batch, seed);
  return run_daemon(*cfg, id, clk);
}
