// Leave end to end: a real mosquitto and pantau-hub with the demo organisation, leave recorded over
// HTTP on 127.0.0.1 (JSON and CSV), and /kpi judging the covered days by the hand-computed table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

using namespace std::chrono_literals;

const wire_kiosk kiosk{"binjai-dukcapil", "k-07"};
const std::string nip_a = "198909122019121001";  // pendaftaran
const std::string nip_b = "197302132002091005";  // pendaftaran too

// Monday 16 November 2026: nip_a in 07:25, out 16:00 (on time); it also starts the unit's tracking.
// Tuesday 17: dinas luar (counts as present), no check-in.
// Wednesday 18: cuti sakit (excused), a check-in at 10:00 that is noted and not judged.
// Thursday 19: nothing: absent, 4 %.
//   expected 3 (Mon, Tue, Thu), present 2, on_time 1, absent 1, on_leave 2, deduction 4.
TEST(leave_integration_test, leave_recorded_over_http_is_judged_by_kpi) {
  demo_hub demo({{"sup", "supervisor", {"pendaftaran"}, "rahasia-sup-123"}});
  auto& hub = demo.hub;
  kiosk.publish(demo.broker.url(),
                {kiosk.event(1, "2026-11-16T00:25:00.000Z", "attendance", attendance_json(nip_a, "in")),
                 kiosk.event(2, "2026-11-16T09:00:00.000Z", "attendance", attendance_json(nip_a, "out")),
                 kiosk.event(3, "2026-11-18T03:00:00.000Z", "attendance", attendance_json(nip_a, "in"))});
  ASSERT_TRUE(wait_until([&] { return sql_int(hub.db_path(), "SELECT count(*) FROM events") == 3; }, 30s));

  const std::string cookie = hub.login("sup", "rahasia-sup-123");
  ASSERT_FALSE(cookie.empty());
  auto r = demo.call("POST", "/api/v1/leave", cookie,
                     R"({"nip":")" + nip_a + R"(","from":"2026-11-17","to":"2026-11-17","kind":"dinas_luar",)"
                     R"("note":"SPT 800/112"})");
  ASSERT_EQ(r.status, 201) << r.body;

  // The CSV: one bad line refuses the whole file, naming the line and the field.
  const auto csv = [&](const std::string& body) {
    return http_request(hub.http_port(), "POST", "/api/v1/leave.csv", body,
                        {{"Cookie", cookie}, {"Content-Type", "text/csv"}});
  };
  r = csv("nip,from,to,kind,note\n" + nip_a + ",2026-11-18,2026-11-18,cuti_sakit,Surat dokter\n" + nip_b +
          ",2026-11-18,2026-11-17,izin,terbalik\n");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find(R"("line":3,"message":"to:)"), std::string::npos) << r.body;
  EXPECT_EQ(sql_int(hub.db_path(), "SELECT count(*) FROM leave_records"), 1);
  r = csv("nip,from,to,kind,note\n" + nip_a + ",2026-11-18,2026-11-18,cuti_sakit,Surat dokter\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sql_int(hub.db_path(), "SELECT count(*) FROM leave_records"), 2);
  EXPECT_EQ(sql_int(hub.db_path(), "SELECT count(*) FROM leave_records WHERE created_by = 'sup'"), 2);

  r = demo.call("GET", "/api/v1/kpi?scope=employee&id=" + nip_a + "&from=2026-11-16&to=2026-11-19", cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"({"attendance":{"expected":3,"present":2,"on_time":1,)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("absent":1,"needs_review":0,"on_leave":2)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("late":{"TL1":0,"TL2":0,"TL3":0,"TL4":0})"), std::string::npos) << r.body;

  // Overlapping leave is 400 and leaves the store as it was; a restart reads the leave back.
  r = demo.call("POST", "/api/v1/leave", cookie,
                R"({"nip":")" + nip_a + R"(","from":"2026-11-18","to":"2026-11-20","kind":"izin","note":"x"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("overlaps"), std::string::npos) << r.body;
  EXPECT_EQ(hub.stop(), 0);
  hub.start();
  r = demo.call("GET", "/api/v1/leave?nip=" + nip_a, hub.login("sup", "rahasia-sup-123"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find(R"("kind":"dinas_luar")"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("kind":"cuti_sakit")"), std::string::npos) << r.body;
  EXPECT_EQ(hub.stop(), 0);
}

}  // namespace
}  // namespace pantau::test
