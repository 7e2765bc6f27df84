#include "pantau/kiosk/ui_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "pantau/http/server.hpp"
#include "pantau/http/static_files.hpp"
#include "pantau/http/websocket_session.hpp"
#include "pantau/kiosk/ui_json.hpp"

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

struct ui_server::impl : std::enable_shared_from_this<ui_server::impl> {
  impl(ui_server_options o, station& s) : options(std::move(o)), counter(s), files(files_of(options.web_dir)) {}

  // ---- station thread ----
  // Frames are handed to the net thread: a session's last owner must never be the station's thread, which
  // may run on after the server and its io_context are gone.
  void on_view(const station_view& v);
  void reply(const std::weak_ptr<websocket_session>& to, text_frame f);
  // ---- net thread (the http server's io thread) ----
  void broadcast(const text_frame& f);
  void join(const std::shared_ptr<websocket_session>& s);
  void upgrade(beast::tcp_stream stream, request req, pantau::http::taken_connection conn);
  response serve(const request& req) const;

  ui_server_options options;
  station& counter;
  pantau::http::static_files files;
  std::mutex sessions_mu;
  std::vector<std::weak_ptr<websocket_session>> sessions;  // sessions_mu
  std::shared_ptr<const std::string> last_state;            // sessions_mu: what the screens were last sent
  std::unique_ptr<pantau::http::server> http;  // the net thread: files, then /ws handed over
  bool stopped = false;
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

// ---- station thread ----

void ui_server::impl::on_view(const station_view& v) {
  auto text = ui_state_json(v.snapshot, v.status, v.utc_offset_minutes);
  std::shared_ptr<const std::string> frame;
  {
    std::lock_guard lock(sessions_mu);
    if (last_state && *last_state == text) return;
    frame = last_state = std::make_shared<const std::string>(std::move(text));
  }
  net::post(http->executor(), [this, frame] { broadcast(frame); });
}

void ui_server::impl::reply(const std::weak_ptr<websocket_session>& to, text_frame f) {
  net::post(http->executor(), [to, f = std::move(f)] {
    if (auto s = to.lock()) s->send(f);
  });
}

// ---- net thread ----

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
  // A new screen gets the whole state at once; later states reach it through broadcast.
  std::shared_ptr<const std::string> state;
  {
    std::lock_guard lock(sessions_mu);
    sessions.push_back(s);
    state = last_state;
  }
  if (state) s->send(state);
}

void ui_server::impl::upgrade(beast::tcp_stream stream, request req, pantau::http::taken_connection conn) {
  if (!local_origin(req[bhttp::field::origin]))
    return pantau::http::answer_and_close(
        std::move(stream),
        pantau::http::json_error(req.version(), false, bhttp::status::forbidden,
                                 "Asal halaman tidak diizinkan / Page origin not allowed"),
        std::move(conn.slot));
  pantau::http::websocket_options o;
  o.queue_limit = queue_limit;
  o.message_limit = options.message_limit;
  o.name = "ui";
  o.peer = "the screen at " + conn.client;
  o.slot = std::move(conn.slot);
  pantau::http::websocket_callbacks callbacks;
  callbacks.opened = [this](const std::shared_ptr<websocket_session>& s) { join(s); };
  callbacks.received = [this](const std::shared_ptr<websocket_session>& s, std::string text, bool is_text) {
    if (!is_text) {
      s->send(std::make_shared<const std::string>(
          ui_reply_json(std::nullopt, error{errc::invalid_input, "Pesan harus teks JSON / Messages must be JSON text"},
                        panel_screen{})));
      return;
    }
    auto command = parse_ui_command(text);
    if (!command) {
      s->send(std::make_shared<const std::string>(
          ui_reply_json(std::nullopt, result<ui_outcome>(command.err()), panel_screen{})));
      return;
    }
    const auto re = command->re;
    counter.submit(*command, [self = weak_from_this(), to = std::weak_ptr<websocket_session>(s), re](
                                 const result<ui_outcome>& r, panel_screen screen) {
      if (auto alive = self.lock()) alive->reply(to, std::make_shared<const std::string>(ui_reply_json(re, r, screen)));
    });
  };
  pantau::http::start_websocket(std::move(stream), std::move(req), std::move(o), std::move(callbacks));
}

// ---- ui_server ----

ui_server::ui_server(std::shared_ptr<impl> p) : impl_(std::move(p)) {}
ui_server::~ui_server() { stop(); }

const std::string& ui_server::host() const { return impl_->http->host(); }
std::uint16_t ui_server::port() const { return impl_->http->port(); }

result<std::unique_ptr<ui_server>> ui_server::start(ui_server_options options, station& counter) {
  if (auto web = pantau::http::check_web_root(options.web_dir); !web)
    return error{errc::config, "ui.web_dir: " + web.err().message};
  auto p = std::make_shared<impl>(std::move(options), counter);
  impl* raw = p.get();
  pantau::http::server_options http_options;
  http_options.host = p->options.host;
  http_options.port = p->options.port;
  http_options.body_limit = 64 * 1024;
  http_options.header_limit = 16 * 1024;
  http_options.name = "ui";
  http_options.start_error = errc::ui_error;
  http_options.upgrade_path = "/ws";
  http_options.upgrade = [raw](beast::tcp_stream stream, request req, pantau::http::taken_connection conn) {
    raw->upgrade(std::move(stream), std::move(req), std::move(conn));
  };
  // The screen's pages never send such requests: one short answer for all of them.
  http_options.refuse = [](bhttp::status, std::string_view) {
    return pantau::http::json_error(11, false, bhttp::status::bad_request, "Permintaan tidak valid / Bad request");
  };
  http_options.on_stop = [raw] {
    std::lock_guard lock(raw->sessions_mu);
    for (auto& w : raw->sessions)
      if (auto s = w.lock()) s->close();
    raw->sessions.clear();
  };
  pantau::http::dispatcher files{[raw](const request& req, std::string_view) { return raw->serve(req); }, {}};
  auto http = pantau::http::server::start(std::move(http_options), std::move(files));
  if (!http) return http.err();
  p->http = std::move(http).value();
  // The station may outlive this server: its listener holds the server weakly.
  counter.subscribe([w = std::weak_ptr<impl>(p)](const station_view& v) {
    if (auto alive = w.lock()) alive->on_view(v);
  });
  return std::unique_ptr<ui_server>(new ui_server(std::move(p)));
}

void ui_server::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->http->stop();  // closes the screens (on_stop)
}

}  // namespace pantau::kiosk
