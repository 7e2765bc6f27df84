#pragma once
// The hub's SQLite store (docs/delivery.md "Store"): WAL, synchronous=FULL, prepared statements, one
// transaction per ingest batch. Tables: events, kiosks, rejected; the organisation (offices, units,
// counters, employees, holidays); and the day aggregates (day_aggregates.hpp), which the ingest
// batch updates in its own transaction.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/event_store.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
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
  result<std::optional<kiosk_info>> find_kiosk(std::string_view office, std::string_view kiosk) override;
  result<write_outcome> write(const write_set& batch) override;

  // Recomputes every aggregate from the events table in one transaction (also done once when a store
  // from before the aggregates is opened). Returns the number of events read.
  result<std::int64_t> rebuild_aggregates();

  // Off: batches store events without touching the day aggregates (to measure their cost, or for a
  // bulk load followed by rebuild_aggregates()). On by default.
  void keep_aggregates(bool on);

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

// Organisation data (read and write), kiosk registration and aggregate reads for the HTTP side and
// the CLI, on a connection of its own. Thread-safety: safe from any thread (one mutex around the
// connection).
class sqlite_catalog final : public org_directory, public aggregate_reader, public kiosk_enrolment {
 public:
  // The file must exist with its schema (sqlite_store::open made it).
  static result<std::unique_ptr<sqlite_catalog>> open(const std::string& path);
  ~sqlite_catalog() override;
  sqlite_catalog(const sqlite_catalog&) = delete;
  sqlite_catalog& operator=(const sqlite_catalog&) = delete;

  result<organisation> load_org() override;
  result<bool> put_org(const organisation& items) override;
  result<enrolled> enrol(std::string_view office, std::string_view kiosk, std::int64_t now_ms,
                         std::string_view public_key) override;

  result<std::vector<std::pair<employee_day_key, employee_day>>> employee_days(
      std::span<const std::string> nips, std::int64_t from_day, std::int64_t to_day) override;
  result<std::vector<counter_day_row>> counter_days(std::span<const counter_info> counters, std::int64_t from_day,
                                                   std::int64_t to_day) override;
  result<std::vector<employee_service_row>> employee_service(std::span<const std::string> nips,
                                                            std::int64_t from_day, std::int64_t to_day) override;
  result<std::vector<profile_day_row>> profile_days(std::span<const counter_info> counters, std::int64_t from_day,
                                                   std::int64_t to_day) override;

 private:
  struct impl;
  explicit sqlite_catalog(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace pantau::hub
