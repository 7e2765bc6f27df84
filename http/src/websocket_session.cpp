#include "pantau/http/websocket_session.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <deque>
#include <utility>

namespace pantau::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

class session final : public websocket_session, public std::enable_shared_from_this<session> {
 public:
  session(beast::tcp_stream stream, websocket_options options, websocket_callbacks callbacks)
      : ws_(std::move(stream)), options_(std::move(options)), callbacks_(std::move(callbacks)) {}
  ~session() override { end(); }
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  void start(request req) {
    req_ = std::move(req);
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    if (options_.message_limit > 0) ws_.read_message_max(options_.message_limit);
    if (!options_.server_name.empty())
      ws_.set_option(websocket::stream_base::decorator(
          [name = options_.server_name](websocket::response_type& res) { res.set(bhttp::field::server, name); }));
    ws_.async_accept(req_, beast::bind_front_handler(&session::on_accept, shared_from_this()));
  }

  void send(frame f) override {
    if (!open_) return;
    net::post(ws_.get_executor(), [self = shared_from_this(), f = std::move(f)]() mutable {
      self->queue(std::move(f));
    });
  }

  void close() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->shut(); });
  }

  bool is_open() const override { return open_; }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) {
      spdlog::debug("{}: upgrade from {} failed: {}", options_.name, options_.peer, ec.message());
      return;
    }
    open_ = true;
    if (callbacks_.opened) callbacks_.opened(shared_from_this());
    read();
  }

  void read() { ws_.async_read(buffer_, beast::bind_front_handler(&session::on_read, shared_from_this())); }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == websocket::error::message_too_big) {
      // The message is gone with the connection; a client that reconnects starts afresh.
      spdlog::warn("{}: a message from {} was larger than {} bytes; connection closed", options_.name,
                   options_.peer, options_.message_limit);
    }
    if (ec) return end();
    if (callbacks_.received) {
      std::string message = beast::buffers_to_string(buffer_.data());
      callbacks_.received(shared_from_this(), std::move(message), ws_.got_text());
    }
    buffer_.consume(buffer_.size());
    read();
  }

  void queue(frame f) {
    if (!open_) return;
    if (queue_.size() >= options_.queue_limit) {
      spdlog::warn("{}: {} reads too slowly ({} frames waiting), disconnected", options_.name, options_.peer,
                   queue_.size());
      return shut();
    }
    queue_.push_back(std::move(f));
    if (queue_.size() == 1) write();
  }

  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()), beast::bind_front_handler(&session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return end();
    queue_.pop_front();
    if (!queue_.empty() && open_) write();
  }

  void shut() {
    end();
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }

  void end() {
    // The queue stays: a write in flight still reads its frame.
    if (!open_.exchange(false)) return;
    if (callbacks_.ended) callbacks_.ended();
  }

  websocket::stream<beast::tcp_stream> ws_;
  request req_;  // the upgrade request: async_accept reads it until the handshake is done
  beast::flat_buffer buffer_;
  std::deque<frame> queue_;
  websocket_options options_;
  websocket_callbacks callbacks_;
  std::atomic<bool> open_{false};
};

}  // namespace

void start_websocket(boost::beast::tcp_stream stream, request req, websocket_options options,
                     websocket_callbacks callbacks) {
  std::make_shared<session>(std::move(stream), std::move(options), std::move(callbacks))->start(std::move(req));
}

}  // namespace pantau::http
