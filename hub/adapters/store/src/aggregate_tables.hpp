#pragma once
// The aggregate and organisation tables of the hub store (schema, statements, and the writer that
// applies one batch's day_batch in the ingest transaction). Private to the store.
// Thread-safety: aggregate_writer belongs to the writer connection's owner.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/day_aggregates.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/sqlite/sqlite.hpp"

namespace pantau::hub::store_detail {

// Another connection to a store file the writer made (schema and WAL mode are the file's).
// Each key a kiosk was ever registered with, by epoch (kiosk add writes it; verify checks old chains
// with it), and the seq ranges the ingest gave up waiting for. Both IF NOT EXISTS: run by the store and
// by `pantau-hub verify` on a file the hub has not opened since an upgrade.
extern const char* const kiosk_keys_sql;

result<sqlite::connection> open_existing(const std::string& path);

// Organisation and aggregate tables (schema version 2). Satisfaction sums are 24 columns:
// responses, misuse_excluded, c1..c4 (overall counts), s1..s9 (element sums), a1..a9 (answers).
extern const char* const schema_v2_sql;

// "responses, misuse_excluded, c1, ..., a9" with an optional prefix per column.
std::string satisfaction_columns(std::string_view prefix = "");
inline constexpr int satisfaction_column_count = 24;
void bind_satisfaction(sqlite::statement& st, int first, const indicators::satisfaction_totals& t);
indicators::satisfaction_totals read_satisfaction(const sqlite::statement& st, int first);

class aggregate_writer {
 public:
  result<bool> prepare(const sqlite::connection& db);
  // Zone of an office, from the offices table; reloaded when another connection changed the file.
  result<indicators::zone> zone_of(std::string_view office);
  // Inside the caller's transaction.
  result<bool> apply(const day_batch& batch);
  // Empties the aggregate tables (inside the caller's transaction).
  result<bool> clear();

 private:
  result<bool> refresh_zones();
  result<bool> apply_counter_day(const counter_day_key& key, const day_batch::counter_delta& delta);
  result<service_sums> read_sums(sqlite::statement& st);

  const sqlite::connection* db_ = nullptr;
  sqlite::statement upsert_employee_day_, select_marks_, upsert_marks_, select_counter_day_, upsert_counter_day_,
      select_employee_service_, upsert_employee_service_, delete_employee_service_, data_version_, zones_;
  std::int64_t seen_version_ = -1;
  std::map<std::string, indicators::zone, std::less<>> office_zones_;
};

// Leave records, shift definitions and roster (leave_roster_tables.cpp): their tables, and their part
// of load_organisation and store_organisation (inside the caller's transaction).
extern const char* const leave_roster_sql;
result<bool> load_leave_roster(const sqlite::connection& db, organisation& org);
result<bool> store_leave_roster(const sqlite::connection& db, const organisation& items);

// Organisation reads and writes, and aggregate reads, on one connection.
result<organisation> load_organisation(const sqlite::connection& db);
result<bool> store_organisation(const sqlite::connection& db, const organisation& items);

result<std::vector<std::pair<employee_day_key, employee_day>>> read_employee_days(
    const sqlite::connection& db, std::span<const std::string> nips, std::int64_t from_day, std::int64_t to_day);
result<std::vector<counter_day_row>> read_counter_days(const sqlite::connection& db,
                                                       std::span<const counter_info> counters,
                                                       std::int64_t from_day, std::int64_t to_day);
result<std::vector<employee_service_row>> read_employee_service(const sqlite::connection& db,
                                                               std::span<const std::string> nips,
                                                               std::int64_t from_day, std::int64_t to_day);

}  // namespace pantau::hub::store_detail
