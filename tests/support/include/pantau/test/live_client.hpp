#pragma once
// One WebSocket connection to a hub's /api/v1/live (or another path, e.g. a kiosk screen's /ws),
// blocking, with a deadline on every read.
// Thread-safety: none; each client belongs to the test that made it.
#include <boost/json/object.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace pantau::test {

class live_client {
 public:
  // Connects over 127.0.0.1 and sends `cookie` and `origin` (none when empty), as a browser's page
  // would. A refused upgrade throws boost::system::system_error; `status` gets the HTTP answer to the
  // upgrade either way.
  live_client(std::uint16_t port, const std::string& cookie, int* status = nullptr,
              const std::string& path = "/api/v1/live", const std::string& origin = {});
  ~live_client();
  live_client(const live_client&) = delete;
  live_client& operator=(const live_client&) = delete;

  // The next text frame as JSON, or nullopt when none came within `wait` or the connection failed. A
  // read that timed out stays pending for the next call: cancelling a WebSocket read fails the stream.
  std::optional<boost::json::object> next(std::chrono::milliseconds wait);
  // Sends one text frame; false when the connection failed.
  bool send(const std::string& text);

 private:
  struct connection;  // Beast stays out of the tests' includes
  std::unique_ptr<connection> conn_;
};

}  // namespace pantau::test
