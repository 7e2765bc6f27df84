#include "pantau/kiosk/ui_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "pantau/http/server.hpp"
#include "pantau/http/static_files.hpp"
#include "pantau/http/websocket_session.hpp"

namespace pantau::kiosk {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using pantau::http::request;
using pantau::http::response;
using pantau::http::websocket_session;
using text_frame = pantau::http::frame;

namespace {

// The screen runs all day: a new version of a file shows at the next reload ("no-cache", the default).
pantau::http::static_files_options files_of(const std::string& web_dir) {
  pantau::http::static_files_options o;
  o.root = web_dir;
  return o;
}

}  // namespace

struct ui_server::impl {
  impl(ui_server_options o, kiosk_ui_options u, std::unique_ptr<outbox> b, const clock& c)
      : options(std::move(o)), ui_options(std::move(u)), box(std::move(b)), clk(c),
        ui(std::make_unique<kiosk_ui>(ui_options, *box, clk)), files(files_of(options.web_dir)),
        tick_timer(work_ioc) {}

  // ---- worker thread ----
  void handle(std::string text, std::weak_ptr<websocket_session> from);
  void on_tick();
  void refresh_status();
  void push_state(bool force);
  std::string state_json() const { return ui_state_json(ui->snapshot(), status, ui->utc_offset_minutes()); }
  void schedule_tick();

  // ---- any thread ----
  void broadcast(const text_frame& f);
  void join(const std::shared_ptr<websocket_session>& s);
  // ---- net thread (the http server's io thread) ----
  void upgrade(beast::tcp_stream stream, request req, std::string client);
  response serve(const request& req) const;

  ui_server_options options;
  kiosk_ui_options ui_options;
  std::unique_ptr<outbox> box;  // worker only
  const clock& clk;
  std::unique_ptr<kiosk_ui> ui;  // worker only
  pantau::http::static_files files;
  ui_status status;              // worker only
  std::int64_t status_due_ms = 0;
  std::string last_state;        // worker only: what the screens were last sent
  std::string last_tick_log;     // worker only
  std::int64_t tick_log_due_ms = 0;

  net::io_context work_ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_guard;
  net::steady_timer tick_timer;
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<websocket_session>> sessions;
  std::unique_ptr<pantau::http::server> http;  // the net thread: files, then /ws handed over
  std::thread work_thread;
  bool stopped = false;
  std::atomic<bool> stopping{false};
};

namespace {

constexpr std::size_t queue_limit = 256;  // messages waiting for a screen before it counts as too slow

// WebSockets have no same-origin rule: without this check any page open in a browser on the device
// could tap faces. Only the kiosk's own pages (loopback origins) and non-browser clients (no Origin).
bool local_origin(std::string_view origin) {
  if (origin.empty()) return true;
  for (std::string_view host : {"http://127.0.0.1", "http://localhost", "http://[::1]"}) {
    if (origin == host) return true;
    if (origin.starts_with(host) && origin.size() > host.size() && origin[host.size()] == ':') return true;
  }
  return false;
}

}  // namespace

// Upgrades on /ws are handed over to a websocket session (upgrade); any other is refused here.
response ui_server::impl::serve(const request& req) const {
  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const auto refuse = [&](bhttp::status code, std::string_view message) {
    return pantau::http::json_error(req, code, message);
  };
  if (websocket::is_upgrade(req))
    return pantau::http::json_error(req.version(), false, bhttp::status::not_found,
                                    "Tidak ada WebSocket di sini / No WebSocket here (use /ws)");
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    auto res = refuse(bhttp::status::method_not_allowed, "Hanya GET / Only GET is allowed");
    res.set(bhttp::field::allow, "GET, HEAD");
    return res;
  }
  if (path == "/ws") return refuse(bhttp::status::bad_request, "/ws hanya untuk WebSocket / /ws is for WebSocket only");
  auto res = files.serve_path(req, path);
  if (req.method() == bhttp::verb::head) pantau::http::strip_body_for_head(res);
  return res;
}

// ---- worker thread ----

void ui_server::impl::handle(std::string text, std::weak_ptr<websocket_session> from) {
  auto cmd = parse_ui_command(text);
  std::string reply;
  if (!cmd) {
    reply = ui_reply_json(std::nullopt, result<ui_outcome>(cmd.err()), ui->snapshot().screen);
  } else {
    result<ui_outcome> r = error{errc::invalid_input, std::string(describe(errc::invalid_input))};
    switch (cmd->op) {
      case ui_op::rate: r = ui->rate(*cmd->value); break;
      case ui_op::follow_up: r = ui->answer_follow_up(cmd->value); break;
      case ui_op::survey: r = ui->answer_survey(cmd->value); break;
      case ui_op::counter: r = ui->counter_action(cmd->action); break;
      case ui_op::next: r = ui->next_citizen(); break;
    }
    if (r) {
      if (r->seq > 0)
        spdlog::info("ui: {} committed seq {}{}", text, r->seq, r->misuse ? " (misuse)" : "");
    } else {
      if (r.err().code == errc::not_committed && ui->last_commit_error())
        spdlog::error("ui: {} NOT committed: {}", text, ui->last_commit_error()->message);
      else
        spdlog::warn("ui: {} refused: {}", text, r.err().message);
    }
    reply = ui_reply_json(cmd->re, r, ui->snapshot().screen);
  }
  // The reply goes out only now, after the commit returned (or failed), and before the state it led to.
  if (auto s = from.lock()) s->send(std::make_shared<const std::string>(std::move(reply)));
  push_state(false);
}

void ui_server::impl::refresh_status() {
  if (auto b = box->backlog()) {
    status.backlog = *b;
  } else {
    spdlog::warn("ui: outbox backlog unknown: {}", b.err().message);
    status.backlog = -1;
  }
  status.connected = options.connected ? options.connected() : false;
  status.camera = options.camera_state ? options.camera_state() : "none";
}

void ui_server::impl::push_state(bool force) {
  auto s = state_json();
  if (!force && s == last_state) return;
  last_state = s;
  broadcast(std::make_shared<const std::string>(std::move(s)));
}

void ui_server::impl::on_tick() {
  ui->tick();
  if (ui->last_tick_error() && ui->last_commit_error()) {
    // Retried every tick: say it when it changes and then every 10 s, not five times a second.
    const auto& m = ui->last_commit_error()->message;
    if (m != last_tick_log || clk.monotonic_ms() >= tick_log_due_ms) {
      spdlog::error("ui: pending rating not committed yet: {}", m);
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
  push_state(false);
  schedule_tick();
}

void ui_server::impl::schedule_tick() {
  if (stopping) return;
  tick_timer.expires_after(options.tick_interval);
  tick_timer.async_wait([this](beast::error_code ec) {
    if (!ec) on_tick();
  });
}

// ---- any thread ----

void ui_server::impl::broadcast(const text_frame& f) {
  std::vector<std::shared_ptr<websocket_session>> open;
  {
    std::lock_guard lock(sessions_mu);
    std::erase_if(sessions, [&open](const std::weak_ptr<websocket_session>& w) {
      auto s = w.lock();
      if (!s || !s->is_open()) return true;
      open.push_back(std::move(s));
      return false;
    });
  }
  for (const auto& s : open) s->send(f);
}

void ui_server::impl::join(const std::shared_ptr<websocket_session>& s) {
  {
    std::lock_guard lock(sessions_mu);
    sessions.push_back(s);
  }
  // A new screen gets the whole state at once, from the worker that owns it.
  net::post(work_ioc, [this, w = std::weak_ptr<websocket_session>(s)] {
    if (auto s2 = w.lock()) s2->send(std::make_shared<const std::string>(state_json()));
  });
}

// ---- net thread ----

void ui_server::impl::upgrade(beast::tcp_stream stream, request req, std::string client) {
  if (!local_origin(req[bhttp::field::origin]))
    return pantau::http::answer_and_close(
        std::move(stream), pantau::http::json_error(req.version(), false, bhttp::status::forbidden,
                                                    "Asal halaman tidak diizinkan / Page origin not allowed"));
  pantau::http::websocket_options o;
  o.queue_limit = queue_limit;
  o.message_limit = options.message_limit;
  o.name = "ui";
  o.peer = "the screen at " + client;
  pantau::http::websocket_callbacks callbacks;
  callbacks.opened = [this](const std::shared_ptr<websocket_session>& s) { join(s); };
  callbacks.received = [this](const std::shared_ptr<websocket_session>& s, std::string text, bool is_text) {
    if (!is_text) {
      s->send(std::make_shared<const std::string>(
          ui_reply_json(std::nullopt, error{errc::invalid_input, "Pesan harus teks JSON / Messages must be JSON text"},
                        panel_screen{})));
      return;
    }
    net::post(work_ioc, [this, t = std::move(text), w = std::weak_ptr<websocket_session>(s)]() mutable {
      handle(std::move(t), std::move(w));
    });
  };
  pantau::http::start_websocket(std::move(stream), std::move(req), std::move(o), std::move(callbacks));
}

// ---- ui_server ----

ui_server::ui_server(std::shared_ptr<impl> p) : impl_(std::move(p)) {}
ui_server::~ui_server() { stop(); }

const std::string& ui_server::host() const { return impl_->http->host(); }
std::uint16_t ui_server::port() const { return impl_->http->port(); }

result<std::unique_ptr<ui_server>> ui_server::start(ui_server_options options, kiosk_ui_options ui,
                                                    std::unique_ptr<outbox> box, const clock& clk) {
  if (!box) return error{errc::config, "ui: no outbox"};
  if (auto web = pantau::http::check_web_root(options.web_dir); !web)
    return error{errc::config, "ui.web_dir: " + web.err().message};
  auto p = std::make_shared<impl>(std::move(options), std::move(ui), std::move(box), clk);
  impl* raw = p.get();
  pantau::http::server_options http_options;
  http_options.host = p->options.host;
  http_options.port = p->options.port;
  http_options.body_limit = 64 * 1024;
  http_options.header_limit = 16 * 1024;
  http_options.name = "ui";
  http_options.start_error = errc::ui_error;
  http_options.upgrade_path = "/ws";
  http_options.upgrade = [raw](beast::tcp_stream stream, request req, std::string client) {
    raw->upgrade(std::move(stream), std::move(req), std::move(client));
  };
  // The screen's pages never send such requests: one short answer for all of them.
  http_options.refuse = [](bhttp::status, std::string_view) {
    return pantau::http::json_error(11, false, bhttp::status::bad_request, "Permintaan tidak valid / Bad request");
  };
  // The screens first, so no new command arrives; stop() then lets the worker finish what it was given.
  http_options.on_stop = [raw] {
    std::lock_guard lock(raw->sessions_mu);
    for (auto& w : raw->sessions)
      if (auto s = w.lock()) s->close();
    raw->sessions.clear();
  };
  pantau::http::dispatcher files{[raw](const request& req, std::string_view) { return raw->serve(req); }, {}};
  auto http = pantau::http::server::start(std::move(http_options), std::move(files));
  if (!http) return http.err();
  // Serving starts at once, but commands from the screens wait in the worker's queue until it runs.
  p->http = std::move(http).value();
  p->status.kiosk = p->options.kiosk;
  p->status.office = p->options.office;
  // The day as the screen showed it before a restart (same local day only); the worker does not run yet.
  if (auto kept = p->box->read_state(kiosk_ui::state_key); !kept) {
    spdlog::error("ui: kept state unreadable, starting the day fresh: {}", kept.err().message);
  } else if (*kept) {
    if (auto restored = p->ui->restore(**kept)) {
      const auto snap = p->ui->snapshot();
      spdlog::info("ui: day restored: counter {}, ticket {}, served today {}{}", to_string(snap.state),
                   snap.ticket.value_or("-"), snap.served_today, snap.employee ? ", employee " + snap.employee->nip : "");
    } else if (restored.err().code == errc::old_day) {
      spdlog::info("ui: {}", restored.err().message);
    } else {
      spdlog::error("ui: {}", restored.err().message);
    }
  }

  p->work_guard.emplace(net::make_work_guard(p->work_ioc));
  net::post(p->work_ioc, [raw] {
    raw->refresh_status();
    raw->status_due_ms = raw->clk.monotonic_ms() + raw->options.status_interval.count();
    raw->schedule_tick();
  });
  p->work_thread = std::thread([raw] {
    // A handler that throws must not end the UI: log it and keep serving.
    for (;;) {
      try {
        raw->work_ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("ui worker: unexpected error: {}", e.what());
      }
    }
  });
  return std::unique_ptr<ui_server>(new ui_server(std::move(p)));
}

void ui_server::badge_scanned(std::string nip, attendance_data::action_t action, std::int64_t utc_ms,
                              clock_state clock) {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw, nip = std::move(nip), action, utc_ms, clock] {
    if (auto e = raw->ui->badge_scanned(nip, action, utc_ms, clock))
      spdlog::error("ui: greeting of {} not kept for a restart: {}", nip, e->message);
    raw->push_state(false);
  });
}

void ui_server::set_roster(std::vector<roster_person> people) {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw, people = std::move(people)] {
    for (const auto& p : people) {
      raw->ui->set_employee_name(p.nip, p.name);
      if (p.week) raw->ui->set_employee_schedule(p.nip, *p.week);
    }
    raw->push_state(false);
  });
}

void ui_server::set_site(site_rules rules) {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw, rules = std::move(rules)]() mutable {
    raw->ui->set_site(std::move(rules));
    raw->push_state(false);
  });
}

void ui_server::set_mode(rating_mode mode) {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw, mode] {
    raw->ui->set_mode(mode);
    raw->push_state(false);
  });
}

void ui_server::set_language(ui_language language) {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw, language] {
    raw->ui->set_language(language);
    raw->push_state(false);
  });
}

void ui_server::next_citizen() {
  impl* raw = impl_.get();
  net::post(raw->work_ioc, [raw] {
    auto r = raw->ui->next_citizen();
    if (r)
      spdlog::info("ui: button: next citizen {} (seq {})", r->ticket.value_or("?"), r->seq);
    else
      spdlog::warn("ui: button: {}", r.err().message);
    raw->push_state(false);
  });
}

void ui_server::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl* raw = impl_.get();
  raw->http->stop();  // closes the screens first (on_stop)
  raw->stopping = true;
  net::post(raw->work_ioc, [raw] { raw->tick_timer.cancel(); });
  raw->work_guard.reset();
  if (raw->work_thread.joinable()) raw->work_thread.join();
}

}  // namespace pantau::kiosk
