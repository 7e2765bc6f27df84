#pragma once
// The last config the hub sent this kiosk (its retained config topic, DESIGN §4), kept in the outbox's
// SQLite file so the kiosk starts with it and works offline. A payload is applied only when it
// decodes strictly and names this kiosk; a bad one is refused with the reason and the old one stays.
// Thread-safety: all members are safe from any thread (offer() comes from the MQTT thread, readers
// from the screen and camera threads).
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/shared/kiosk_settings.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

class settings_store {
 public:
  using listener = std::function<void(const kiosk_settings&)>;

  // Opens (creating the table when missing) and loads what was kept last time.
  static result<std::unique_ptr<settings_store>> open(const std::string& path, std::string office,
                                                      std::string kiosk);
  ~settings_store();
  settings_store(const settings_store&) = delete;
  settings_store& operator=(const settings_store&) = delete;

  // Validates, keeps (durably) and applies a payload; error codes of decode_settings, or wrong_kiosk,
  // or store_error. An identical payload is a no-op.
  result<bool> offer(std::string_view payload);
  std::optional<kiosk_settings> current() const;
  // Called after each change, on the thread that offered it; also called at once if settings exist.
  void on_change(listener l);

 private:
  struct impl;
  explicit settings_store(std::unique_ptr<impl> d);
  std::unique_ptr<impl> d_;
};

}  // namespace pantau::kiosk
