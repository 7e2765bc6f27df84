#pragma once
// The alerts' history in the hub's SQLite file (table alerts, made by sqlite_store::open) and the
// recent ratings (table events), on a connection of its own. Thread-safety: not thread-safe; the alert thread owns it.
#include <memory>
#include <string>
#include <vector>

#include "pantau/hub/core/alert_monitor.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

class sqlite_alert_log final : public alert_log {
 public:
  static result<std::unique_ptr<sqlite_alert_log>> open(const std::string& path);
  ~sqlite_alert_log() override;
  sqlite_alert_log(const sqlite_alert_log&) = delete;
  sqlite_alert_log& operator=(const sqlite_alert_log&) = delete;

  result<bool> write(const alert_record& a) override;
  // Rows whose kind or state this version does not know are skipped, not an error.
  result<std::vector<alert_record>> recent(std::size_t limit) override;
  // Walks the events from the newest back and stops at the first received before the bound, so
  // it reads only the last minutes however large the store is.
  result<std::vector<pantau::event>> ratings_since(std::int64_t received_from_ms) override;

 private:
  struct impl;
  explicit sqlite_alert_log(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
