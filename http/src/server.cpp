#include "pantau/http/server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <optional>
#include <thread>

namespace pantau::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// Each session runs on its own strand of the server's single io thread; only a long-running request
// leaves it, for the worker, and its answer is written back on the strand.
class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const dispatcher& handlers, const server_options& options, net::thread_pool* worker,
          connection_slot slot)
      : stream_(std::move(socket)), handlers_(handlers), options_(options), worker_(worker), slot_(std::move(slot)) {
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = peer.address().to_string();
  }

  void run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    stream_.expires_after(options_.idle_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::end_of_stream) return close();
    if (ec == beast::error::timeout || ec == net::error::operation_aborted) return;
    if (ec) {
      // A request that does not parse still gets an answer, then the connection ends.
      if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return;
      return write(refusal(ec));
    }
    // Per request: behind a proxy one connection may carry many clients' requests.
    std::string client = options_.proxies.client(peer_, parser_->get());
    if (wants_upgrade(parser_->get())) {
      stream_.expires_never();
      return options_.upgrade(std::move(stream_), parser_->release(), taken_connection{std::move(client), slot_});
    }
    if (worker_ != nullptr && handlers_.runs_long(parser_->get()))
      return dispatch_on_worker(parser_->release(), std::move(client));
    write(handlers_.dispatch(parser_->get(), client));
  }

  response refusal(beast::error_code ec) const {
    bhttp::status status = bhttp::status::bad_request;
    std::string message = "permintaan tidak valid / bad request: " + ec.message();
    if (ec == bhttp::error::body_limit) {
      status = bhttp::status::payload_too_large;
      message = "isi permintaan terlalu besar / request body too large";
    } else if (ec == bhttp::error::header_limit) {
      status = bhttp::status::request_header_fields_too_large;
      message = "header permintaan terlalu besar / request headers too large";
    }
    auto res = options_.refuse ? options_.refuse(status, message)
                               : json_error(11, false, status, message, options_.server_name);
    res.keep_alive(false);
    return res;
  }

  // The connection waits for its answer (HTTP/1.1 answers in order); every other one goes on.
  void dispatch_on_worker(request req, std::string client) {
    stream_.expires_never();
    net::post(*worker_, [self = shared_from_this(), req = std::move(req), client = std::move(client)] {
      auto res = self->handlers_.dispatch(req, client);
      net::post(self->stream_.get_executor(),
                [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
  }

  bool wants_upgrade(const request& req) const {
    if (!options_.upgrade || !beast::websocket::is_upgrade(req)) return false;
    const std::string_view target = req.target();
    return target.substr(0, target.find('?')) == options_.upgrade_path;
  }

  void write(response res) {
    res_ = std::make_unique<response>(std::move(res));
    const bool close_after = res_->need_eof();
    bhttp::async_write(stream_, *res_,
                       [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
                         self->on_write(close_after, ec);
                       });
  }

  void on_write(bool close_after, beast::error_code ec) {
    res_.reset();
    if (ec) return;
    if (close_after) return close();
    read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::unique_ptr<response> res_;
  const dispatcher& handlers_;
  const server_options& options_;
  net::thread_pool* worker_;  // null: no request runs long
  connection_slot slot_;
  std::string peer_;  // the peer's address; the client's unless the peer is a trusted proxy
};

class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, tcp::acceptor acceptor, const dispatcher& handlers, const server_options& options,
           net::thread_pool* worker, std::shared_ptr<std::atomic<std::size_t>> open)
      : ioc_(ioc), acceptor_(std::move(acceptor)), retry_(ioc), handlers_(handlers), options_(options),
        worker_(worker), open_(std::move(open)) {}

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void close() {
    beast::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
  }

 private:
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // Out of descriptors and the like: pause instead of spinning on the error.
      spdlog::warn("{} accept failed: {}", options_.name, ec.message());
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->accept();
      });
      return;
    }
    if (options_.max_connections > 0 && open_->load() >= options_.max_connections) {
      refuse(std::move(socket));
    } else {
      open_->fetch_add(1);
      // Released by whoever holds the connection last: its session, or a WebSocket that took it over.
      connection_slot slot(open_.get(), [open = open_](const void*) { open->fetch_sub(1); });
      std::make_shared<session>(std::move(socket), handlers_, options_, worker_, std::move(slot))->run();
    }
    accept();
  }

  // Over the cap: a short answer instead of a silent close, so a client (or a proxy) knows to retry;
  // the request is not read, and the open connections are not touched.
  void refuse(tcp::socket socket) {
    if (options_.on_refused) options_.on_refused();
    const auto status = bhttp::status::service_unavailable;
    const std::string_view message = "server sedang penuh, coba lagi sebentar / too many connections, retry shortly";
    auto res = options_.refuse ? options_.refuse(status, message)
                               : json_error(11, false, status, message, options_.server_name);
    res.set(bhttp::field::retry_after, "1");
    answer_and_close(beast::tcp_stream(std::move(socket)), std::move(res));
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  const dispatcher& handlers_;
  const server_options& options_;
  net::thread_pool* worker_;
  std::shared_ptr<std::atomic<std::size_t>> open_;
};

}  // namespace

struct server::impl {
  server_options options;
  dispatcher handlers;
  std::string bound_host;
  std::uint16_t bound_port = 0;
  net::io_context ioc{1};
  // Declared after the io_context: destroyed (joined) first, as its jobs hold sessions of it.
  std::optional<net::thread_pool> worker;  // only when some requests run long
  std::shared_ptr<listener> accept_loop;
  // Shared with the slots, which may outlive the server (a WebSocket let go of on another thread).
  std::shared_ptr<std::atomic<std::size_t>> open = std::make_shared<std::atomic<std::size_t>>(0);
  std::thread thread;
  bool stopped = false;
};

server::server(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
server::~server() { stop(); }

const std::string& server::host() const { return impl_->bound_host; }
std::uint16_t server::port() const { return impl_->bound_port; }
std::size_t server::open_connections() const { return impl_->open->load(); }
boost::asio::any_io_executor server::executor() const { return impl_->ioc.get_executor(); }

result<std::unique_ptr<server>> server::start(server_options options, dispatcher handlers) {
  auto p = std::make_unique<impl>();
  p->options = std::move(options);
  p->handlers = std::move(handlers);
  const std::string& name = p->options.name;
  const std::string where = p->options.host + ":" + std::to_string(p->options.port);
  beast::error_code ec;
  tcp::resolver resolver(p->ioc);
  auto endpoints = resolver.resolve(p->options.host, std::to_string(p->options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty())
    return error{p->options.start_error,
                 "alamat " + name + " tidak dikenal / cannot resolve " + name + " address " + where + ": " + ec.message()};
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();

  tcp::acceptor acceptor(p->ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  tcp::endpoint local;
  if (!ec) local = acceptor.local_endpoint(ec);
  if (ec)
    return error{p->options.start_error, "tidak bisa mendengarkan di / cannot listen on " + where + ": " + ec.message()};
  p->bound_host = local.address().to_string();
  if (local.address().is_v6()) p->bound_host = "[" + p->bound_host + "]";
  p->bound_port = local.port();

  if (p->handlers.runs_long) p->worker.emplace(1);
  p->accept_loop = std::make_shared<listener>(p->ioc, std::move(acceptor), p->handlers, p->options,
                                              p->worker ? &*p->worker : nullptr, p->open);
  p->accept_loop->accept();
  impl* raw = p.get();
  p->thread = std::thread([raw] {
    // A handler that throws must not end the server: log it and keep serving.
    for (;;) {
      try {
        raw->ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("{}: unexpected error: {}", raw->options.name, e.what());
      }
    }
  });
  return std::unique_ptr<server>(new server(std::move(p)));
}

void server::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl* raw = impl_.get();
  net::post(raw->ioc, [raw] {
    raw->accept_loop->close();
    if (raw->options.on_stop) raw->options.on_stop();
    // Posted behind whatever on_stop posted, so that runs first.
    net::post(raw->ioc, [raw] { raw->ioc.stop(); });
  });
  if (raw->thread.joinable()) raw->thread.join();
  // A long job already running finishes; its answer is dropped with its connection.
  if (raw->worker) {
    raw->worker->stop();
    raw->worker->join();
  }
  raw->accept_loop.reset();
}

namespace {

// After the answer: what the client still sends is read and dropped until it closes (or a few
// seconds pass), because closing with unread bytes makes the kernel reset the connection, and a
// reset can reach the client before it read the answer.
struct refusal : std::enable_shared_from_this<refusal> {
  refusal(beast::tcp_stream s, response r, connection_slot sl)
      : stream(std::move(s)), res(std::move(r)), slot(std::move(sl)) {}

  void start() {
    res.keep_alive(false);
    stream.expires_after(std::chrono::seconds(10));
    bhttp::async_write(stream, res, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      beast::error_code ignored;
      self->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream.expires_after(std::chrono::seconds(2));
      self->drain();
    });
  }

  void drain() {
    stream.async_read_some(net::buffer(scratch), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec) self->drain();
    });
  }

  beast::tcp_stream stream;
  response res;
  connection_slot slot;
  std::array<char, 1024> scratch{};
};

}  // namespace

void answer_and_close(boost::beast::tcp_stream stream, response res, connection_slot slot) {
  std::make_shared<refusal>(std::move(stream), std::move(res), std::move(slot))->start();
}

}  // namespace pantau::http
