#pragma once
// Who is asking, and what they may see (DESIGN §6: supervisors see only their own units).
// Thread-safety: plain values.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pantau::hub {

enum class role { admin, supervisor, viewer };

std::optional<role> parse_role(std::string_view s);
const char* to_string(role r);

struct principal {
  std::string user;
  hub::role role = hub::role::viewer;
  std::vector<std::string> units;  // supervisor: the units they lead; viewer: the units they may read

  bool is_admin() const { return role == hub::role::admin; }
  // Admins see every unit; supervisors and viewers only theirs.
  bool can_see_unit(std::string_view unit) const {
    return is_admin() || std::find(units.begin(), units.end(), unit) != units.end();
  }
};

}  // namespace pantau::hub
