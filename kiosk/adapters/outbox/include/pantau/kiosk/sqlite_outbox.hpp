#pragma once
// The outbox in an SQLite file with exactly the schema of docs/delivery.md: WAL, synchronous=FULL
// (a returned append survives power loss), AUTOINCREMENT so a seq is never handed out twice, and a
// busy timeout so the daemon and `pantau-kiosk emit` can share the file. State notes live in the
// table kiosk_state(key, value) of the same file, written in the transaction of their events.
// Thread-safety: one object per thread (each holds its own connection); any number of objects and
// processes may open the same file.
#include <cstdint>
#include <memory>
#include <string>

#include "pantau/kiosk/event_factory.hpp"
#include "pantau/kiosk/outbox.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::kiosk {

struct sqlite_outbox_options {
  std::string path;
  int busy_timeout_ms = 10000;  // another process holding the write lock for longer is a fault
};

class sqlite_outbox final : public outbox {
 public:
  // Creates the file, its folder and the schema when missing; makes install_id on first open.
  static result<std::unique_ptr<sqlite_outbox>> open(const sqlite_outbox_options& opts,
                                                     event_factory factory);
  ~sqlite_outbox() override;
  sqlite_outbox(const sqlite_outbox&) = delete;
  sqlite_outbox& operator=(const sqlite_outbox&) = delete;

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

  const std::string& path() const { return path_; }

 private:
  struct impl;
  // One connection with the outbox's settings, schema and install_id ensured.
  static result<std::unique_ptr<impl>> open_connection(const std::string& path, int busy_timeout_ms);
  sqlite_outbox(std::unique_ptr<impl> d, event_factory factory, std::string path);

  std::unique_ptr<impl> d_;
  event_factory factory_;
  std::string path_;
  std::string install_id_;
};

}  // namespace pantau::kiosk
