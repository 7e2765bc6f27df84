#pragma once
// An in-memory outbox with the same contract as the SQLite one, for tests of code that uses the port.
// Nothing survives the object. Thread-safety: not thread-safe.
#include <cstdint>
#include <map>
#include <string>

#include "pantau/kiosk/event_factory.hpp"
#include "pantau/kiosk/outbox.hpp"

namespace pantau::kiosk {

class memory_outbox final : public outbox {
 public:
  explicit memory_outbox(event_factory factory);

  result<stored_event> append(const event_data& data) override;
  result<std::vector<stored_event>> append_many(std::span<const event_data> batch) override;
  result<std::vector<stored_event>> append_with_state(std::span<const event_data> batch,
                                                      const state_note* note) override;
  result<std::optional<std::string>> read_state(std::string_view key) override;
  result<std::vector<stored_event>> pending(std::int64_t after_seq, std::size_t limit) override;
  result<std::int64_t> remove(std::span<const seq_range> ranges,
                              std::span<const std::int64_t> seqs) override;
  result<std::int64_t> backlog() override;
  result<std::int64_t> last_seq() override;
  const std::string& install_id() const override { return install_id_; }

 private:
  event_factory factory_;
  std::string install_id_;
  std::map<std::int64_t, stored_event> rows_;
  std::map<std::string, std::string, std::less<>> state_;
  std::int64_t last_seq_ = 0;
  std::string head_;  // sha256 hex of the last payload made; empty before the first
};

}  // namespace pantau::kiosk
