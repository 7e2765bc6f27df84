#include "pantau/hub/http/live_hub.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "pantau/http/client_address.hpp"
#include "pantau/http/websocket_session.hpp"
#include "pantau/hub/http/alerts_api.hpp"
#include "pantau/hub/http/hub_api.hpp"

namespace pantau::hub::http {

namespace net = boost::asio;
namespace beast = boost::beast;
using steady = std::chrono::steady_clock;
using pantau::http::frame;

namespace {

// An open session and who is logged in on it.
struct listener {
  std::shared_ptr<pantau::http::websocket_session> session;
  std::shared_ptr<const principal> who;
  // Kiosks belong to offices, not units: admins and anyone responsible for some unit see them.
  bool sees_kiosks() const { return who->is_admin() || !who->units.empty(); }
};

}  // namespace

struct live_hub::impl : std::enable_shared_from_this<live_hub::impl> {
  impl(const org_source& o, authenticator a, live_hub_options opts)
      : org(o), authenticate(std::move(a)), options(opts) {}

  void schedule_flush();  // with mu held
  void flush();           // io thread
  // The open sessions right now (the ended ones are let go of).
  std::vector<listener> listening();
  // The units an ingest batch touched (ingest thread).
  touched_units resolve(std::span<const pantau::event* const> events) const;

  const org_source& org;
  authenticator authenticate;
  live_hub_options options;
  std::atomic<std::size_t> open{0};

  std::mutex mu;
  std::set<unit_day> pending_units;
  std::map<std::string, kiosk_info> pending_kiosks;  // by registry key: the latest state wins
  bool flush_scheduled = false;
  steady::time_point last_flush{};
  std::optional<net::any_io_executor> ex;  // the server's, known once a session came

  std::mutex sessions_mu;
  std::vector<std::pair<std::weak_ptr<pantau::http::websocket_session>, std::shared_ptr<const principal>>> sessions;
};

namespace {

frame kpi_frame(const unit_day& d) {
  boost::json::object o;
  o["type"] = "kpi";
  o["scope"] = "unit";
  o["id"] = d.unit;
  o["date"] = d.date;
  return std::make_shared<const std::string>(boost::json::serialize(o));
}

frame kiosk_frame(const kiosk_info& k) {
  // The same object /api/v1/kiosks lists: its array of one, unwrapped.
  const std::string list = kiosks_json({k});
  return std::make_shared<const std::string>(R"({"type":"kiosk","kiosk":)" + list.substr(1, list.size() - 2) + "}");
}

}  // namespace

std::vector<listener> live_hub::impl::listening() {
  std::lock_guard lock(sessions_mu);
  std::vector<listener> out;
  out.reserve(sessions.size());
  std::erase_if(sessions, [&out](const auto& entry) {
    auto s = entry.first.lock();
    if (!s || !s->is_open()) return true;
    out.push_back(listener{std::move(s), entry.second});
    return false;
  });
  return out;
}

touched_units live_hub::impl::resolve(std::span<const pantau::event* const> events) const {
  // An employee or counter added meanwhile is in the next snapshot: nothing to reload here.
  return units_touched(*org.current(), events);
}

void live_hub::impl::schedule_flush() {
  if (flush_scheduled || !ex) return;
  flush_scheduled = true;
  const auto due = last_flush + options.coalesce;
  net::post(*ex, [self = shared_from_this(), due] {
    auto timer = std::make_shared<net::steady_timer>(*self->ex, due);
    timer->async_wait([self, timer](beast::error_code ec) {
      if (!ec) self->flush();
    });
  });
}

void live_hub::impl::flush() {
  std::set<unit_day> units;
  std::map<std::string, kiosk_info> kiosks;
  {
    std::lock_guard lock(mu);
    units.swap(pending_units);
    kiosks.swap(pending_kiosks);
    flush_scheduled = false;
    last_flush = steady::now();
  }
  std::vector<frame> kiosk_frames;
  kiosk_frames.reserve(kiosks.size());
  for (const auto& [key, k] : kiosks) kiosk_frames.push_back(kiosk_frame(k));
  std::vector<std::pair<const unit_day*, frame>> unit_frames;
  unit_frames.reserve(units.size());
  for (const auto& d : units) unit_frames.emplace_back(&d, kpi_frame(d));

  for (const auto& l : listening()) {
    if (l.sees_kiosks())
      for (const auto& f : kiosk_frames) l.session->send(f);
    for (const auto& [d, f] : unit_frames)
      if (l.who->can_see_unit(d->unit)) l.session->send(f);
  }
}

live_hub::live_hub(const org_source& org, authenticator authenticate, live_hub_options options)
    : impl_(std::make_shared<impl>(org, std::move(authenticate), options)) {}

live_hub::~live_hub() = default;

std::size_t live_hub::sessions() const { return impl_->open.load(); }

void live_hub::attach(server_options& options) {
  options.upgrade_path = std::string(live_path);
  options.upgrade = [this](beast::tcp_stream stream, request req, pantau::http::taken_connection conn) {
    accept(std::move(stream), std::move(req), std::move(conn));
  };
}

void live_hub::committed(const committed_batch& batch) {
  if (impl_->open.load() == 0) return;  // nobody listens: nothing to remember
  touched_units touched;
  if (!batch.events.empty()) touched = impl_->resolve(batch.events);
  std::lock_guard lock(impl_->mu);
  for (auto& d : touched.days) impl_->pending_units.insert(std::move(d));
  for (const auto& k : batch.kiosks) impl_->pending_kiosks[kiosk_registry::key(k.office, k.kiosk)] = k;
  impl_->schedule_flush();
}

void live_hub::push_alert(const alert_record& alert) {
  if (impl_->open.load() == 0) return;  // nobody listens; /api/v1/alerts has it for later
  auto f = std::make_shared<const std::string>(alert_frame(alert));
  for (const auto& l : impl_->listening())
    if (may_see(*l.who, alert)) l.session->send(f);
}

void live_hub::accept(beast::tcp_stream stream, request req, pantau::http::taken_connection conn) {
  const std::string client = std::move(conn.client);
  if (!pantau::http::origin_allowed(req, impl_->options.allowed_origins)) {
    spdlog::warn("live: refused a page of origin \"{}\" from {}", pantau::http::loggable(req[bhttp::field::origin], 100), client);
    return pantau::http::answer_and_close(
        std::move(stream),
        error_response(req, bhttp::status::forbidden, "asal halaman tidak diizinkan / page origin not allowed"),
        std::move(conn.slot));
  }
  std::optional<principal> who;
  if (impl_->authenticate) who = impl_->authenticate(req);
  if (!who)
    return pantau::http::answer_and_close(
        std::move(stream), error_response(req, bhttp::status::unauthorized, "perlu masuk / login required"),
        std::move(conn.slot));
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->ex) impl_->ex = stream.get_executor();
  }
  auto user = std::make_shared<const principal>(std::move(*who));
  pantau::http::websocket_options options;
  options.queue_limit = impl_->options.queue_limit;
  options.server_name = std::string(server_name);
  options.name = "live";
  options.peer = user->user + " from " + client;
  options.slot = std::move(conn.slot);
  std::weak_ptr<impl> hub = impl_;
  pantau::http::websocket_callbacks callbacks;
  callbacks.opened = [hub, user, client](const std::shared_ptr<pantau::http::websocket_session>& s) {
    auto h = hub.lock();
    if (!h) return;
    {
      std::lock_guard lock(h->sessions_mu);
      h->sessions.emplace_back(s, user);
    }
    h->open.fetch_add(1);
    spdlog::info("live: {} connected from {}", user->user, client);
  };
  callbacks.ended = [hub] {
    if (auto h = hub.lock()) h->open.fetch_sub(1);
  };
  pantau::http::start_websocket(std::move(stream), std::move(req), std::move(options), std::move(callbacks));
}

}  // namespace pantau::hub::http
