// Leave and roster endpoints on a real store (temp file), through the router with a stand-in
// authenticator; what they store is then walked by the same code /kpi, exports and appraisal use.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/leave_roster_rules.hpp"
#include "pantau/hub/http/leave_api.hpp"

namespace pantau::hub::http {
namespace {

namespace ind = indicators;
namespace json = boost::json;
using test::admin;
using test::attendance;
using test::supervisor;
using A = attendance_data::action_t;
const std::string nip_a = "198909122019121001";  // pendaftaran (the supervisor's unit)
const std::string nip_a2 = "197302132002091005";  // pendaftaran
const std::string nip_b = "196807011993032004";  // pengaduan
const principal viewer{"view", role::viewer, {"pendaftaran"}};
constexpr std::int64_t now_ms = 1'796'000'000'000;  // fixed: the audit trail's time

class leave_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    demo_store_test::SetUp();
    add_leave_routes(api_.routes, leave_api_sources{catalog_.get(), [] { return now_ms; }, {}});
  }
  organisation org() {
    auto o = catalog_->load_org();
    if (!o) ADD_FAILURE() << o.err().message;
    return o ? *o : organisation{};
  }
  http::response post(const std::string& target, const principal& who, const std::string& body) {
    return api_.send(bhttp::verb::post, target, who, body);
  }
  // The 400's message, which must name `field`.
  void expect_refused(const http::response& res, const std::string& field) {
    EXPECT_EQ(res.result(), bhttp::status::bad_request) << res.body();
    EXPECT_NE(res.body().find(field), std::string::npos) << res.body();
  }
  // Attendance totals of one employee over from..to, as /kpi computes them, seen on `as_of` noon.
  ind::attendance_totals totals(const std::string& nip, ind::civil_date from, ind::civil_date to,
                                ind::civil_date as_of, const ind::attendance_policy& policy = {}) {
    kpi_request req;
    req.scope = kpi_scope::employee;
    req.id = nip;
    req.from = from;
    req.to = to;
    const auto o = org();
    auto scope = resolve_scope(o, req);
    EXPECT_TRUE(scope.ok());
    kpi_options options;
    options.attendance = policy;
    auto t = compute_kpi_totals(o, *scope, req, *catalog_, ind::to_utc_ms(as_of, 12 * 60, ind::zone::wib), options);
    EXPECT_TRUE(t.ok());
    return t ? t->attendance : ind::attendance_totals{};
  }

  test::api_router api_;
};

// Annual leave Thu 24 .. Tue 29 Dec 2026 across Christmas (a holiday of the office) and a weekend;
// the week Mon 21 .. Wed 30 without any check-in:
//   21 Mon, 22 Tue, 23 Wed, 30 Wed: absent (4 x 4 %)   24 Thu, 28 Mon, 29 Tue: leave
//   25 Fri: holiday   26 Sat, 27 Sun: weekend
TEST_F(leave_api_test, leave_is_recorded_listed_and_excuses_its_days) {
  organisation holiday;
  holiday.holidays.push_back({test::demo_office, {2026, 12, 25}, "Natal"});
  ASSERT_TRUE(catalog_->put_org(holiday).ok());
  auto res = post("/api/v1/leave", admin,
                  R"({"nip":")" + nip_a + R"(","from":"2026-12-24","to":"2026-12-29","kind":"cuti_tahunan",)"
                  R"("note":"Surat cuti 12/2026"})");
  ASSERT_EQ(res.result(), bhttp::status::created) << res.body();
  const auto created = json::parse(res.body()).at("leave").as_object();
  EXPECT_EQ(created.at("kind").as_string(), "cuti_tahunan");
  EXPECT_EQ(created.at("label_id").as_string(), "Cuti tahunan");
  EXPECT_EQ(created.at("created_by").as_string(), "admin");
  EXPECT_EQ(created.at("created_ms").as_int64(), now_ms);
  EXPECT_EQ(created.at("id").as_string().size(), 16u);

  const auto stored = org();
  ASSERT_EQ(stored.leave.size(), 1u);
  EXPECT_EQ(stored.leave[0].note, "Surat cuti 12/2026");
  EXPECT_EQ(stored.leave[0].from, (ind::civil_date{2026, 12, 24}));

  res = api_.get("/api/v1/leave?nip=" + nip_a + "&from=2026-12-01&to=2026-12-31", viewer);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(json::parse(res.body()).at("leave").as_array().size(), 1u);
  res = api_.get("/api/v1/leave?nip=" + nip_a + "&from=2027-01-01&to=2027-01-31", admin);
  EXPECT_EQ(json::parse(res.body()).at("leave").as_array().size(), 0u);
  res = api_.get("/api/v1/leave?unit=pendaftaran", supervisor);
  EXPECT_EQ(json::parse(res.body()).at("leave").as_array().size(), 1u);
  EXPECT_EQ(api_.get("/api/v1/leave?unit=pengaduan", supervisor).result(), bhttp::status::forbidden);

  const auto t = totals(nip_a, {2026, 12, 21}, {2026, 12, 30}, {2026, 12, 31});
  EXPECT_EQ(t.expected, 4);
  EXPECT_EQ(t.absent, 4);
  EXPECT_EQ(t.on_leave, 3);
  EXPECT_EQ(t.present, 0);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 16.0);
}

// Official travel counts as present by default: Mon 23 .. Tue 24 Nov with no check-in are expected and
// present; a policy without it excuses them instead.
TEST_F(leave_api_test, official_travel_counts_as_present_by_policy) {
  auto res = post("/api/v1/leave", supervisor,
                  R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-24","kind":"dinas_luar",)"
                  R"("note":"SPT 090/11"})");
  ASSERT_EQ(res.result(), bhttp::status::created) << res.body();
  auto t = totals(nip_a, {2026, 11, 23}, {2026, 11, 25}, {2026, 11, 26});
  EXPECT_EQ(t.expected, 3);
  EXPECT_EQ(t.present, 2);
  EXPECT_EQ(t.on_time, 0);
  EXPECT_EQ(t.absent, 1);  // Wednesday
  EXPECT_EQ(t.on_leave, 2);
  EXPECT_DOUBLE_EQ(t.deduction_pct, 4.0);
  ind::attendance_policy strict;
  strict.leave.present.fill(false);
  t = totals(nip_a, {2026, 11, 23}, {2026, 11, 25}, {2026, 11, 26}, strict);
  EXPECT_EQ(t.expected, 1);
  EXPECT_EQ(t.present, 0);
  EXPECT_EQ(t.on_leave, 2);
}

TEST_F(leave_api_test, bad_leave_is_400_naming_the_field_and_nothing_is_stored) {
  const auto body = [](const std::string& nip, const std::string& from, const std::string& to, const std::string& kind,
                       const std::string& note) {
    return R"({"nip":")" + nip + R"(","from":")" + from + R"(","to":")" + to + R"(","kind":")" + kind +
           R"(","note":")" + note + R"("})";
  };
  expect_refused(post("/api/v1/leave", admin, body(nip_a, "2026-12-10", "2026-12-09", "izin", "x")), "to:");
  expect_refused(post("/api/v1/leave", admin, body("199999999999999999", "2026-12-01", "2026-12-02", "izin", "x")),
                 "nip:");
  expect_refused(post("/api/v1/leave", admin, body(nip_a, "2026-12-01", "2026-12-02", "cuti_bersama", "x")), "kind:");
  expect_refused(post("/api/v1/leave", admin, body(nip_a, "2026-12-01", "2026-12-02", "izin", "")), "note:");
  expect_refused(post("/api/v1/leave", admin, body(nip_a, "2026-13-01", "2026-12-02", "izin", "x")), "from:");
  expect_refused(post("/api/v1/leave", admin, R"({"nip":")" + nip_a + R"(","days":3})"), "days");
  EXPECT_TRUE(org().leave.empty());

  ASSERT_EQ(post("/api/v1/leave", admin, body(nip_a, "2026-12-01", "2026-12-05", "izin", "x")).result(),
            bhttp::status::created);
  expect_refused(post("/api/v1/leave", admin, body(nip_a, "2026-12-05", "2026-12-08", "cuti_sakit", "y")), "overlaps");
  // Another employee, or the day after, is fine.
  EXPECT_EQ(post("/api/v1/leave", admin, body(nip_a2, "2026-12-05", "2026-12-08", "cuti_sakit", "y")).result(),
            bhttp::status::created);
  EXPECT_EQ(post("/api/v1/leave", admin, body(nip_a, "2026-12-06", "2026-12-08", "cuti_sakit", "y")).result(),
            bhttp::status::created);
  EXPECT_EQ(org().leave.size(), 3u);
}

TEST_F(leave_api_test, supervisors_write_only_for_their_units_and_viewers_not_at_all) {
  const std::string b = R"({"from":"2026-12-01","to":"2026-12-01","kind":"izin","note":"x","nip":")";
  EXPECT_EQ(post("/api/v1/leave", supervisor, b + nip_b + R"("})").result(), bhttp::status::forbidden);
  EXPECT_EQ(post("/api/v1/leave", viewer, b + nip_a + R"("})").result(), bhttp::status::forbidden);
  EXPECT_EQ(api_.send(bhttp::verb::post, "/api/v1/leave", std::nullopt, b + nip_a + R"("})").result(),
            bhttp::status::unauthorized);
  EXPECT_TRUE(org().leave.empty());
  EXPECT_EQ(post("/api/v1/leave", supervisor, b + nip_a + R"("})").result(), bhttp::status::created);
  // A supervisor's CSV naming another unit's employee is refused as a whole.
  const auto res = post("/api/v1/leave.csv", supervisor,
                        "nip,from,to,kind,note\n" + nip_a2 + ",2026-12-02,2026-12-02,izin,a\n" + nip_b +
                            ",2026-12-02,2026-12-02,izin,b\n");
  expect_refused(res, R"("line":3)");
  EXPECT_EQ(org().leave.size(), 1u);
}

TEST_F(leave_api_test, cancelling_keeps_the_record_with_who_when_and_why) {
  auto res = post("/api/v1/leave", admin,
                  R"({"nip":")" + nip_a + R"(","from":"2026-12-01","to":"2026-12-03","kind":"cuti_sakit","note":"x"})");
  ASSERT_EQ(res.result(), bhttp::status::created);
  const std::string id(json::parse(res.body()).at("leave").at("id").as_string());
  expect_refused(post("/api/v1/leave/" + id + "/cancel", supervisor, R"({})"), "note:");
  EXPECT_EQ(post("/api/v1/leave/" + id + "/cancel", viewer, R"({"note":"x"})").result(), bhttp::status::forbidden);
  EXPECT_EQ(post("/api/v1/leave/0123456789abcdef/cancel", admin, R"({"note":"x"})").result(),
            bhttp::status::not_found);
  res = post("/api/v1/leave/" + id + "/cancel", supervisor, R"({"note":"Sudah masuk kerja"})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(post("/api/v1/leave/" + id + "/cancel", supervisor, R"({"note":"lagi"})").result(),
            bhttp::status::conflict);
  const auto o = org();
  ASSERT_EQ(o.leave.size(), 1u);
  EXPECT_FALSE(o.leave[0].active());
  EXPECT_EQ(o.leave[0].cancelled_by, "sup");
  EXPECT_EQ(o.leave[0].cancelled_ms, now_ms);
  EXPECT_EQ(o.leave[0].cancel_note, "Sudah masuk kerja");
  // Cancelled leave covers nothing and blocks nothing.
  EXPECT_FALSE(ind::leave_on(o.schedule_of(*o.find_unit("pendaftaran"), nip_a, {2026, 12, 1}, {2026, 12, 3}), nip_a,
                             {2026, 12, 2}));
  EXPECT_EQ(post("/api/v1/leave", admin,
                 R"({"nip":")" + nip_a + R"(","from":"2026-12-02","to":"2026-12-02","kind":"izin","note":"y"})")
                .result(),
            bhttp::status::created);
}

TEST_F(leave_api_test, csv_import_is_all_or_nothing_with_line_numbers) {
  ASSERT_EQ(post("/api/v1/leave", admin,
                 R"({"nip":")" + nip_b + R"(","from":"2026-12-10","to":"2026-12-12","kind":"izin","note":"x"})")
                .result(),
            bhttp::status::created);
  const std::string bad = "nip,from,to,kind,note\n" +                          // line 1
                          nip_a + ",2026-12-01,2026-12-05,cuti_tahunan,ok\n" +   // 2: good
                          nip_a + ",2026-12-05,2026-12-06,izin,clash\n" +        // 3: overlaps line 2
                          nip_a2 + ",2026-12-09,2026-12-08,izin,inverted\n" +    // 4
                          "199999999999999999,2026-12-01,2026-12-01,izin,who\n" +  // 5
                          nip_a2 + ",2026-12-01,2026-12-01,libur,kind\n" +        // 6
                          nip_b + ",2026-12-12,2026-12-13,izin,stored\n" +        // 7: overlaps stored leave
                          nip_a2 + ",2026-12-01,2026-12-01,izin,\n";              // 8: no note
  auto res = post("/api/v1/leave.csv", admin, bad);
  ASSERT_EQ(res.result(), bhttp::status::bad_request) << res.body();
  const auto problems = json::parse(res.body()).at("problems").as_array();
  ASSERT_EQ(problems.size(), 6u) << res.body();
  const std::vector<std::pair<std::int64_t, std::string>> want{
      {3, "line 2"}, {4, "to:"}, {5, "nip:"}, {6, "kind:"}, {7, "stored leave"}, {8, "note:"}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(problems[i].at("line").as_int64(), want[i].first);
    EXPECT_NE(std::string(problems[i].at("message").as_string()).find(want[i].second), std::string::npos)
        << problems[i].at("message").as_string();
  }
  EXPECT_EQ(org().leave.size(), 1u);  // nothing of the file

  res = post("/api/v1/leave.csv", admin,
             "\xEF\xBB\xBFnip,from,to,kind,note\r\n" + nip_a + ",2026-12-01,2026-12-05,cuti_tahunan,\"Surat 1, 2\"\r\n" +
                 nip_a2 + ",2026-12-01,2026-12-01,kerja_fleksibel,WFH\r\n");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(json::parse(res.body()).at("imported").as_int64(), 2);
  const auto o = org();
  ASSERT_EQ(o.leave.size(), 3u);
  for (const auto& l : o.leave) {
    EXPECT_EQ(l.id.size(), 16u);
    if (l.nip == nip_a) EXPECT_EQ(l.note, "Surat 1, 2");
  }
}

TEST_F(leave_api_test, kinds_are_listed_with_labels_and_the_policy) {
  const auto res = api_.get("/api/v1/leave/kinds", viewer);
  ASSERT_EQ(res.result(), bhttp::status::ok);
  const auto kinds = json::parse(res.body()).at("kinds").as_array();
  ASSERT_EQ(kinds.size(), ind::leave_kind_count);
  EXPECT_EQ(kinds[7].at("kind").as_string(), "dinas_luar");
  EXPECT_TRUE(kinds[7].at("counts_present").as_bool());
  EXPECT_FALSE(kinds[0].at("counts_present").as_bool());
  EXPECT_EQ(kinds[0].at("label_en").as_string(), "Annual leave");
}

// Night shift Mon 23 Nov 22:00 .. Tue 06:00: check-in 21:58 (before the start: on time), check-out
// 06:03 the next morning (after the end: not early) -> present, on time, deduction 0. Nobody else's
// week applies: Tuesday is rostered off. Wed 25's night is the same shift with a check-out at 05:40
// (20 minutes early: PSW1, 0.5 %).
TEST_F(leave_api_test, a_night_shift_across_midnight_from_a_rotating_pattern) {
  ASSERT_EQ(api_.send(bhttp::verb::put, "/api/v1/shifts/pendaftaran/M", supervisor, R"({"hours":"22:00-06:00"})")
                .result(),
            bhttp::status::ok);
  ASSERT_EQ(api_.send(bhttp::verb::put, "/api/v1/shifts/pendaftaran/P", admin, R"({"hours":"07:00-15:00"})").result(),
            bhttp::status::ok);
  EXPECT_EQ(api_.send(bhttp::verb::put, "/api/v1/shifts/pengaduan/P", supervisor, R"({"hours":"07:00-15:00"})")
                .result(),
            bhttp::status::forbidden);
  // M, -, repeated from Monday 23: Mon M, Tue -, Wed M, Thu -, ...
  auto res = api_.send(bhttp::verb::put, "/api/v1/roster", supervisor,
                       R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-29","pattern":"M,-","start":"2026-11-23"})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(json::parse(res.body()).at("stored").as_int64(), 7);
  store_events({
      at({2026, 11, 23}, 21 * 60 + 58, attendance(nip_a, A::in)),
      at({2026, 11, 24}, 6 * 60 + 3, attendance(nip_a, A::out)),
      at({2026, 11, 25}, 22 * 60, attendance(nip_a, A::in)),
      at({2026, 11, 26}, 5 * 60 + 40, attendance(nip_a, A::out)),
  });
  const auto mon = totals(nip_a, {2026, 11, 23}, {2026, 11, 24}, {2026, 11, 27});
  EXPECT_EQ(mon.expected, 1);
  EXPECT_EQ(mon.present, 1);
  EXPECT_EQ(mon.on_time, 1);
  EXPECT_EQ(mon.early_leave, (std::array<std::int64_t, 4>{}));
  EXPECT_EQ(mon.late, (std::array<std::int64_t, 4>{}));
  EXPECT_DOUBLE_EQ(mon.deduction_pct, 0.0);
  const auto wed = totals(nip_a, {2026, 11, 25}, {2026, 11, 26}, {2026, 11, 27});
  EXPECT_EQ(wed.expected, 1);
  EXPECT_EQ(wed.on_time, 1);
  EXPECT_EQ(wed.early_leave[0], 1);
  EXPECT_DOUBLE_EQ(wed.deduction_pct, 0.5);

  res = api_.get("/api/v1/roster?unit=pendaftaran&from=2026-11-23&to=2026-11-24", viewer);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  const auto grid = json::parse(res.body());
  bool seen = false;
  for (const auto& e : grid.at("employees").as_array()) {
    if (e.at("nip").as_string() != nip_a) {
      EXPECT_EQ(e.at("days").at(0).at("roster"), json::value(nullptr));
      EXPECT_EQ(e.at("days").at(0).at("planned").as_string(), "07:30-16:00");
      continue;
    }
    seen = true;
    EXPECT_EQ(e.at("days").at(0).at("roster").as_string(), "22:00-06:00");
    EXPECT_EQ(e.at("days").at(1).at("planned").as_string(), "-");
  }
  EXPECT_TRUE(seen);
}

TEST_F(leave_api_test, a_night_shift_running_into_the_next_days_shift_is_refused) {
  // Monday night until 06:00, Tuesday's week starts 07:30: fine. Until 08:00: runs into it.
  auto res = api_.send(bhttp::verb::put, "/api/v1/roster", admin,
                       R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-23","shift":"22:00-08:00"})");
  expect_refused(res, "runs into");
  EXPECT_TRUE(org().roster.empty());
  res = api_.send(bhttp::verb::put, "/api/v1/roster", admin,
                  R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-23","shift":"22:00-06:00"})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  // A pattern with an unknown code names it.
  expect_refused(api_.send(bhttp::verb::put, "/api/v1/roster", admin,
                           R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-30","pattern":"X","start":"2026-11-23"})"),
                 "\\\"X\\\"");
  // null sends the day back to the week.
  res = api_.send(bhttp::verb::put, "/api/v1/roster", admin,
                  R"({"nip":")" + nip_a + R"(","from":"2026-11-23","to":"2026-11-23","shift":null})");
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_TRUE(org().roster.empty());

  // The CSV: a night shift into the next row's early shift, a date twice, an unknown NIP.
  const std::string csv = "nip,date,start,end\n" +                  // 1
                          nip_a + ",2026-11-23,22:00,06:00\n" +      // 2: runs into line 3
                          nip_a + ",2026-11-24,05:00,13:00\n" +      // 3
                          nip_a2 + ",2026-11-23,off,\n" +            // 4: good
                          nip_a2 + ",2026-11-23,07:00,15:00\n" +     // 5: date twice
                          "199999999999999999,2026-11-23,off,\n" +   // 6
                          nip_a2 + ",2026-11-24,7:00,15:00\n";       // 7: bad time
  res = post("/api/v1/roster.csv", admin, csv);
  ASSERT_EQ(res.result(), bhttp::status::bad_request) << res.body();
  const auto problems = json::parse(res.body()).at("problems").as_array();
  ASSERT_EQ(problems.size(), 3u) << res.body();  // clashes are looked for once every row reads well
  EXPECT_EQ(problems[0].at("line").as_int64(), 5);
  EXPECT_EQ(problems[1].at("line").as_int64(), 6);
  EXPECT_EQ(problems[2].at("line").as_int64(), 7);
  const std::string clash = "nip,date,start,end\n" + nip_a + ",2026-11-23,22:00,06:00\n" + nip_a +
                            ",2026-11-24,05:00,13:00\n" + nip_a2 + ",2026-11-23,off,\n";
  res = post("/api/v1/roster.csv", admin, clash);
  ASSERT_EQ(res.result(), bhttp::status::bad_request) << res.body();
  const auto clashes = json::parse(res.body()).at("problems").as_array();
  ASSERT_EQ(clashes.size(), 2u) << res.body();
  EXPECT_EQ(clashes[0].at("line").as_int64(), 2);
  EXPECT_EQ(clashes[1].at("line").as_int64(), 3);
  EXPECT_TRUE(org().roster.empty());
  const std::string good = "nip,date,start,end\n" + nip_a + ",2026-11-23,22:00,06:00\n" + nip_a +
                           ",2026-11-24,off,\n" + nip_a2 + ",2026-11-23,off,\n";
  res = post("/api/v1/roster.csv", admin, good);
  ASSERT_EQ(res.result(), bhttp::status::ok) << res.body();
  EXPECT_EQ(org().roster.size(), 3u);
}

}  // namespace
}  // namespace pantau::hub::http
