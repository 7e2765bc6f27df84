// The export writers: CSV bytes exactly as RFC 4180 with a UTF-8 BOM and CRLF, and an XLSX workbook
// that is a zip archive with the parts of a spreadsheet.
#include <gtest/gtest.h>

#include "pantau/hub/export/csv_writer.hpp"
#include "pantau/hub/export/xlsx_writer.hpp"

namespace pantau::hub::exporting {
namespace {

TEST(csv_writer_test, plain_fields_stay_as_they_are) {
  EXPECT_EQ(csv_field("Agus Setiawan"), "Agus Setiawan");
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("198909122019121001"), "198909122019121001");
}

TEST(csv_writer_test, commas_quotes_and_line_breaks_are_quoted_with_quotes_doubled) {
  EXPECT_EQ(csv_field("Siregar, S.Kom"), "\"Siregar, S.Kom\"");
  EXPECT_EQ(csv_field("loket \"A\""), "\"loket \"\"A\"\"\"");
  EXPECT_EQ(csv_field("baris 1\nbaris 2"), "\"baris 1\nbaris 2\"");
  EXPECT_EQ(csv_field("a\r\nb"), "\"a\r\nb\"");
  EXPECT_EQ(csv_field(" spasi"), "\" spasi\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
}

TEST(csv_writer_test, cells_print_numbers_with_a_decimal_point) {
  EXPECT_EQ(cell_text(export_cell{}), "");
  EXPECT_EQ(cell_text(export_cell{std::int64_t{42}}), "42");
  EXPECT_EQ(cell_text(export_cell{87.5}), "87.50");
  EXPECT_EQ(cell_text(export_cell{76.605}), "76.61");
  EXPECT_EQ(cell_text(export_cell{std::string("Baik")}), "Baik");
}

TEST(csv_writer_test, a_table_is_bom_header_and_crlf_records) {
  export_table t;
  t.title = "Uji";
  t.columns = {"NIP", "Nama", "Nilai"};
  t.rows = {{std::string("198909122019121001"), std::string("Agus, \"Gus\""), 87.5},
            {std::string("197302132002091005"), std::string("Rizky\nPratama"), export_cell{}}};
  const std::string csv = to_csv(t);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "NIP,Nama,Nilai\r\n"
            "198909122019121001,\"Agus, \"\"Gus\"\"\",87.50\r\n"
            "197302132002091005,\"Rizky\nPratama\",\r\n");
}

TEST(csv_writer_test, an_empty_table_is_the_header_alone) {
  export_table t;
  t.columns = {"Tanggal", "Kantor"};
  EXPECT_EQ(to_csv(t), "\xEF\xBB\xBFTanggal,Kantor\r\n");
}

TEST(xlsx_writer_test, a_table_becomes_a_zip_workbook_with_one_sheet) {
  export_table t;
  t.title = "Kehadiran";
  t.columns = {"Tanggal", "NIP", "Potongan (%)"};
  t.rows = {{std::string("2026-11-02"), std::string("198909122019121001"), 0.5},
            {std::string("2026-11-03"), std::string("Intan Permata"), std::int64_t{4}}};
  auto bytes = to_xlsx(t);
  ASSERT_TRUE(bytes.ok()) << bytes.err().message;
  ASSERT_GT(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));
  // Part names are stored uncompressed in the zip headers.
  EXPECT_NE(bytes->find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(bytes->find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(bytes->find("xl/sharedStrings.xml"), std::string::npos);
}

TEST(xlsx_writer_test, a_bad_sheet_name_is_an_error_not_a_crash) {
  export_table t;
  t.title = "bad/name[]";
  t.columns = {"A"};
  auto bytes = to_xlsx(t);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.err().code, errc::export_failed);
}

}  // namespace
}  // namespace pantau::hub::exporting
