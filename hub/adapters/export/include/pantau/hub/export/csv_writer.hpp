#pragma once
// CSV as spreadsheets open it (RFC 4180): UTF-8 with a byte-order mark, because Excel otherwise reads
// Indonesian names as the local code page; CRLF after every record; a field is quoted when it holds a
// comma, a double quote, CR or LF (quotes doubled inside), or starts or ends with a space (which
// readers would otherwise trim). Numbers use a decimal point, two decimals for non-integers.
// Thread-safety: pure functions.
#include <string>
#include <string_view>

#include "pantau/hub/core/export_tables.hpp"

namespace pantau::hub::exporting {

inline constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

std::string csv_field(std::string_view text);
std::string cell_text(const export_cell& cell);  // "" for empty, "12", "87.50", text as is
// BOM, the header record, then one record per row.
std::string to_csv(const export_table& table);

}  // namespace pantau::hub::exporting
