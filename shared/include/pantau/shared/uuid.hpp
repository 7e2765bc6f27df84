#pragma once
// Random (version 4) UUIDs. Thread-safety: uuid_generator is not; make one per thread.
#include <random>
#include <string>
#include <string_view>

namespace pantau {

class uuid_generator {
 public:
  uuid_generator();
  std::string next();

 private:
  std::mt19937_64 rng_;
};

bool is_valid_uuid(std::string_view s);

}  // namespace pantau
