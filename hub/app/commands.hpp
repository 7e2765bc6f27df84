#pragma once
// One-shot administration commands of pantau-hub (DESIGN §9), run instead of the service:
//   pantau-hub --config hub.toml user add NAME --role admin|supervisor|viewer [--unit UNIT ...] --password-stdin
//   pantau-hub --config hub.toml kiosk add OFFICE KIOSK
// Each returns the process exit code: 0 done, 2 bad input, 1 the store failed.
// Thread-safety: run from main() only.
#include <iosfwd>
#include <string>
#include <vector>

#include "pantau/shared/config.hpp"

namespace pantau::hub::app {

struct user_add_args {
  std::string name;
  std::string role;
  std::vector<std::string> units;
  bool password_stdin = false;
};

int user_add(const hub_config& cfg, const user_add_args& args, std::istream& in, std::ostream& out,
             std::ostream& err);
int kiosk_add(const hub_config& cfg, const std::string& office, const std::string& kiosk, std::ostream& out,
              std::ostream& err);

}  // namespace pantau::hub::app
