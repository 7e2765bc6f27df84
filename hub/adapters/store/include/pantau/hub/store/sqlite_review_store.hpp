#pragma once
// The review queue in the hub's SQLite file (attendance_times and clock_reviews, made by
// sqlite_store::open), on a connection of its own: an accepted time is audited and moves the
// employee-days it leaves and joins in one transaction, the same recompute the ingest's re-basing uses.
// Thread-safety: safe from any thread (one mutex).
#include <memory>
#include <string>

#include "pantau/hub/core/clock_review.hpp"

namespace pantau::hub {

class sqlite_review_store final : public clock_review_store {
 public:
  static result<std::unique_ptr<sqlite_review_store>> open(const std::string& path);
  ~sqlite_review_store() override;
  sqlite_review_store(const sqlite_review_store&) = delete;
  sqlite_review_store& operator=(const sqlite_review_store&) = delete;

  result<std::vector<review_item>> pending_reviews() override;
  result<std::optional<review_item>> find_pending(std::string_view event) override;
  result<review_record> accept_review(const review_request& r, std::string_view reviewer,
                                      std::int64_t now_ms) override;
  result<std::vector<review_record>> reviews_done() override;

 private:
  struct impl;
  explicit sqlite_review_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
