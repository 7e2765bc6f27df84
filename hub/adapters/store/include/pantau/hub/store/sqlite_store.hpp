#pragma once
// The hub's SQLite store (docs/delivery.md "Store"): WAL, synchronous=FULL, prepared statements, one
// transaction per ingest batch. Tables: events, kiosks, rejected.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// The writer. Thread-safety: not thread-safe; the ingest worker owns it.
class sqlite_store final : public event_store {
 public:
  // Creates the file, its directory and the schema when missing.
  static result<std::unique_ptr<sqlite_store>> open(const std::string& path);
  ~sqlite_store() override;
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  result<std::vector<kiosk_info>> load_kiosks() override;
  result<bool> contains_event(std::string_view id) override;
  result<write_outcome> write(const write_set& batch) override;

  // Registers a kiosk ahead of its first message (used when auto_register is off). Idempotent.
  result<bool> register_kiosk(std::string_view office, std::string_view kiosk, std::int64_t now_ms);

  const std::string& path() const;

 private:
  struct impl;
  explicit sqlite_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// A read-only view on its own connection, for the HTTP side (WAL: readers never wait for the writer).
// Thread-safety: safe from any thread (one mutex around the connection).
class sqlite_reader final : public kiosk_directory {
 public:
  static result<std::unique_ptr<sqlite_reader>> open(const std::string& path);
  ~sqlite_reader() override;
  sqlite_reader(const sqlite_reader&) = delete;
  sqlite_reader& operator=(const sqlite_reader&) = delete;

  result<std::vector<kiosk_info>> list_kiosks() override;
  bool healthy() override;

 private:
  struct impl;
  explicit sqlite_reader(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
