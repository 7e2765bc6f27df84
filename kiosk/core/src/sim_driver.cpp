#include "pantau/kiosk/sim_driver.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace pantau::kiosk {

sim_driver::sim_driver(simulator sim, outbox& box, sim_drive_options opts, std::int64_t start_ms)
    : sim_(std::move(sim)), box_(box), opts_(opts), start_ms_(start_ms) {
  if (!(opts_.rate > 0.0)) finished_ = true;
  opts_.max_batch = std::max<std::size_t>(1, opts_.max_batch);
}

std::int64_t sim_driver::next_due_ms() const {
  if (finished_) return start_ms_;
  return start_ms_ + static_cast<std::int64_t>(std::ceil(static_cast<double>(scheduled_ + 1) * 1000.0 / opts_.rate));
}

result<std::size_t> sim_driver::step(std::int64_t now_ms) {
  if (finished_) return std::size_t{0};
  const double elapsed_s = static_cast<double>(std::max<std::int64_t>(0, now_ms - start_ms_)) / 1000.0;
  const auto due_total = static_cast<std::uint64_t>(std::floor(elapsed_s * opts_.rate));
  if (due_total <= scheduled_) return std::size_t{0};
  std::uint64_t due = due_total - scheduled_;

  // A simulated crowd that could not be served in time simply did not come: falling further than a
  // second behind is forgotten instead of released later as one burst.
  const auto one_second = static_cast<std::uint64_t>(std::ceil(opts_.rate));
  if (due > one_second) {
    skipped_ += due - one_second;
    scheduled_ += due - one_second;
    due = one_second;
  }
  due = std::min<std::uint64_t>(due, opts_.max_batch);

  if (opts_.count) {
    auto last = box_.last_seq();
    if (!last) return last.err();
    if (*last >= *opts_.count) {
      finished_ = true;
      return std::size_t{0};
    }
    due = std::min<std::uint64_t>(due, static_cast<std::uint64_t>(*opts_.count - *last));
  }

  std::vector<event_data> batch;
  batch.reserve(static_cast<std::size_t>(due));
  for (std::uint64_t i = 0; i < due; ++i) batch.push_back(sim_.next());
  auto rows = box_.append_many(batch);
  if (!rows) return rows.err();
  scheduled_ += due;
  committed_ += due;
  if (opts_.count && !rows->empty() && rows->back().seq >= *opts_.count) finished_ = true;
  return static_cast<std::size_t>(due);
}

}  // namespace pantau::kiosk
