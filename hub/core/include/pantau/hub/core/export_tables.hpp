#pragma once
// The tables behind GET /api/v1/export/{attendance|ratings|appraisal}.{csv|xlsx} (DESIGN §6), built
// from the day aggregates: attendance one row per employee-day, ratings one row per counter-day,
// appraisal one row per employee. Column headers are Bahasa Indonesia (the people who open these files
// read it); times are local to the unit's office. The writers (CSV, XLSX) live in hub/adapters/export.
// Thread-safety: pure functions and plain values; aggregate_reader implementations must be safe from any thread.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "pantau/hub/core/appraisal_query.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// Empty, text, whole number, or a number shown with two decimals.
using export_cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct export_table {
  std::string title;  // the sheet name (at most 31 characters, no []:*?/\)
  std::vector<std::string> columns;
  std::vector<std::vector<export_cell>> rows;  // each as long as `columns`
};

enum class export_kind { attendance, ratings, appraisal };
enum class export_format { csv, xlsx };

struct export_request {
  export_kind kind = export_kind::attendance;
  export_format format = export_format::csv;
  std::optional<std::string> unit;  // nullopt: every unit the asker may see
  indicators::civil_date from;      // attendance, ratings
  indicators::civil_date to;
  indicators::period of;  // appraisal
};

// `file` is the last path segment ("attendance.csv"); attendance and ratings need from= and to=
// (YYYY-MM-DD, at most kpi_max_days), appraisal needs period=. Error codes not_found (unknown file,
// HTTP 404) and bad_request (HTTP 400), messages Indonesian / English.
result<export_request> parse_export_request(std::string_view file, std::optional<std::string_view> unit,
                                            std::optional<std::string_view> from, std::optional<std::string_view> to,
                                            std::optional<std::string_view> period);

// "pantau-kehadiran-pendaftaran-2026-11-01_2026-11-30.csv", "pantau-penilaian-semua-2026-S2.xlsx":
// only [a-z0-9._-], safe in a Content-Disposition header.
std::string export_file_name(const export_request& r);

// Date, NIP, name, unit, first in, last out (local HH:MM:SS), TL/PSW band and minutes, absent,
// deduction, review flag; by date, then unit order, then employee order.
result<export_table> attendance_table(const organisation& org, std::span<const unit_info> units,
                                      indicators::civil_date from, indicators::civil_date to, aggregate_reader& rows,
                                      std::int64_t now_ms, const kpi_options& options = {});

// Per counter-day of the units' counters: the overall counts 1..4, misuse left out, quick index,
// csat, IKM and grade, NRR per element, and the services served; by date, office, counter.
result<export_table> ratings_table(const organisation& org, std::span<const unit_info> units,
                                   indicators::civil_date from, indicators::civil_date to, aggregate_reader& rows,
                                   const kpi_options& options = {});

// One row per employee of the report: predikat, both ratings, each indicator's value, the lists, the
// calculation (several lines) or why there is none.
export_table appraisal_table(const appraisal_report& report);

}  // namespace pantau::hub
