// Follow-up (RTL) items and the survey report end to end: a real mosquitto and pantau-hub, the demo
// organisation, survey answers published over MQTT, then the RTL API as a supervisor (proposal, bad
// input, edits, the audit trail), the rtl_overdue alert, and the report downloaded as PDF and XLSX.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

const wire_kiosk kiosk{"binjai-dukcapil", "k-31"};
const std::string nip_a = "198909122019121001";  // Agus, pendaftaran (loket-1)

std::string pdf_text_of(const std::filesystem::path& dir, const std::string& bytes) {
  const auto file = dir / "report.pdf";
  std::ofstream(file, std::ios::binary) << bytes;
  std::FILE* p = ::popen(("pdftotext -enc UTF-8 '" + file.string() + "' -").c_str(), "r");
  std::string out;
  char buf[4096];
  for (std::size_t n; p != nullptr && (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  if (p != nullptr) ::pclose(p);
  for (char& c : out)
    if (c == '\n') c = ' ';
  return out;
}

class rtl_report_test : public ::testing::Test {
 protected:
  void SetUp() override {
    // November 2025: three answers of 4 on every element and one of 1 -> NRR 3,25 each, IKM 81,25 (B).
    std::vector<std::string> events;
    for (int i = 0; i < 4; ++i) {
      const int score = i < 3 ? 4 : 1;
      events.push_back(kiosk.event(i + 1, "2025-11-1" + std::to_string(i) + "T03:00:00.000Z", "rating",
                                   rating_json("loket-1", nip_a, score, score)));
    }
    kiosk.publish(demo_.broker.url(), events);
    ASSERT_TRUE(wait_until([&] { return sql_int(demo_.hub.db_path(), "SELECT count(*) FROM events") == 4; }, 30s));
    sup_ = demo_.hub.login("sup", "pantau-test-sup");
    ASSERT_FALSE(sup_.empty());
  }
  void TearDown() override { EXPECT_EQ(demo_.hub.stop(), 0); }

  json::object call_json(const std::string& method, const std::string& target, int status, const std::string& body = {}) {
    const auto r = demo_.call(method, target, sup_, body);
    EXPECT_EQ(r.status, status) << method << " " << target << ": " << r.body;
    return r.status == status ? json::parse(r.body).as_object() : json::object{};
  }

  demo_hub demo_{{{"sup", "supervisor", {"pendaftaran"}, "pantau-test-sup"}}, {}, "pantau-rtl"};
  std::string sup_;
};

TEST_F(rtl_report_test, follow_up_over_http_with_alert_and_report) {
  // Bad input: the field is named and nothing is stored.
  auto r = demo_.call("POST", "/api/v1/rtl", sup_,
                      R"({"unit":"pendaftaran","period":"2025-11","element":"U3","problem":"p","action":"a",)"
                      R"("owner_kind":"account","owner":"sup","due":"2025-10-31"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("due:"), std::string::npos) << r.body;
  r = demo_.call("POST", "/api/v1/rtl", sup_,
                 R"({"unit":"pendaftaran","period":"2025-11","element":"U3","problem":"p","action":"a",)"
                 R"("owner_kind":"employee","owner":"sup","due":"2025-12-31"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("owner:"), std::string::npos) << r.body;
  EXPECT_TRUE(call_json("GET", "/api/v1/rtl?unit=pendaftaran", 200).at("items").as_array().empty());

  // The proposal: nothing below B, so the three lowest (all tie at 3,25: U1, U2, U3), accepted at once.
  auto proposal = call_json("GET", "/api/v1/rtl/proposal?unit=pendaftaran&period=2025-11", 200);
  EXPECT_EQ(proposal.at("responses").as_int64(), 4);
  EXPECT_EQ(proposal.at("nrr").as_array().at(0).as_double(), 3.25);
  auto drafts = proposal.at("items").as_array();
  ASSERT_EQ(drafts.size(), 3u);
  for (auto& d : drafts) {
    auto& o = d.as_object();
    o.erase("element_name");
    o.erase("status_label");
    o.erase("overdue");
    o["due"] = "2025-12-15";  // already past: the items are overdue
  }
  auto created = call_json("POST", "/api/v1/rtl", 201, json::serialize(json::object{{"items", drafts}}));
  ASSERT_EQ(created.at("items").as_array().size(), 3u);
  const auto& first = created.at("items").as_array().at(0).as_object();
  EXPECT_EQ(first.at("element").as_string(), "U1");
  EXPECT_TRUE(first.at("overdue").as_bool());
  const std::string path = "/api/v1/rtl/" + std::to_string(first.at("id").as_int64());

  // Open items past their due date raise rtl_overdue for the unit.
  const auto overdue_alert = [&](const std::string& state) {
    const auto a = demo_.call("GET", "/api/v1/alerts?state=" + state + "&unit=pendaftaran", sup_);
    if (a.status != 200) return false;
    const auto alerts = json::parse(a.body);
    for (const auto& v : alerts.as_array())
      if (v.at("kind").as_string() == "rtl_overdue" && v.at("state").as_string() == "active") return true;
    return false;
  };
  EXPECT_TRUE(wait_until([&] { return overdue_alert("active"); }, 20s));

  call_json("PUT", path, 200, R"({"status":"in_progress","action":"Sederhanakan formulir"})");
  EXPECT_EQ(demo_.call("POST", path + "/close", sup_, "{}").status, 400);
  auto closed = call_json("POST", path + "/close", 200, R"({"evidence":"Formulir baru sejak 1 Desember"})");
  EXPECT_EQ(closed.at("status").as_string(), "done");
  const auto detail = call_json("GET", path, 200);
  const auto& audit = detail.at("audit").as_array();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[1].at("user").as_string(), "sup");
  EXPECT_EQ(audit[1].at("changes").as_array().size(), 2u);

  // Closing the other two clears the alert.
  for (const auto& item : created.at("items").as_array()) {
    const auto id = item.at("id").as_int64();
    if ("/api/v1/rtl/" + std::to_string(id) == path) continue;
    call_json("POST", "/api/v1/rtl/" + std::to_string(id) + "/close", 200, R"({"evidence":"selesai"})");
  }
  EXPECT_TRUE(wait_until([&] { return !overdue_alert("active"); }, 20s));

  // The report of the period: PDF text and an XLSX workbook.
  r = demo_.call("GET", "/api/v1/survey/report.pdf?unit=pendaftaran&period=2025-11", sup_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["content-type"], "application/pdf");
  const auto text = pdf_text_of(demo_.dir.path(), r.body);
  for (const char* expected : {"81,25", "B (Baik)", "3,25", "Formulir baru sejak 1 Desember", "November 2025"})
    EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
  r = demo_.call("GET", "/api/v1/survey/report.xlsx?unit=pendaftaran&period=2025-11", sup_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_EQ(demo_.call("GET", "/api/v1/survey/report.pdf?office=binjai-dukcapil&period=2025-11", sup_).status, 403);
  EXPECT_EQ(demo_.call("GET", "/api/v1/survey/report.pdf?unit=pendaftaran&period=2025-11", "").status, 401);
}

}  // namespace
}  // namespace pantau::test
