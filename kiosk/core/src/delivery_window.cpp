#include "pantau/kiosk/delivery_window.hpp"

#include <algorithm>
#include <iterator>

namespace pantau::kiosk {

namespace {
// Even while acks keep arriving, an event that has waited this many timeouts is sent again: a
// peer that acks around a hole must not starve the hole forever.
constexpr std::int64_t hard_timeout_factor = 4;
}  // namespace

delivery_window::delivery_window(delivery_options opts) : opts_(opts) {
  opts_.window = std::max<std::size_t>(1, opts_.window);
  opts_.resend_after_ms = std::max<std::int64_t>(1, opts_.resend_after_ms);
}

void delivery_window::restart() {
  in_flight_.clear();
  cursor_ = 0;
}

void delivery_window::on_connected() {
  connected_ = true;
  restart();
}

void delivery_window::on_disconnected() {
  connected_ = false;
  restart();
}

std::size_t delivery_window::room() const {
  return in_flight_.size() >= opts_.window ? 0 : opts_.window - in_flight_.size();
}

std::optional<delivery_window::fetch_request> delivery_window::next_fetch() const {
  if (!connected_ || room() == 0) return std::nullopt;
  return fetch_request{cursor_, room()};
}

std::span<const stored_event> delivery_window::to_publish(std::span<const stored_event> rows) const {
  if (!connected_) return {};
  std::size_t first = 0;
  while (first < rows.size() && rows[first].seq <= cursor_) ++first;
  const std::size_t limit = room();
  std::size_t n = 0;
  std::int64_t prev = cursor_;
  while (first + n < rows.size() && n < limit && rows[first + n].seq > prev) {
    prev = rows[first + n].seq;
    ++n;
  }
  return rows.subspan(first, n);
}

bool delivery_window::on_published(std::int64_t seq, std::int64_t now_ms) {
  if (seq <= cursor_) return false;
  in_flight_.emplace(seq, now_ms);
  cursor_ = seq;
  highest_published_ = std::max(highest_published_, seq);
  return true;
}

delivery_window::ack_outcome delivery_window::on_ack(const ack& a, std::int64_t now_ms) {
  ack_outcome out;
  for (auto [from, to] : a.acked) {
    if (from < 1 || from > to || from > highest_published_) {
      ++out.ignored;
      continue;
    }
    to = std::min(to, highest_published_);
    out.remove_ranges.emplace_back(from, to);
    auto first = in_flight_.lower_bound(from);
    auto last = in_flight_.upper_bound(to);
    out.released += static_cast<std::size_t>(std::distance(first, last));
    in_flight_.erase(first, last);
  }
  for (const auto& r : a.rejected) {
    if (r.seq < 1 || r.seq > highest_published_) {
      ++out.ignored;
      continue;
    }
    out.remove_seqs.push_back(r.seq);
    out.rejected.push_back(r);
    out.released += in_flight_.erase(r.seq);
  }
  if (out.released > 0) last_progress_ms_ = now_ms;
  return out;
}

std::optional<std::int64_t> delivery_window::resend_due_ms() const {
  if (in_flight_.empty()) return std::nullopt;
  const std::int64_t oldest = in_flight_.begin()->second;
  const std::int64_t quiet_since = std::max(oldest, last_progress_ms_);
  return std::min(quiet_since + opts_.resend_after_ms,
                  oldest + hard_timeout_factor * opts_.resend_after_ms);
}

bool delivery_window::on_tick(std::int64_t now_ms) {
  auto due = resend_due_ms();
  if (!connected_ || !due || now_ms < *due) return false;
  restart();
  ++resends_;
  return true;
}

}  // namespace pantau::kiosk
