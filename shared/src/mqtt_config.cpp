#include "pantau/shared/mqtt_config.hpp"

namespace pantau {

bool is_tls_url(std::string_view url) {
  return url.starts_with("ssl://") || url.starts_with("mqtts://") || url.starts_with("wss://");
}

}  // namespace pantau
