#include "pantau/test/process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

extern char** environ;

namespace pantau::test {

temp_dir::temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  // Kept on failure investigation by setting PANTAU_KEEP_TEST_DIRS.
  if (std::getenv("PANTAU_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

namespace {
sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}
}  // namespace

std::uint16_t free_port() {
  // Below Linux's ephemeral range (32768-60999): a port the kernel picked with bind(0) can be taken
  // by any outgoing connection (a test's own client, Chromium) before the server binds it again.
  constexpr int first = 20000, count = 32768 - first;
  static std::atomic<int> next{static_cast<int>((static_cast<unsigned>(::getpid()) * 7919u) % count)};
  for (int attempt = 0; attempt < count; ++attempt) {
    const auto port = static_cast<std::uint16_t>(first + next.fetch_add(1) % count);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = loopback(port);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (free) return port;
  }
  throw std::runtime_error("no free loopback port in 20000-32767");
}

bool port_accepts(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

child_process::child_process(std::vector<std::string> argv, std::filesystem::path log_path,
                             const std::filesystem::path& stdin_path, std::vector<std::string> extra_env)
    : log_(std::move(log_path)) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<char*> env;
  for (auto& e : extra_env)
    if (e.find('=') != std::string::npos) env.push_back(e.data());
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view inherited(*e);
    const auto name = inherited.substr(0, inherited.find('='));
    bool replaced = false;
    for (const auto& x : extra_env) {
      const std::string_view given(x);
      replaced = replaced || given.substr(0, given.find('=')) == name;
    }
    if (!replaced) env.push_back(*e);
  }
  env.push_back(nullptr);
  int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(rc));
}

child_process::~child_process() {
  if (pid_ > 0 && !reaped_) stop(SIGKILL, std::chrono::seconds(5));
}

child_process::child_process(child_process&& other) noexcept { *this = std::move(other); }

child_process& child_process::operator=(child_process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !reaped_) stop(SIGKILL, std::chrono::seconds(5));
    pid_ = other.pid_;
    reaped_ = other.reaped_;
    status_ = other.status_;
    log_ = std::move(other.log_);
    other.pid_ = -1;
  }
  return *this;
}

bool child_process::running() {
  if (pid_ <= 0 || reaped_) return false;
  int st = 0;
  pid_t r = ::waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status_ = st;
    return false;
  }
  return true;
}

void child_process::signal(int sig) const {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

int child_process::wait(std::chrono::milliseconds timeout) {
  wait_until([this] { return !running(); }, timeout, std::chrono::milliseconds(10));
  return reaped_ ? status_ : -1;
}

int child_process::stop(int sig, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  if (!running()) return status_;
  signal(sig);
  if (wait(timeout) == -1) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    reaped_ = true;
    return -1;
  }
  return status_;
}

std::string child_process::log() const { return read_file(log_); }

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll);
  }
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

std::int64_t env_int(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr ? std::atoll(v) : fallback;
}

proc_usage usage_of(pid_t pid) {
  proc_usage u;
  std::string status = read_file("/proc/" + std::to_string(pid) + "/status");
  if (auto at = status.find("VmRSS:"); at != std::string::npos)
    u.rss_kb = std::strtoll(status.c_str() + at + 6, nullptr, 10);
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
  auto close = stat.rfind(')');
  if (close != std::string::npos) {
    std::istringstream in(stat.substr(close + 2));
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {
      if (i == 14) utime = std::stoll(field);
      if (i == 15) stime = std::stoll(field);
    }
    u.cpu_s = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return u;
}

}  // namespace pantau::test
