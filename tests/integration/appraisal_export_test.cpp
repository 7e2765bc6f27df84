// GET /api/v1/appraisal, the CSV/XLSX exports and the organisation's admin API end to end: a real
// mosquitto and pantau-hub, the demo organisation from `pantau-hub seed-demo`, a month of events
// published raw over MQTT, and what a supervisor may and may not see.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <stdexcept>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const wire_kiosk kiosk{"binjai-dukcapil", "k-11"};
// Demo unit pendaftaran (loket-1), in roster order.
const std::string nip_a = "198909122019121001";  // Agus Setiawan
const std::string nip_b = "197302132002091005";  // Rizky Pratama
const std::string nip_c = "199708132024011002";  // Budi Santoso

std::string rating(const std::string& nip, int score) { return rating_json("loket-1", nip, score, score); }
std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// November 2025 lies wholly in the past, so every weekday of it counts. Agus checks in at 07:25 WIB
// (00:25Z) and out at 16:45 WIB on all 20 weekdays and gets four ratings of 4; Rizky never checks in
// and gets four ratings of 1; Budi has nothing.
std::vector<std::string> november_events() {
  std::vector<std::string> out;
  std::int64_t seq = 0;
  // 1 November 2025 is a Saturday.
  for (int day = 1; day <= 30; ++day) {
    const int weekday = (day + 4) % 7;  // 0 = Monday
    if (weekday >= 5) continue;
    const std::string date = "2025-11-" + two(day);
    out.push_back(kiosk.event(++seq, date + "T00:25:00.000Z", "attendance", attendance_json(nip_a, "in")));
    out.push_back(kiosk.event(++seq, date + "T09:45:00.000Z", "attendance", attendance_json(nip_a, "out")));
  }
  for (int i = 0; i < 4; ++i) {
    out.push_back(kiosk.event(++seq, "2025-11-11T03:0" + std::to_string(i) + ":00.000Z", "rating", rating(nip_a, 4)));
    out.push_back(kiosk.event(++seq, "2025-11-12T03:0" + std::to_string(i) + ":00.000Z", "rating", rating(nip_b, 1)));
  }
  return out;
}

class appraisal_export_test : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto events = november_events();
    kiosk.publish(demo_.broker.url(), events);
    const auto n = static_cast<std::int64_t>(events.size());
    ASSERT_TRUE(wait_until([&] { return sql_int(demo_.hub.db_path(), "SELECT count(*) FROM events") == n; }, 30s));
    admin_ = demo_.hub.login();
    sup_ = demo_.hub.login("sup", "pantau-test-sup");
    ASSERT_FALSE(admin_.empty());
    ASSERT_FALSE(sup_.empty());
  }
  void TearDown() override { EXPECT_EQ(demo_.hub.stop(), 0); }

  demo_hub demo_{{{"sup", "supervisor", {"pendaftaran"}, "pantau-test-sup"}}, {}, "pantau-appraisal"};
  std::string admin_;
  std::string sup_;
};

const json::object& employee(const json::object& body, const std::string& nip) {
  for (const auto& e : body.at("employees").as_array())
    if (e.as_object().at("nip").as_string() == nip) return e.as_object();
  throw std::runtime_error("employee " + nip + " missing");
}

const json::object& indicator(const json::object& emp, const std::string& side, const std::string& metric) {
  for (const auto& i : emp.at(side).as_array())
    if (i.as_object().at("metric").as_string() == metric) return i.as_object();
  throw std::runtime_error("indicator " + metric + " missing");
}

TEST_F(appraisal_export_test, appraisal_has_the_documented_shape_and_lists) {
  // The admin raises the unit's IKM target first; the appraisal measures against it.
  auto put = demo_.call("PUT", "/api/v1/units/pendaftaran", admin_, R"({"target_ikm":80})");
  ASSERT_EQ(put.status, 200) << put.body;

  auto r = demo_.call("GET", "/api/v1/appraisal?period=2025-11&unit=pendaftaran", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body).as_object();
  EXPECT_EQ(body.at("period").as_string(), "2025-11");
  EXPECT_EQ(body.at("label").as_string(), "November 2025");
  EXPECT_EQ(body.at("from").as_string(), "2025-11-01");
  EXPECT_EQ(body.at("to").as_string(), "2025-11-30");
  ASSERT_EQ(body.at("employees").as_array().size(), 3u);

  const auto& a = employee(body, nip_a);
  EXPECT_EQ(a.at("name").as_string(), "Agus Setiawan");
  EXPECT_EQ(a.at("unit").as_string(), "pendaftaran");
  EXPECT_EQ(a.at("recommended").as_string(), "Sangat Baik");
  EXPECT_EQ(a.at("results_rating").as_string(), "Di Atas Ekspektasi");
  EXPECT_EQ(a.at("behaviour_rating").as_string(), "Di Atas Ekspektasi");
  EXPECT_TRUE(a.at("error").is_null());
  const auto& ikm = indicator(a, "results", "ikm");
  EXPECT_EQ(ikm.at("value").to_number<double>(), 100.0);
  EXPECT_EQ(ikm.at("target").to_number<double>(), 80.0);
  EXPECT_EQ(ikm.at("lower").to_number<double>(), 76.0);
  EXPECT_EQ(ikm.at("upper").to_number<double>(), 84.0);
  EXPECT_EQ(ikm.at("rating").as_string(), "Di Atas Ekspektasi");
  EXPECT_FALSE(ikm.at("label").as_string().empty());
  EXPECT_FALSE(ikm.at("calculation").as_string().empty());
  EXPECT_EQ(indicator(a, "behaviour", "present_rate_pct").at("value").to_number<double>(), 100.0);
  EXPECT_NE(a.at("calculation").as_string().find("Sangat Baik"), std::string::npos);

  const auto& b = employee(body, nip_b);
  EXPECT_EQ(b.at("recommended").as_string(), "Sangat Kurang");
  EXPECT_TRUE(indicator(b, "behaviour", "on_time_rate_pct").at("value").is_null());
  EXPECT_TRUE(indicator(b, "behaviour", "on_time_rate_pct").at("rating").is_null());

  const auto& c = employee(body, nip_c);
  EXPECT_TRUE(c.at("recommended").is_null());
  ASSERT_TRUE(c.at("error").is_string());
  EXPECT_NE(c.at("error").as_string().find("insufficient data"), std::string::npos);

  EXPECT_EQ(json::serialize(body.at("berprestasi")), "[\"" + nip_a + "\"]");
  EXPECT_EQ(json::serialize(body.at("perlu_pembinaan")), "[\"" + nip_b + "\"]");

  EXPECT_EQ(demo_.call("GET", "/api/v1/appraisal?period=2025-13", admin_).status, 400);
  EXPECT_EQ(demo_.call("GET", "/api/v1/appraisal", admin_).status, 400);
  EXPECT_EQ(demo_.call("GET", "/api/v1/appraisal?period=2025-S2&unit=nope", admin_).status, 404);
  // Without unit= the admin sees every unit's employees.
  r = demo_.call("GET", "/api/v1/appraisal?period=2025-S2", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).as_object().at("employees").as_array().size(), 9u);
}

TEST_F(appraisal_export_test, csv_export_has_bom_header_and_one_row_per_employee_day) {
  auto r = demo_.call("GET", "/api/v1/export/attendance.csv?unit=pendaftaran&from=2025-11-03&to=2025-11-04", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "text/csv; charset=utf-8");
  EXPECT_EQ(r.headers["content-disposition"],
            "attachment; filename=\"pantau-kehadiran-pendaftaran-2025-11-03_2025-11-04.csv\"");
  ASSERT_GE(r.body.size(), 3u);
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(r.body.substr(3, r.body.find("\r\n") - 3),
            "Tanggal,NIP,Nama,Unit,Masuk pertama,Pulang terakhir,Terlambat (TL),Menit terlambat,"
            "Pulang sebelum waktu (PSW),Menit pulang cepat,Tidak hadir,Potongan (%),Perlu ditinjau,Status");
  std::size_t records = 0;
  for (std::size_t at = r.body.find("\r\n"); at != std::string::npos; at = r.body.find("\r\n", at + 2)) ++records;
  EXPECT_EQ(records, 1u + 3u * 2u);  // header + 3 employees x 2 days
  EXPECT_NE(r.body.find("2025-11-03," + nip_a + ",Agus Setiawan,pendaftaran,07:25:00,16:45:00,,,,,Tidak,0.00,Tidak,Hadir tepat waktu\r\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("2025-11-04," + nip_b + ",Rizky Pratama,pendaftaran,,,,,,,Ya,4.00,Tidak,Tidak hadir\r\n"),
            std::string::npos)
      << r.body;

  r = demo_.call("GET", "/api/v1/export/appraisal.csv?period=2025-11&unit=pendaftaran", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(r.body.find(nip_a + ",Agus Setiawan,pendaftaran,November 2025,Sangat Baik"), std::string::npos) << r.body;

  EXPECT_EQ(demo_.call("GET", "/api/v1/export/attendance.csv?unit=pendaftaran&from=2025-11-04", admin_).status, 400);
  EXPECT_EQ(demo_.call("GET", "/api/v1/export/people.csv?from=2025-11-01&to=2025-11-30", admin_).status, 404);
}

TEST_F(appraisal_export_test, xlsx_export_is_a_zip_workbook) {
  auto r = demo_.call("GET", "/api/v1/export/ratings.xlsx?unit=pendaftaran&from=2025-11-01&to=2025-11-30", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.headers["content-disposition"],
            "attachment; filename=\"pantau-penilaian-layanan-pendaftaran-2025-11-01_2025-11-30.xlsx\"");
  ASSERT_GE(r.body.size(), 4u);
  EXPECT_EQ(r.body.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_EQ(std::to_string(r.body.size()), r.headers["content-length"]);
  // The parts libxlsxwriter writes for a one-sheet workbook with text.
  for (const char* part : {"[Content_Types].xml", "docProps/app.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml",
                           "xl/sharedStrings.xml", "xl/styles.xml"})
    EXPECT_NE(r.body.find(part), std::string::npos) << part;

  r = demo_.call("GET", "/api/v1/export/appraisal.xlsx?period=2025-11", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.substr(0, 2), "PK");
}

TEST_F(appraisal_export_test, supervisors_see_only_their_unit_and_do_not_administer) {
  // Another unit: 403 for the appraisal and every export.
  EXPECT_EQ(demo_.call("GET", "/api/v1/appraisal?period=2025-11&unit=pengaduan", sup_).status, 403);
  for (const std::string file : {"attendance.csv", "ratings.xlsx", "attendance.xlsx", "ratings.csv"}) {
    const std::string target = "/api/v1/export/" + file + "?unit=pengaduan&from=2025-11-01&to=2025-11-30";
    EXPECT_EQ(demo_.call("GET", target, sup_).status, 403) << file;
  }
  EXPECT_EQ(demo_.call("GET", "/api/v1/export/appraisal.csv?unit=pengaduan&period=2025-11", sup_).status, 403);

  // Own unit, named or implied.
  auto r = demo_.call("GET", "/api/v1/appraisal?period=2025-11", sup_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body).as_object();
  ASSERT_EQ(body.at("employees").as_array().size(), 3u);
  for (const auto& e : body.at("employees").as_array()) EXPECT_EQ(e.as_object().at("unit").as_string(), "pendaftaran");
  r = demo_.call("GET", "/api/v1/export/attendance.csv?from=2025-11-03&to=2025-11-03", sup_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("pengaduan"), std::string::npos);
  EXPECT_NE(r.body.find(nip_a), std::string::npos);

  // The admin API is for admins only; the organisation view is trimmed to the supervisor's unit.
  EXPECT_EQ(demo_.call("PUT", "/api/v1/units/pendaftaran", sup_, R"({"target_ikm":90})").status, 403);
  EXPECT_EQ(
      demo_.call("POST", "/api/v1/holidays", sup_, R"({"office":"binjai-dukcapil","date":"2025-12-25","name":"Natal"})")
          .status,
      403);
  r = demo_.call("GET", "/api/v1/org", sup_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto org = json::parse(r.body).as_object();
  ASSERT_EQ(org.at("units").as_array().size(), 1u);
  EXPECT_EQ(org.at("units").as_array()[0].as_object().at("target_ikm").to_number<double>(), 76.61);

  // The admin's change goes through, a bad one is 400 with the reason.
  auto put = demo_.call("PUT", "/api/v1/units/pendaftaran", admin_, R"({"target_ikm":90,"grace_minutes":5})");
  ASSERT_EQ(put.status, 200) << put.body;
  auto bad = demo_.call("PUT", "/api/v1/units/pendaftaran", admin_, R"({"target_ikm":101})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("target_ikm"), std::string::npos) << bad.body;
  auto holiday =
      demo_.call("PUT", "/api/v1/holidays/binjai-dukcapil/2025-12-25", admin_, R"({"name":"Hari Raya Natal"})");
  EXPECT_EQ(holiday.status, 200) << holiday.body;
  r = demo_.call("GET", "/api/v1/org", admin_);
  ASSERT_EQ(r.status, 200);
  const auto full = json::parse(r.body).as_object();
  EXPECT_EQ(full.at("holidays").as_array().size(), 1u);
  for (const auto& u : full.at("units").as_array())
    if (u.as_object().at("unit").as_string() == "pendaftaran") {
      EXPECT_EQ(u.as_object().at("target_ikm").to_number<double>(), 90.0);
      EXPECT_EQ(u.as_object().at("grace_minutes").to_number<double>(), 5.0);
    }
}

TEST_F(appraisal_export_test, without_a_session_everything_is_401) {
  EXPECT_EQ(demo_.call("GET", "/api/v1/appraisal?period=2025-11", "").status, 401);
  EXPECT_EQ(demo_.call("GET", "/api/v1/export/attendance.csv?from=2025-11-01&to=2025-11-30", "").status, 401);
  EXPECT_EQ(demo_.call("GET", "/api/v1/export/appraisal.xlsx?period=2025-11", "").status, 401);
  EXPECT_EQ(demo_.call("GET", "/api/v1/org", "").status, 401);
  EXPECT_EQ(demo_.call("PUT", "/api/v1/units/pendaftaran", "", R"({"target_ikm":90})").status, 401);
  EXPECT_EQ(demo_.call("POST", "/api/v1/offices", "", R"({"office":"x","name":"X","zone":"WIB"})").status, 401);
}

}  // namespace
}  // namespace pantau::test
