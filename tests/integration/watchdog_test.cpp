// pantau-hub and pantau-kiosk speak the sd_notify protocol: READY=1 once up, WATCHDOG=1 at half of
// WATCHDOG_USEC while their loops turn, STOPPING=1 on SIGTERM. The "stalled loop stops the pings" rule
// is unit-tested on the watchdog class (tests/unit/service); here the real programs talk to a socket
// standing in for the service manager.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pantau/test/process.hpp"
#include "pantau/test/services.hpp"

namespace {

using namespace std::chrono_literals;
using namespace pantau::test;

struct notice {
  std::chrono::steady_clock::time_point at;
  std::string text;
};

// The manager's end: an AF_UNIX datagram socket the child finds through NOTIFY_SOCKET.
class notify_socket {
 public:
  explicit notify_socket(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, path_.c_str(), sizeof a.sun_path - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error("cannot bind " + path_.string());
    timeval tv{0, 50'000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~notify_socket() { ::close(fd_); }
  notify_socket(const notify_socket&) = delete;
  notify_socket& operator=(const notify_socket&) = delete;

  // Collects datagrams (one may carry several lines) until `done` holds or `timeout` passes.
  bool collect_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > until) return false;
      char buf[4096];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) continue;
      std::string all(buf, static_cast<std::size_t>(n));
      std::size_t start = 0;
      while (start < all.size()) {
        auto end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        received.push_back({std::chrono::steady_clock::now(), all.substr(start, end - start)});
        start = end + 1;
      }
    }
    return true;
  }
  long count(const std::string& text) const {
    long n = 0;
    for (const auto& r : received) n += r.text == text ? 1 : 0;
    return n;
  }
  std::string dump() const {
    std::string s;
    for (const auto& r : received) s += r.text + "\n";
    return s;
  }
  const std::filesystem::path& path() const { return path_; }
  std::vector<notice> received;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

std::vector<std::string> manager_env(const notify_socket& sock) {
  // WATCHDOG_PID unset: sd_watchdog_enabled then accepts WATCHDOG_USEC in whichever process reads it.
  return {"NOTIFY_SOCKET=" + sock.path().string(), "WATCHDOG_USEC=400000", "WATCHDOG_PID"};
}

void expect_manager_protocol(child_process& proc, notify_socket& sock) {
  ASSERT_TRUE(sock.collect_until([&] { return sock.count("READY=1") == 1; }, 20s))
      << "no READY=1; got:\n" << sock.dump() << proc.log();
  // 400 ms timeout: a ping every ~200 ms; two seconds must bring several, evenly spread.
  const auto ready_at = std::chrono::steady_clock::now();
  sock.collect_until([] { return false; }, 2s);
  EXPECT_GE(sock.count("WATCHDOG=1"), 6) << sock.dump();
  std::chrono::steady_clock::time_point last{};
  for (const auto& r : sock.received) {
    if (r.text != "WATCHDOG=1" || r.at < ready_at) continue;
    if (last != std::chrono::steady_clock::time_point{}) {
      EXPECT_LT(r.at - last, 400ms) << "a ping came late";
    }
    last = r.at;
  }
  EXPECT_EQ(sock.count("STOPPING=1"), 0);
  proc.signal(SIGTERM);
  EXPECT_TRUE(sock.collect_until([&] { return sock.count("STOPPING=1") == 1; }, 10s)) << sock.dump();
  const int status = proc.wait(20s);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << proc.log();
  EXPECT_EQ(sock.count("READY=1"), 1);
}

TEST(service_manager, kiosk_reports_ready_pings_the_watchdog_and_says_when_it_stops) {
  temp_dir dir("pantau-watchdog");
  mosquitto_broker broker(dir.path());
  broker.start();
  write_file(dir / "kiosk.key", test_kiosk_secret_key("binjai-dukcapil", "k-01") + "\n");
  write_file(dir / "kiosk.toml", "[kiosk]\nid = \"k-01\"\noffice = \"binjai-dukcapil\"\n[mqtt]\nurl = \"" +
                                     broker.url() + "\"\n[store]\npath = \"" + (dir / "outbox.db").string() +
                                     "\"\n[signing]\nkey_file = \"" + (dir / "kiosk.key").string() +
                                     "\"\nhub_public_key = \"" + test_hub_public_key() + "\"\n");
  notify_socket sock(dir / "notify.sock");
  child_process kiosk({kiosk_binary().string(), "--config", (dir / "kiosk.toml").string()}, dir / "kiosk.log",
                      "/dev/null", manager_env(sock));
  expect_manager_protocol(kiosk, sock);
}

TEST(service_manager, hub_reports_ready_pings_the_watchdog_and_says_when_it_stops) {
  temp_dir dir("pantau-watchdog");
  mosquitto_broker broker(dir.path());
  broker.start();
  write_file(dir / "hub.toml", "[mqtt]\nurl = \"" + broker.url() + "\"\nclient_id = \"pantau-hub-wd\"\n[http]\n" +
                                   "listen = \"127.0.0.1:" + std::to_string(free_port()) + "\"\n[store]\npath = \"" +
                                   (dir / "hub.db").string() + "\"\n[signing]\nkey_file = \"" +
                                   (dir / "hub.key").string() + "\"\n");
  write_file(dir / "hub.key", test_hub_secret_key() + "\n");
  notify_socket sock(dir / "notify.sock");
  child_process hub({hub_binary().string(), "--config", (dir / "hub.toml").string()}, dir / "hub.log", "/dev/null",
                    manager_env(sock));
  expect_manager_protocol(hub, sock);
}

}  // namespace
