#pragma once
// The [mqtt] table both programs share (DESIGN §9): where the broker is and how to reach it.
// Thread-safety: plain values.
#include <string>

namespace pantau {

struct mqtt_config {
  std::string url = "tcp://127.0.0.1:1883";
  std::string client_id;      // empty: derived from the program and its identity
  std::string username;       // empty: anonymous
  std::string password;
  std::string share_group;    // hub only: non-empty subscribes as $share/<group>/...
  int keepalive_s = 20;
};

}  // namespace pantau
