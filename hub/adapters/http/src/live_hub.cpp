#include "pantau/hub/http/live_hub.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "pantau/hub/http/alerts_api.hpp"
#include "pantau/hub/http/hub_api.hpp"

namespace pantau::hub::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using steady = std::chrono::steady_clock;
using frame = std::shared_ptr<const std::string>;

namespace {
class live_session;
}

struct live_hub::impl : std::enable_shared_from_this<live_hub::impl> {
  impl(const org_source& o, authenticator a, live_hub_options opts)
      : org(o), authenticate(std::move(a)), options(opts) {}

  void schedule_flush();  // with mu held
  void flush();           // io thread
  void join(const std::shared_ptr<live_session>& s);  // io thread
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

  std::vector<std::weak_ptr<live_session>> sessions;  // io thread only
};

namespace {

class live_session : public std::enable_shared_from_this<live_session> {
 public:
  live_session(beast::tcp_stream stream, principal who, std::string client, std::weak_ptr<live_hub::impl> hub,
               std::size_t queue_limit)
      : ws_(std::move(stream)), who_(std::move(who)), client_(std::move(client)), hub_(std::move(hub)),
        queue_limit_(queue_limit) {}
  ~live_session() { leave(); }
  live_session(const live_session&) = delete;
  live_session& operator=(const live_session&) = delete;

  void start(request req) {
    req_ = std::move(req);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(bhttp::field::server, "pantau-hub"); }));
    ws_.async_accept(req_, beast::bind_front_handler(&live_session::on_accept, shared_from_this()));
  }

  const principal& who() const { return who_; }
  // Kiosks belong to offices, not units: admins and anyone responsible for some unit see them.
  bool sees_kiosks() const { return who_.is_admin() || !who_.units.empty(); }

  // io thread only.
  void send(const frame& f) {
    if (left_) return;
    if (queue_.size() >= queue_limit_) {
      spdlog::warn("live: {} from {} reads too slowly ({} frames waiting), disconnected", who_.user, client_,
                   queue_.size());
      leave();
      beast::get_lowest_layer(ws_).close();
      return;
    }
    queue_.push_back(f);
    if (queue_.size() == 1) write();
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) {
      spdlog::debug("live: upgrade from {} failed: {}", client_, ec.message());
      return;
    }
    auto hub = hub_.lock();
    if (!hub) return;
    joined_ = true;
    hub->join(shared_from_this());
    spdlog::info("live: {} connected from {}", who_.user, client_);
    read();
  }

  void read() { ws_.async_read(buffer_, beast::bind_front_handler(&live_session::on_read, shared_from_this())); }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return leave();
    buffer_.consume(buffer_.size());  // nothing to subscribe to: every session gets what it may see
    read();
  }

  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&live_session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return leave();
    queue_.pop_front();
    if (!queue_.empty() && !left_) write();
  }

  void leave() {
    if (left_) return;
    left_ = true;
    if (!joined_) return;
    if (auto hub = hub_.lock()) hub->open.fetch_sub(1);
  }

  websocket::stream<beast::tcp_stream> ws_;
  request req_;
  beast::flat_buffer buffer_;
  std::deque<frame> queue_;
  principal who_;
  std::string client_;
  std::weak_ptr<live_hub::impl> hub_;
  std::size_t queue_limit_;
  bool joined_ = false;
  bool left_ = false;
};

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

void live_hub::impl::join(const std::shared_ptr<live_session>& s) {
  open.fetch_add(1);
  sessions.push_back(s);
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

  std::erase_if(sessions, [](const std::weak_ptr<live_session>& w) { return w.expired(); });
  for (const auto& w : sessions) {
    auto s = w.lock();
    if (!s) continue;
    if (s->sees_kiosks())
      for (const auto& f : kiosk_frames) s->send(f);
    for (const auto& [d, f] : unit_frames)
      if (s->who().can_see_unit(d->unit)) s->send(f);
  }
}

live_hub::live_hub(const org_source& org, authenticator authenticate, live_hub_options options)
    : impl_(std::make_shared<impl>(org, std::move(authenticate), options)) {}

live_hub::~live_hub() = default;

std::size_t live_hub::sessions() const { return impl_->open.load(); }

void live_hub::attach(server_options& options) {
  options.upgrade_path = std::string(live_path);
  options.upgrade = [this](beast::tcp_stream stream, request req, std::string client) {
    accept(std::move(stream), std::move(req), std::move(client));
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
  std::optional<net::any_io_executor> ex;
  {
    std::lock_guard lock(impl_->mu);
    ex = impl_->ex;
  }
  if (!ex) return;
  auto f = std::make_shared<const std::string>(alert_frame(alert));
  net::post(*ex, [self = impl_, f, a = alert] {
    std::erase_if(self->sessions, [](const std::weak_ptr<live_session>& w) { return w.expired(); });
    for (const auto& w : self->sessions) {
      auto s = w.lock();
      if (s && may_see(s->who(), a)) s->send(f);
    }
  });
}

void live_hub::accept(beast::tcp_stream stream, request req, std::string client) {
  std::optional<principal> who;
  if (impl_->authenticate) who = impl_->authenticate(req);
  if (!who)
    return pantau::http::answer_and_close(
        std::move(stream), error_response(req, bhttp::status::unauthorized, "perlu masuk / login required"));
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->ex) impl_->ex = stream.get_executor();
  }
  std::make_shared<live_session>(std::move(stream), std::move(*who), std::move(client), impl_,
                                 impl_->options.queue_limit)
      ->start(std::move(req));
}

}  // namespace pantau::hub::http
