#pragma once
// An export table as an Excel workbook (one sheet, bold frozen header, numbers as numbers) through
// libxlsxwriter, which writes only to files: the workbook goes to a private temp file that is read
// back and removed. Error code export_failed.
// Thread-safety: safe from any thread (each call has its own workbook and file).
#include <span>
#include <string>

#include "pantau/hub/core/export_tables.hpp"
#include "pantau/shared/result.hpp"

namespace pantau::hub::exporting {

// The .xlsx bytes (a zip archive).
result<std::string> to_xlsx(const export_table& table);
// One sheet per table, in order (titles are the sheet names: unique, at most 31 characters).
result<std::string> to_xlsx(std::span<const export_table> tables);

}  // namespace pantau::hub::exporting
