#include "pantau/kiosk/memory_outbox.hpp"

#include <iterator>
#include <utility>

namespace pantau::kiosk {

memory_outbox::memory_outbox(event_factory factory) : factory_(std::move(factory)) {
  install_id_ = uuid_generator().next();
}

result<stored_event> memory_outbox::append(const event_data& data) {
  auto rows = append_many(std::span<const event_data>(&data, 1));
  if (!rows) return rows.err();
  return std::move(rows->front());
}

result<std::vector<stored_event>> memory_outbox::append_many(std::span<const event_data> batch) {
  return append_with_state(batch, nullptr);
}

result<std::vector<stored_event>> memory_outbox::append_with_state(std::span<const event_data> batch,
                                                                   const state_note* note) {
  std::string head = head_;
  auto chained = factory_.make_chain(batch, last_seq_ + 1, head);
  if (!chained) return chained.err();  // nothing committed, like a rolled-back transaction
  std::vector<stored_event> made = std::move(chained).value();
  head_ = std::move(head);
  for (const auto& r : made) rows_.emplace(r.seq, r);
  if (!made.empty()) last_seq_ = made.back().seq;
  if (note != nullptr) state_.insert_or_assign(note->key, note->value);
  return made;
}

result<std::optional<std::string>> memory_outbox::read_state(std::string_view key) {
  if (auto it = state_.find(key); it != state_.end()) return std::optional<std::string>(it->second);
  return std::optional<std::string>{};
}

result<std::vector<stored_event>> memory_outbox::pending(std::int64_t after_seq, std::size_t limit) {
  std::vector<stored_event> out;
  for (auto it = rows_.upper_bound(after_seq); it != rows_.end() && out.size() < limit; ++it)
    out.push_back(it->second);
  return out;
}

result<std::int64_t> memory_outbox::remove(std::span<const seq_range> ranges,
                                           std::span<const std::int64_t> seqs) {
  std::int64_t removed = 0;
  for (const auto& [from, to] : ranges) {
    if (from > to) continue;
    auto first = rows_.lower_bound(from);
    auto last = rows_.upper_bound(to);
    removed += static_cast<std::int64_t>(std::distance(first, last));
    rows_.erase(first, last);
  }
  for (auto s : seqs) removed += static_cast<std::int64_t>(rows_.erase(s));
  return removed;
}

result<std::int64_t> memory_outbox::backlog() { return static_cast<std::int64_t>(rows_.size()); }
result<std::int64_t> memory_outbox::last_seq() { return last_seq_; }

}  // namespace pantau::kiosk
