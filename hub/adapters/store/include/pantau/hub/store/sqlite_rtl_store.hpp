#pragma once
// RTL follow-up items and their audit trail in the hub's SQLite file (tables rtl_items, rtl_audit; made
// by sqlite_store::open and, for a file the hub has not opened since an upgrade, here), on a
// connection of its own. Thread-safety: safe from any thread (one mutex around the connection).
#include <memory>
#include <string>

#include "pantau/hub/core/rtl.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

class sqlite_rtl_store final : public rtl_store {
 public:
  static result<std::unique_ptr<sqlite_rtl_store>> open(const std::string& path);
  ~sqlite_rtl_store() override;
  sqlite_rtl_store(const sqlite_rtl_store&) = delete;
  sqlite_rtl_store& operator=(const sqlite_rtl_store&) = delete;

  // Ordered by unit, period, element, id. Rows whose element, period or status this version does not
  // know are skipped.
  result<std::vector<rtl_item>> list_rtl(const rtl_filter& f) override;
  result<std::optional<rtl_item>> find_rtl(std::int64_t id) override;
  result<std::vector<rtl_item>> insert_rtl(std::span<const rtl_item> items, std::string_view user,
                                           std::int64_t at_ms) override;
  result<bool> update_rtl(const rtl_item& item, std::int64_t expected_updated_ms,
                          const rtl_audit_entry& audit) override;
  result<std::vector<rtl_audit_entry>> rtl_audit(std::int64_t id) override;

 private:
  struct impl;
  explicit sqlite_rtl_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
