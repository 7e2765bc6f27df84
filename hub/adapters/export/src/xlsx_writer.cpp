#include "pantau/hub/export/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>  // mkstemps
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace pantau::hub::exporting {
namespace {

error failed(std::string message) { return error{errc::export_failed, std::move(message)}; }

// Removes the temp file on every path out.
struct temp_file {
  std::string path;
  ~temp_file() {
    if (!path.empty()) ::unlink(path.c_str());
  }
};

struct workbook_closer {
  lxw_workbook* wb = nullptr;
  ~workbook_closer() {
    if (wb != nullptr) workbook_close(wb);  // also frees it; the file is removed by temp_file
  }
};

lxw_row_t row_of(std::size_t i) { return static_cast<lxw_row_t>(i); }
lxw_col_t col_of(std::size_t i) { return static_cast<lxw_col_t>(i); }

}  // namespace

result<std::string> to_xlsx(const export_table& table) { return to_xlsx(std::span<const export_table>(&table, 1)); }

result<std::string> to_xlsx(std::span<const export_table> tables) {
  if (tables.empty()) return failed("tidak ada lembar / no sheet");
  for (const auto& table : tables)
    if (table.rows.size() + 1 > 1'048'576 || table.columns.size() > 16'384)
      return failed("tabel terlalu besar untuk XLSX / table too large for XLSX");
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return failed("folder sementara tidak ada / no temp directory: " + ec.message());
  std::string pattern = (dir / "pantau-export-XXXXXX.xlsx").string();
  const int fd = ::mkstemps(pattern.data(), 5);
  if (fd < 0) return failed(std::string("berkas sementara gagal dibuat / cannot create temp file: ") + std::strerror(errno));
  ::close(fd);
  temp_file file{pattern};

  workbook_closer book{workbook_new(file.path.c_str())};
  if (book.wb == nullptr) return failed("buku kerja gagal dibuat / cannot create workbook");
  lxw_format* bold = workbook_add_format(book.wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  lxw_format* decimals = workbook_add_format(book.wb);
  format_set_num_format(decimals, "0.00");

  lxw_error rc = LXW_NO_ERROR;
  const auto check = [&rc](lxw_error r) {
    if (r != LXW_NO_ERROR && rc == LXW_NO_ERROR) rc = r;
  };
  for (const auto& table : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(book.wb, table.title.empty() ? nullptr : table.title.c_str());
    if (sheet == nullptr) return failed("lembar kerja gagal dibuat / cannot create worksheet: " + table.title);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      check(worksheet_write_string(sheet, 0, col_of(c), table.columns[c].c_str(), bold));
      check(worksheet_set_column(sheet, col_of(c), col_of(c), 16, nullptr));
    }
    worksheet_freeze_panes(sheet, 1, 0);
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      const auto& row = table.rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        const auto& cell = row[c];
        if (const auto* s = std::get_if<std::string>(&cell)) {
          check(worksheet_write_string(sheet, row_of(r + 1), col_of(c), s->c_str(), nullptr));
        } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
          check(worksheet_write_number(sheet, row_of(r + 1), col_of(c), static_cast<double>(*i), nullptr));
        } else if (const auto* d = std::get_if<double>(&cell)) {
          if (std::isfinite(*d)) check(worksheet_write_number(sheet, row_of(r + 1), col_of(c), *d, decimals));
        }
      }
    }
  }
  if (rc != LXW_NO_ERROR) return failed(std::string("sel gagal ditulis / cannot write cell: ") + lxw_strerror(rc));
  const lxw_error closed = workbook_close(book.wb);
  book.wb = nullptr;
  if (closed != LXW_NO_ERROR)
    return failed(std::string("buku kerja gagal disimpan / cannot save workbook: ") + lxw_strerror(closed));

  std::ifstream in(file.path, std::ios::binary);
  if (!in) return failed("berkas sementara tidak terbaca / cannot read temp file");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return failed("buku kerja kosong / empty workbook");
  return bytes;
}

}  // namespace pantau::hub::exporting
