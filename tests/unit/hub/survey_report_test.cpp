// The survey report against a hand-computed fixture: ratings written to a real store, RTL items in
// it, the report collected and built, its PDF read back through pdftotext and its XLSX cells through
// the workbook's XML; an empty period; the endpoint's answers through the router.
#include <gtest/gtest.h>

#include "document_text.hpp"
#include "hub_fixtures.hpp"
#include "pantau/hub/core/survey_report.hpp"
#include "pantau/hub/export/xlsx_writer.hpp"
#include "pantau/hub/http/survey_report_api.hpp"
#include "pantau/hub/report/pdf_report.hpp"
#include "pantau/hub/store/sqlite_rtl_store.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;
using test::admin;
using test::supervisor;

const std::string nip_a = "198909122019121001";  // Agus, pendaftaran (loket-1)

// Four ratings in Semester II 2026 at loket-1, by element U1..U9:
//   R1 4 4 3 4 4 4 4 3 4
//   R2 3 3 2 4 3 4 4 2 3
//   R3 4 3 2 4 3 3 4 3 3
//   R4 3 4 1 4 4 3 4 2 4
// Sums 14 14 8 16 14 14 16 10 14 over 4 answers: NRR 3,50 3,50 2,00 4,00 3,50 3,50 4,00 2,50 3,50.
// IKM = (30 / 9) x 25 = 83,33 -> B (Baik). Converted U3 50,00 (D), U8 62,50 (D): both below B; the
// third weakest is the lowest of the rest, U1 (3,50, first of the ties).
// Semester I 2026: two ratings of 3 on every element -> NRR 3,00, IKM 75,00 (C); trend +8,33.
const int scores[4][9] = {{4, 4, 3, 4, 4, 4, 4, 3, 4},
                          {3, 3, 2, 4, 3, 4, 4, 2, 3},
                          {4, 3, 2, 4, 3, 3, 4, 3, 3},
                          {3, 4, 1, 4, 4, 3, 4, 2, 4}};

class survey_report_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    test::demo_store_test::SetUp();
    items_ = std::move(sqlite_rtl_store::open((dir_ / "hub.db").string())).value();
  }
  void TearDown() override {
    items_.reset();
    test::demo_store_test::TearDown();
  }

  static rating_data skm(const int (&e)[9]) {
    auto r = test::rating("loket-1", nip_a, e[0]);
    r.elements = std::array<std::optional<int>, 9>{};
    for (std::size_t i = 0; i < 9; ++i) (*r.elements)[i] = e[i];
    return r;
  }

  void store_fixture() {
    std::vector<pantau::event> events;
    for (int i = 0; i < 4; ++i) events.push_back(at({2026, 9, 14 + i}, ind::hm(10, 0), skm(scores[i])));
    const int threes[9] = {3, 3, 3, 3, 3, 3, 3, 3, 3};
    for (int i = 0; i < 2; ++i) events.push_back(at({2026, 3, 9 + i}, ind::hm(10, 0), skm(threes)));
    // Another unit's counter (pengaduan, loket-3): in the office report, not in the unit's.
    auto other = skm(threes);
    other.counter = "loket-3";
    events.push_back(at({2026, 9, 20}, ind::hm(10, 0), other));
    store_events(std::move(events));

    rtl_item now;
    now.unit = "pendaftaran";
    now.of = ind::parse_period("2026-S2").value();
    now.element = 2;
    now.problem = "Waktu tunggu panjang";
    now.action = "Loket tambahan pada jam sibuk";
    now.owner = "sup";
    now.due = {2027, 3, 31};
    rtl_item done = now;
    done.of = ind::parse_period("2026-S1").value();
    done.element = 7;
    done.problem = "Pengaduan tidak ditanggapi";
    done.action = "Kotak saran dan petugas pengaduan";
    done.due = {2026, 9, 30};
    done.status = rtl_status::done;
    done.evidence = "Kotak saran dipasang";
    done.closed_ms = 1;
    rtl_item open = done;
    open.element = 8;
    open.problem = "Kursi tunggu kurang";
    open.status = rtl_status::in_progress;
    open.evidence.clear();
    open.closed_ms.reset();
    ASSERT_TRUE(items_->insert_rtl(std::vector<rtl_item>{now, done, open}, "sup", 1).ok());
  }

  survey_report_input collect(std::string_view query_unit, std::string_view period,
                              report_scope scope = report_scope::unit) {
    survey_report_request req;
    req.scope = scope;
    req.id = std::string(query_unit);
    req.of = ind::parse_period(period).value();
    auto org = catalog_->load_org();
    auto in = collect_survey_report(*org, admin, req, *catalog_, *items_);
    EXPECT_TRUE(in.ok()) << in.err().message;
    return in.ok() ? std::move(in).value() : survey_report_input{};
  }

  std::unique_ptr<sqlite_rtl_store> items_;
};

TEST_F(survey_report_test, numbers_match_the_hand_computed_fixture) {
  store_fixture();
  const auto in = collect("pendaftaran", "2026-S2");
  EXPECT_EQ(in.current.responses, 4);
  EXPECT_EQ(in.previous.responses, 2);
  ASSERT_EQ(in.rtl_current.size(), 1u);
  ASSERT_EQ(in.rtl_previous.size(), 2u);
  const auto r = build_survey_report(in);
  EXPECT_EQ(r.responses, 4);
  ASSERT_TRUE(r.ikm);
  EXPECT_EQ(ind::round2(*r.ikm), 83.33);
  EXPECT_EQ(r.grade, ind::grade::b);
  EXPECT_EQ(r.weakest, (std::vector<std::size_t>{2, 7, 0}));
  ASSERT_EQ(r.sections.size(), 10u);

  // The office takes both units: 5 responses now.
  const auto office = collect("binjai-dukcapil", "2026-S2", report_scope::office);
  EXPECT_EQ(office.current.responses, 5);
  EXPECT_EQ(office.units.size(), 3u);
}

TEST_F(survey_report_test, pdf_text_shows_the_figures) {
  store_fixture();
  const auto report = build_survey_report(collect("pendaftaran", "2026-S2"));
  auto pdf = reporting::to_pdf(report);
  ASSERT_TRUE(pdf.ok()) << pdf.err().message;
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  const auto text = test::pdf_text(test::write_file(dir_ / "report.pdf", *pdf));
  for (const char* expected :
       {"Laporan Survei Kepuasan Masyarakat", "Pelayanan Pendaftaran Penduduk", "Semester II 2026", "Metode Survei",
        "Penentuan Jumlah Responden", "Profil responden belum tersedia", "83,33", "B (Baik)", "2,00", "2,50",
        "50,00", "62,50", "75,00", "8,33", "-1,00", "Waktu tunggu panjang", "Kotak saran dipasang",
        "1 dari 2 butir", "Unsur Terlemah", "Sarana dan Prasarana"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  // An open item of the previous period is counted, not listed among the results.
  EXPECT_EQ(text.find("Kursi tunggu kurang"), std::string::npos);
}

TEST_F(survey_report_test, xlsx_cells_hold_the_numbers) {
  store_fixture();
  const auto report = build_survey_report(collect("pendaftaran", "2026-S2"));
  const auto sheets = report_sheets(report);
  auto xlsx = exporting::to_xlsx(sheets);
  ASSERT_TRUE(xlsx.ok()) << xlsx.err().message;
  const auto file = test::write_file(dir_ / "report.xlsx", *xlsx);
  // Sheets: Ringkasan, Jumlah responden, NRR per unsur, IKM, Unsur terlemah, Tren, Rencana tindak lanjut, ...
  std::size_t nrr_sheet = 0, ikm_sheet = 0, trend_sheet = 0;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (sheets[i].title == "NRR per unsur") nrr_sheet = i + 1;
    if (sheets[i].title == "IKM") ikm_sheet = i + 1;
    if (sheets[i].title == "Tren") trend_sheet = i + 1;
  }
  ASSERT_GT(nrr_sheet, 0u);
  auto cells = test::xlsx_cells(file, static_cast<int>(nrr_sheet));
  EXPECT_EQ(cells["A1"], "Kode");
  EXPECT_EQ(cells["A4"], "U3");
  EXPECT_EQ(cells["C4"], "4");   // answers
  EXPECT_EQ(cells["D4"], "8");   // sum
  EXPECT_EQ(cells["E4"], "2");   // NRR
  EXPECT_EQ(cells["H4"], "50");  // converted
  EXPECT_EQ(cells["I4"], "D");
  EXPECT_EQ(cells["E9"], "2.5");  // U8
  EXPECT_EQ(cells["I2"], "B");    // U1 87.5
  cells = test::xlsx_cells(file, static_cast<int>(ikm_sheet));
  EXPECT_EQ(cells["B2"], "4");
  EXPECT_EQ(cells["B3"], "83.33");
  EXPECT_EQ(cells["B4"], "B (Baik)");
  cells = test::xlsx_cells(file, static_cast<int>(trend_sheet));
  EXPECT_EQ(cells["B1"], "2026-S1");
  EXPECT_EQ(cells["B3"], "75");
  EXPECT_EQ(cells["D3"], "8.33");
  cells = test::xlsx_cells(file, 1);
  EXPECT_EQ(cells["A1"], "Bagian / section");
}

TEST_F(survey_report_test, an_empty_period_says_so) {
  store_fixture();
  const auto in = collect("pendaftaran", "2025-S1");
  EXPECT_EQ(in.current.responses, 0);
  const auto report = build_survey_report(in);
  EXPECT_FALSE(report.ikm);
  EXPECT_TRUE(report.weakest.empty());
  auto pdf = reporting::to_pdf(report);
  ASSERT_TRUE(pdf.ok());
  const auto text = test::pdf_text(test::write_file(dir_ / "empty.pdf", *pdf));
  EXPECT_NE(text.find("Belum ada jawaban survei pada periode ini"), std::string::npos) << text;
  EXPECT_EQ(text.find(" nan "), std::string::npos);
  EXPECT_EQ(text.find(" inf "), std::string::npos);
  EXPECT_TRUE(exporting::to_xlsx(report_sheets(report)).ok());
}

TEST_F(survey_report_test, survey_parts_fill_the_profile_and_sample_size) {
  auto in = collect("pendaftaran", "2026-S2");
  in.profile["Jenis kelamin"] = {{"Laki-laki", 3}, {"Perempuan", 1}};
  in.sample.population = 1200;
  in.sample.population_source = "layanan tercatat";
  in.sample.required = 291;
  const auto report = build_survey_report(in);
  auto pdf = reporting::to_pdf(report);
  ASSERT_TRUE(pdf.ok());
  const auto text = test::pdf_text(test::write_file(dir_ / "parts.pdf", *pdf));
  for (const char* expected : {"Laki-laki", "75,00", "1200", "layanan tercatat", "291", "belum tercukupi"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
}

TEST_F(survey_report_test, endpoint_answers_and_refuses) {
  store_fixture();
  test::api_router api;
  http::add_survey_report_routes(api.routes, http::survey_report_sources{catalog_.get(), catalog_.get(), items_.get(), {}, {}});
  auto r = api.get("/api/v1/survey/report.pdf?unit=pendaftaran&period=2026-S2", supervisor);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_EQ(r[http::bhttp::field::content_type], "application/pdf");
  EXPECT_EQ(r[http::bhttp::field::content_disposition],
            "attachment; filename=\"pantau-laporan-skm-pendaftaran-2026-S2.pdf\"");
  r = api.get("/api/v1/survey/report.xlsx?office=binjai-dukcapil&period=2026", admin);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_EQ(r.body().substr(0, 2), "PK");
  EXPECT_EQ(api.get("/api/v1/survey/report.xlsx?office=binjai-dukcapil&period=2026", supervisor).result_int(), 403);
  EXPECT_EQ(api.get("/api/v1/survey/report.pdf?unit=pengaduan&period=2026", supervisor).result_int(), 403);
  EXPECT_EQ(api.get("/api/v1/survey/report.pdf?unit=nope&period=2026", admin).result_int(), 404);
  EXPECT_EQ(api.get("/api/v1/survey/report.pdf?unit=pendaftaran", admin).result_int(), 400);
  EXPECT_EQ(api.get("/api/v1/survey/report.pdf?unit=pendaftaran&office=binjai-dukcapil&period=2026", admin).result_int(), 400);
  EXPECT_EQ(api.get("/api/v1/survey/report.pdf?unit=pendaftaran&period=2026", std::nullopt).result_int(), 401);
}

}  // namespace
}  // namespace pantau::hub
