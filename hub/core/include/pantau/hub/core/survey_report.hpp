#pragma once
// The public-satisfaction survey report of a unit or an office for a period, in the structure of the
// PermenPANRB 14/2017 SKM report: method, place and period, how the sample size was set, respondent
// profile, NRR per element, IKM and grade, the weakest elements, the trend against the previous period,
// this period's follow-up plan (RTL) and the previous period's follow-up results.
// It is built in two steps: a plain input (survey_report_input: every number the report shows, read by
// collect_survey_report or given by a caller) and a document (survey_report: headings, paragraphs and
// tables, in Bahasa Indonesia first with the English below) that the PDF and XLSX writers only lay
// out. Every figure goes through indicators/satisfaction (nrr, ikm, grade_of, round2): the report never
// computes an index of its own.
// Thread-safety: pure functions and plain values; the readers passed in must be safe from the calling thread.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pantau/hub/core/access.hpp"
#include "pantau/hub/core/export_tables.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/indicators/appraisal.hpp"
#include "pantau/hub/indicators/satisfaction.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub {

// Respondent profile: field ("jenis_kelamin", "usia", ...) -> value ("L", "20-29", ...) -> responses.
// Empty: the profile is not recorded yet, and the report says "belum tersedia".
using report_profile = std::map<std::string, std::map<std::string, std::int64_t>>;

// How the sample size was set. Every member left empty reads "belum tersedia" in the report.
struct report_sample_size {
  std::optional<std::int64_t> population;  // people served in the period, or as an admin entered it
  std::string population_source;           // where the population figure comes from, for people
  std::optional<std::int64_t> required;    // Krejcie–Morgan sample size for that population
  std::optional<std::int64_t> responses;   // nullopt: the survey answers counted here (satisfaction.responses)
};

struct report_unit_part {
  std::string unit;
  std::string name;
  indicators::satisfaction_totals current;
};

enum class report_scope { unit, office };

struct survey_report_input {
  report_scope scope = report_scope::unit;
  std::string id;     // unit or office id
  std::string name;   // its name
  std::string place;  // the office's name (and the unit's, for a unit)
  indicators::period of;
  std::vector<report_unit_part> units;      // every unit covered (one for a unit report)
  indicators::satisfaction_totals current;  // the period, every unit merged
  indicators::satisfaction_totals previous; // the previous period (previous_period(of))
  indicators::element_weights weights;
  std::vector<rtl_item> rtl_current;   // items planned for this period
  std::vector<rtl_item> rtl_previous;  // items of the previous period (closed ones are the results)
  // From the survey's own records; empty until they are wired in (see docs/survey-report.md).
  report_profile profile;
  report_sample_size sample;
};

struct report_section {
  std::string heading;                  // "3. Penentuan Jumlah Responden / Sample size"
  std::vector<std::string> paragraphs;  // Bahasa Indonesia first; some carry the English after " / "
  std::vector<export_table> tables;     // title = caption (sheet names are set by report_sheets)
};

struct survey_report {
  std::string title;     // "Laporan Survei Kepuasan Masyarakat"
  std::string subtitle;  // "Unit Pendaftaran — Semester II 2026"
  std::int64_t responses = 0;
  std::optional<double> ikm;  // as computed by indicators::ikm
  std::optional<indicators::grade> grade;
  std::vector<std::size_t> weakest;  // element indices
  std::vector<report_section> sections;
};

survey_report build_survey_report(const survey_report_input& in);

// The XLSX workbook's sheets: "Ringkasan" (every paragraph, by section) and one sheet per table, named
// within Excel's 31 characters and unique.
std::vector<export_table> report_sheets(const survey_report& r);

enum class report_format { pdf, xlsx };

struct survey_report_request {
  report_scope scope = report_scope::unit;
  std::string id;
  indicators::period of;
  report_format format = report_format::pdf;
};

// `file` is "report.pdf" or "report.xlsx"; exactly one of unit= and office=; period= required.
// Error codes not_found (another file) and bad_request (HTTP 400), messages Indonesian / English.
result<survey_report_request> parse_survey_report_request(std::string_view file, std::optional<std::string_view> unit,
                                                          std::optional<std::string_view> office,
                                                          std::optional<std::string_view> period);

// "pantau-laporan-skm-pendaftaran-2026-S2.pdf"
std::string survey_report_file_name(const survey_report_request& r);

// Everything the report of `req` shows that the hub keeps: the satisfaction of the units' counters in
// the period and the previous one (day aggregates), and the RTL items of both periods. The profile and
// sample-size parts stay empty. Error codes not_found (unknown unit or office), forbidden (not the
// asker's), and the readers' own.
result<survey_report_input> collect_survey_report(const organisation& org, const principal& who,
                                                  const survey_report_request& req, aggregate_reader& rows,
                                                  rtl_store& items, const indicators::element_weights& weights = {});

}  // namespace pantau::hub
