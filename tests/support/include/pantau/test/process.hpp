#pragma once
// Child processes, free ports, temp dirs and polling for the integration tests.
// Thread-safety: none; each object belongs to the test that made it.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pantau::test {

class temp_dir {
 public:
  explicit temp_dir(const std::string& prefix = "pantau-test");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A port on 127.0.0.1 that nothing listened on a moment ago, below the ephemeral range; each call in a
// process gives another one.
std::uint16_t free_port();
bool port_accepts(std::uint16_t port);

// A child started with argv; stdout and stderr go to `log_path` (appended), stdin reads `stdin_path`.
// It inherits this process's environment changed by `extra_env`: "NAME=value" sets, a bare "NAME" unsets.
class child_process {
 public:
  child_process() = default;
  child_process(std::vector<std::string> argv, std::filesystem::path log_path,
                const std::filesystem::path& stdin_path = "/dev/null", std::vector<std::string> extra_env = {});
  ~child_process();
  child_process(child_process&& other) noexcept;
  child_process& operator=(child_process&& other) noexcept;

  bool running();
  void signal(int sig) const;
  // Sends `sig` and waits up to `timeout`; SIGKILL after that. Returns the exit status (waitpid form).
  int stop(int sig, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  int wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }
  const std::filesystem::path& log_path() const { return log_; }
  std::string log() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::filesystem::path log_;
};

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds(50));

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& text);

// Resident set size and CPU time (user+system) of a running process, from /proc.
struct proc_usage {
  std::int64_t rss_kb = 0;
  double cpu_s = 0;
};
proc_usage usage_of(pid_t pid);

// An integer from the environment (a benchmark's size), or `fallback` when it is not set.
std::int64_t env_int(const char* name, std::int64_t fallback);

}  // namespace pantau::test
