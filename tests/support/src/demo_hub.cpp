#include "pantau/test/demo_hub.hpp"

#include <map>
#include <stdexcept>

namespace pantau::test {

demo_hub::demo_hub(const std::vector<account>& accounts, hub_options options, const std::string& dir_prefix)
    : dir(dir_prefix), broker(dir.path()), hub(dir.path(), broker.url(), std::move(options)) {
  broker.start();
  std::string out;
  if (hub.run_command({"seed-demo"}, &out) != 0) throw std::runtime_error("pantau-hub seed-demo failed:\n" + out);
  for (const auto& a : accounts) {
    if (hub.add_user(a.name, a.role, a.units, a.password, &out) != 0)
      throw std::runtime_error("pantau-hub user add " + a.name + " failed:\n" + out);
  }
  hub.start();
}

http_response demo_hub::call(const std::string& method, const std::string& target, const std::string& cookie,
                             const std::string& body) const {
  std::map<std::string, std::string> headers;
  if (!cookie.empty()) headers["Cookie"] = cookie;
  return http_request(hub.http_port(), method, target, body, headers);
}

}  // namespace pantau::test
