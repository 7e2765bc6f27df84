#pragma once
// The kiosk touch screen's side of its /ws WebSocket, for tests that run a real pantau-kiosk: commands
// out, state and replies in. Thread-safety: none; it belongs to the test that made it.
#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "pantau/test/live_client.hpp"

namespace pantau::test {

// The screen's side of /ws: commands out, state and replies in.
class kiosk_screen {
 public:
  explicit kiosk_screen(std::uint16_t port) : ws_(port, "", nullptr, "/ws") {}

  // The first state message for which `want` holds, within `wait`.
  std::optional<boost::json::object> state_where(const std::function<bool(const boost::json::object&)>& want,
                                          std::chrono::milliseconds wait = std::chrono::seconds(60)) {
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until) {
      auto m = ws_.next(std::chrono::seconds(1));
      if (!m) continue;
      if (m->at("type").as_string() == "state") {
        last_state_ = *m;
        if (want(*m)) return m;
      }
    }
    return std::nullopt;
  }

  // Sends a command and returns the kiosk's reply to it.
  std::optional<boost::json::object> command(const std::string& body) {
    const auto re = ++re_;
    if (!ws_.send(R"({"re":)" + std::to_string(re) + "," + body + "}")) return std::nullopt;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < until) {
      auto m = ws_.next(std::chrono::seconds(1));
      if (!m) continue;
      if (m->at("type").as_string() == "state") last_state_ = *m;
      if (m->at("type").as_string() == "reply" && m->at("re").is_int64() && m->at("re").as_int64() == re) return m;
    }
    return std::nullopt;
  }

  const boost::json::object& last_state() const { return last_state_; }

 private:
  live_client ws_;
  std::int64_t re_ = 0;
  boost::json::object last_state_;
};

}  // namespace pantau::test
