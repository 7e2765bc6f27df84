#pragma once
// Small helpers for the kiosk unit tests: a temp dir, a loopback port, a private mosquitto, polling.
// Thread-safety: none; each object belongs to one test.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pantau/test/process.hpp"

extern char** environ;

namespace pantau::kiosk::test_util {

// The suite's own temp folder (tests/support), removed with everything in it.
using pantau::test::temp_dir;

inline bool wait_until(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!cond()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

inline std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(0);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

inline bool port_accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// A mosquitto of the test's own on 127.0.0.1, without persistence or silent queue limits.
class mosquitto {
 public:
  explicit mosquitto(std::filesystem::path dir, bool anonymous = true)
      : dir_(std::move(dir)), port_(free_port()) {
    std::ofstream(dir_ / "mosquitto.conf") << "listener " << port_ << " 127.0.0.1\n"
                                           << "allow_anonymous " << (anonymous ? "true" : "false") << "\n"
                                           << "persistence false\n"
                                           << "max_queued_messages 0\n"
                                           << "max_inflight_messages 0\n";
  }
  ~mosquitto() { kill(); }
  mosquitto(const mosquitto&) = delete;
  mosquitto& operator=(const mosquitto&) = delete;

  void start() {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    const std::string log = (dir_ / "mosquitto.log").string();
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::string exe = "/usr/sbin/mosquitto", c = "-c", conf = (dir_ / "mosquitto.conf").string();
    std::vector<char*> argv{exe.data(), c.data(), conf.data(), nullptr};
    const int rc = ::posix_spawn(&pid_, exe.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start mosquitto");
    if (!wait_until([&] { return port_accepts(port_); }, std::chrono::seconds(10)))
      throw std::runtime_error("mosquitto did not start");
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  std::filesystem::path dir_;
  std::uint16_t port_;
  pid_t pid_ = -1;
};

}  // namespace pantau::kiosk::test_util
