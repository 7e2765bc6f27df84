#pragma once
// A mosquitto and a pantau-hub of the test's own, in a temp dir, with the demo organisation loaded
// (`pantau-hub seed-demo`), the accounts asked for, and the hub started. Start-up failures throw
// std::runtime_error with what the command printed.
// Thread-safety: none; it belongs to the test that made it.
#include <string>
#include <vector>

#include "pantau/test/process.hpp"
#include "pantau/test/services.hpp"

namespace pantau::test {

struct account {
  std::string name;
  std::string role;  // admin | supervisor | viewer
  std::vector<std::string> units;
  std::string password;
};

class demo_hub {
 public:
  explicit demo_hub(const std::vector<account>& accounts = {}, hub_options options = {},
                    const std::string& dir_prefix = "pantau-test");

  // A request to the hub over 127.0.0.1 with the session cookie from hub.login() (none when empty).
  http_response call(const std::string& method, const std::string& target, const std::string& cookie,
                     const std::string& body = {}) const;

  temp_dir dir;  // declared first: it outlives the processes that write into it
  mosquitto_broker broker;
  hub_process hub;
};

}  // namespace pantau::test
