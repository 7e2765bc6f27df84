#include "pantau/kiosk/station.hpp"

#include <boost/asio.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

namespace pantau::kiosk {

namespace net = boost::asio;

namespace {

const char* name_of(ui_op op) {
  switch (op) {
    case ui_op::rate: return "rate";
    case ui_op::follow_up: return "follow_up";
    case ui_op::survey: return "survey";
    case ui_op::counter: return "counter";
    case ui_op::next: return "next";
    case ui_op::profile: return "profile";
    case ui_op::profile_skip: return "profile_skip";
  }
  return "?";
}

// The unit hours of each roster employee, as the greeting needs them.
std::optional<weekly_schedule> week_of(const kiosk_settings& s, const roster_entry& e) {
  const auto* h = s.hours_of(e.unit);
  if (h == nullptr) return std::nullopt;
  weekly_schedule week;
  for (std::size_t d = 0; d < week.size(); ++d)
    if (h->weekly[d]) week[d] = work_schedule{h->weekly[d]->start_min, h->grace_minutes};
  return week;
}

}  // namespace

struct station::impl {
  impl(station_options o, std::unique_ptr<outbox> b, const clock& c)
      : options(std::move(o)), box(std::move(b)), clk(c), ui(options.ui, *box, clk), tick_timer(ioc) {
    status.kiosk = options.kiosk;
    status.office = options.office;
  }

  // ---- station thread ----
  void restore();
  void handle(const ui_command& cmd, const reply_fn& reply);
  void apply(const kiosk_settings& s);
  void on_tick();
  void schedule_tick();
  void refresh_status();
  station_view view() const { return {ui.snapshot(), status, ui.utc_offset_minutes()}; }
  void publish() {
    const auto v = view();
    for (const auto& l : listeners) l(v);
  }

  station_options options;
  std::unique_ptr<outbox> box;  // station thread only
  const clock& clk;
  kiosk_ui ui;                  // station thread only
  ui_status status;             // station thread only
  std::vector<listener_fn> listeners;  // station thread only
  std::int64_t status_due_ms = 0;
  std::string last_tick_log;
  std::int64_t tick_log_due_ms = 0;

  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_guard;
  net::steady_timer tick_timer;
  std::thread thread;
  std::atomic<bool> stopping{false};
  bool stopped = false;
};

void station::impl::restore() {
  // The day as the screen showed it before a restart (same local day only).
  auto kept = box->read_state(kiosk_ui::state_key);
  if (!kept) {
    spdlog::error("station: kept state unreadable, starting the day fresh: {}", kept.err().message);
    return;
  }
  if (!*kept) return;
  if (auto restored = ui.restore(**kept)) {
    const auto snap = ui.snapshot();
    spdlog::info("station: day restored: counter {}, ticket {}, served today {}{}", to_string(snap.state),
                 snap.ticket.value_or("-"), snap.served_today, snap.employee ? ", employee " + snap.employee->nip : "");
  } else if (restored.err().code == errc::old_day) {
    spdlog::info("station: {}", restored.err().message);
  } else {
    spdlog::error("station: {}", restored.err().message);
  }
}

void station::impl::handle(const ui_command& cmd, const reply_fn& reply) {
  result<ui_outcome> r = error{errc::invalid_input, std::string(describe(errc::invalid_input))};
  switch (cmd.op) {
    case ui_op::rate: r = ui.rate(cmd.value.value_or(0)); break;
    case ui_op::follow_up: r = ui.answer_follow_up(cmd.value); break;
    case ui_op::survey: r = ui.answer_survey(cmd.value); break;
    case ui_op::counter: r = ui.counter_action(cmd.action); break;
    case ui_op::next: r = ui.next_citizen(); break;
    case ui_op::profile: r = ui.answer_profile(cmd.code); break;
    case ui_op::profile_skip: r = ui.skip_profile(); break;
  }
  if (r) {
    if (r->seq > 0) spdlog::info("station: {} committed seq {}{}", name_of(cmd.op), r->seq, r->misuse ? " (misuse)" : "");
  } else if (r.err().code == errc::not_committed && ui.last_commit_error()) {
    spdlog::error("station: {} NOT committed: {}", name_of(cmd.op), ui.last_commit_error()->message);
  } else {
    spdlog::warn("station: {} refused: {}", name_of(cmd.op), r.err().message);
  }
  // The reply goes out only now, after the commit returned (or failed), and before the state it led to.
  if (reply) reply(r, ui.snapshot().screen);
  publish();
}

void station::impl::apply(const kiosk_settings& s) {
  ui.set_site(site_rules_of(s, options.local_utc_offset_minutes));
  for (const auto& e : s.roster) {
    ui.set_employee_name(e.nip, e.name);
    if (const auto week = week_of(s, e)) ui.set_employee_schedule(e.nip, *week);
  }
  if (!options.mode_pinned)
    if (const auto mode = parse_rating_mode(s.rating_mode)) ui.set_mode(*mode);
  // The hub's first language leads on screen; the other stays as the second line.
  if (const auto language = parse_ui_language(s.language)) ui.set_language(*language);
  // Events name this kiosk's counter: the hub files them under the unit it lists the counter with.
  const auto& counter = options.ui.counter;
  status.counter_known = false;
  status.counter_unit.clear();
  for (const auto& c : s.counters)
    if (c.counter == counter) {
      status.counter_known = true;
      status.counter_unit = c.unit;
    }
  // The profile offers the services of the unit this counter belongs to, in the unit's order.
  std::vector<profile_service> services;
  for (const auto& sv : s.services)
    if (sv.unit == status.counter_unit) services.push_back({sv.code, sv.name});
  ui.set_profile(s.respondent_profile, std::move(services));
  if (!*status.counter_known)
    spdlog::warn("station: loket \"{}\" tidak ada di konfigurasi hub / counter \"{}\" is not in the hub's config "
                 "(known: {})", counter, counter, s.counters.size());
  publish();
}

void station::impl::refresh_status() {
  if (auto b = box->backlog()) {
    status.backlog = *b;
  } else {
    spdlog::warn("station: outbox backlog unknown: {}", b.err().message);
    status.backlog = -1;
  }
  status.connected = options.connected ? options.connected() : false;
  status.camera = options.camera_state ? options.camera_state() : "none";
}

void station::impl::on_tick() {
  ui.tick();
  if (ui.last_tick_error() && ui.last_commit_error()) {
    // Retried every tick: say it when it changes and then every 10 s, not five times a second.
    const auto& m = ui.last_commit_error()->message;
    if (m != last_tick_log || clk.monotonic_ms() >= tick_log_due_ms) {
      spdlog::error("station: pending rating not committed yet: {}", m);
      last_tick_log = m;
      tick_log_due_ms = clk.monotonic_ms() + 10'000;
    }
  } else {
    last_tick_log.clear();
  }
  const auto now = clk.monotonic_ms();
  if (now >= status_due_ms) {
    refresh_status();
    status_due_ms = now + options.status_interval.count();
  }
  publish();
  schedule_tick();
}

void station::impl::schedule_tick() {
  if (stopping) return;
  tick_timer.expires_after(options.tick_interval);
  tick_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_tick();
  });
}

// ---- station ----

station::station(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
station::~station() { stop(); }

result<std::unique_ptr<station>> station::start(station_options options, std::unique_ptr<outbox> box,
                                                const clock& clk) {
  if (!box) return error{errc::config, "station: no outbox"};
  auto p = std::make_unique<impl>(std::move(options), std::move(box), clk);
  impl* raw = p.get();
  raw->restore();  // before the thread runs: nothing else touches the state yet
  raw->work_guard.emplace(net::make_work_guard(raw->ioc));
  net::post(raw->ioc, [raw] {
    raw->refresh_status();
    raw->status_due_ms = raw->clk.monotonic_ms() + raw->options.status_interval.count();
    raw->schedule_tick();
  });
  raw->thread = std::thread([raw] {
    // A handler that throws must not end the station: log it and keep serving.
    for (;;) {
      try {
        raw->ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("station: unexpected error: {}", e.what());
      }
    }
  });
  return std::unique_ptr<station>(new station(std::move(p)));
}

void station::submit(ui_command command, reply_fn reply) {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw, command, reply = std::move(reply)] { raw->handle(command, reply); });
}

void station::badge_scanned(std::string nip, attendance_data::action_t action, std::int64_t utc_ms,
                            clock_state clock) {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw, nip = std::move(nip), action, utc_ms, clock] {
    if (auto e = raw->ui.badge_scanned(nip, action, utc_ms, clock))
      spdlog::error("station: greeting of {} not kept for a restart: {}", nip, e->message);
    raw->publish();
  });
}

void station::badge_refused(badge_refusal reason) {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw, reason] {
    raw->ui.badge_refused(reason);
    raw->publish();
  });
}

void station::next_citizen() {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw] {
    auto r = raw->ui.next_citizen();
    if (r)
      spdlog::info("station: button: next citizen {} (seq {})", r->ticket.value_or("?"), r->seq);
    else
      spdlog::warn("station: button: {}", r.err().message);
    raw->publish();
  });
}

void station::apply_settings(const kiosk_settings& settings) {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw, settings] { raw->apply(settings); });
}

void station::subscribe(listener_fn listener) {
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw, listener = std::move(listener)]() mutable {
    listener(raw->view());
    raw->listeners.push_back(std::move(listener));
  });
}

void station::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl* raw = impl_.get();
  raw->stopping = true;
  net::post(raw->ioc, [raw] { raw->tick_timer.cancel(); });
  raw->work_guard.reset();
  if (raw->thread.joinable()) raw->thread.join();
}

}  // namespace pantau::kiosk
