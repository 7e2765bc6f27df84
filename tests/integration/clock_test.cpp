// The hub at chosen instants, whatever the machine's clock says: a real mosquitto and pantau-hub with
// the demo organisation (office binjai-dukcapil, WIB, units with a 95 % attendance target checked from
// 08:00), its wall clock set through PANTAU_CLOCK_OFFSET_MS, and events stamped by the same clock.
// Each case is a moment an office lives through: before the start, mid-afternoon, Friday's later end,
// a Saturday, a holiday, and the last seconds of the year.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "pantau/test/demo_hub.hpp"
#include "pantau/test/wire_kiosk.hpp"

namespace pantau::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string office = "binjai-dukcapil";
const std::string nip_agus = "198909122019121001";   // unit pendaftaran
const std::string nip_teguh = "198503252013021005";  // unit pencatatan-sipil

class hub_at_instant {
 public:
  explicit hub_at_instant(std::string_view instant)
      : clock_(instant), demo_({}, at_offset(clock_.offset_ms())), admin_(demo_.hub.login()) {}

  const test_clock& clock() const { return clock_; }
  demo_hub& demo() { return demo_; }

  void publish(const std::vector<std::string>& events) { kiosk_.publish(demo_.broker.url(), events); }
  std::string event(const std::string& ts, const std::string& type, const std::string& data) {
    return kiosk_.event(++seq_, ts, type, data);
  }
  std::string event(const std::string& ts, const std::string& type, const std::string& data, const wire_clock& c) {
    return kiosk_.event(++seq_, ts, type, data, c);
  }
  std::string now_iso() const { return iso_utc(clock_.now()); }
  const std::string& admin() const { return admin_; }
  json::array reviews() {
    const auto r = demo_.call("GET", "/api/v1/reviews", admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json::parse(r.body).as_array() : json::array{};
  }
  // The fleet view's count of this test kiosk's pending reviews (-1: not there).
  std::int64_t pending_reviews() {
    const auto r = demo_.call("GET", "/api/v1/kiosks", admin_);
    if (r.status != 200) return -1;
    const json::value list = json::parse(r.body);
    for (const auto& k : list.as_array())
      if (k.as_object().at("kiosk").as_string() == "k-clock") return k.as_object().at("pending_reviews").as_int64();
    return -1;
  }

  // The attendance block of /api/v1/kpi for one unit and one day.
  json::object attendance(const std::string& unit, const std::string& day) {
    const auto r = demo_.call("GET", "/api/v1/kpi?scope=unit&id=" + unit + "&from=" + day + "&to=" + day, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    return json::parse(r.body).as_object().at("attendance").as_object();
  }
  std::int64_t responses(const std::string& unit, const std::string& day) {
    const auto r = demo_.call("GET", "/api/v1/kpi?scope=unit&id=" + unit + "&from=" + day + "&to=" + day, admin_);
    if (r.status != 200) return -1;
    return json::parse(r.body).as_object().at("satisfaction").as_object().at("responses").as_int64();
  }
  // Active alerts of one kind.
  int active(const std::string& kind) {
    const auto r = demo_.call("GET", "/api/v1/alerts", admin_);
    if (r.status != 200) return -1;
    int n = 0;
    const json::value list = json::parse(r.body);
    for (const auto& a : list.as_array())
      if (a.as_object().at("kind").as_string() == kind) ++n;
    return n;
  }
  // Four low ratings at loket-3 raise low_satisfaction; once it is listed, the alert thread has also
  // made its first attendance check (it runs at its first turn), so an absent attendance alert means
  // "not raised" rather than "not yet looked".
  void settle_alerts() {
    std::vector<std::string> low;
    for (int i = 0; i < 4; ++i)
      low.push_back(event(now_iso(), "rating", rating_json("loket-3", std::nullopt, 1, std::nullopt)));
    publish(low);
    ASSERT_TRUE(wait_until([&] { return active("low_satisfaction") == 1; }, 30s)) << demo_.hub.proc().log();
  }

 private:
  static hub_options at_offset(std::int64_t offset_ms) {
    hub_options o;
    o.clock_offset_ms = offset_ms;
    return o;
  }

  test_clock clock_;
  demo_hub demo_;
  std::string admin_;
  wire_kiosk kiosk_{office, "k-clock"};
  std::int64_t seq_ = 0;
};

std::int64_t count_of(const json::object& o, const char* group, const char* band) {
  return o.at(group).as_object().at(band).as_int64();
}

TEST(clock_integration, a_working_day_at_0700_wib_has_no_attendance_alert_and_an_early_check_in_is_on_time) {
  hub_at_instant hub(instants::thursday_0700_wib);
  hub.publish({hub.event(hub.now_iso(), "attendance", attendance_json(nip_agus, "in"))});
  ASSERT_TRUE(wait_until([&] { return hub.attendance("pendaftaran", "2026-11-26").at("present").as_int64() == 1; },
                         30s));
  const auto a = hub.attendance("pendaftaran", "2026-11-26");
  EXPECT_EQ(a.at("expected").as_int64(), 3);
  EXPECT_EQ(a.at("on_time").as_int64(), 1);
  EXPECT_EQ(count_of(a, "late", "TL1"), 0);
  hub.settle_alerts();
  EXPECT_EQ(hub.active("attendance_below_target"), 0) << "before 08:00 nobody is behind yet";
}

TEST(clock_integration, a_working_day_at_1400_wib_raises_attendance_below_target_for_units_nobody_came_to) {
  hub_at_instant hub(instants::thursday_1400_wib);
  // Agus came at 07:45: 15 minutes late, TL1; his unit is still 1 of 3, below 95 %.
  hub.publish({hub.event("2026-11-26T00:45:00.000Z", "attendance", attendance_json(nip_agus, "in"))});
  ASSERT_TRUE(wait_until([&] { return hub.active("attendance_below_target") == 3; }, 60s))
      << hub.demo().hub.proc().log();
  const auto a = hub.attendance("pendaftaran", "2026-11-26");
  EXPECT_EQ(a.at("present").as_int64(), 1);
  EXPECT_EQ(count_of(a, "late", "TL1"), 1);
}

TEST(clock_integration, friday_ends_at_1630_so_a_1645_check_out_is_no_early_leave_and_1620_is_psw1) {
  hub_at_instant hub(instants::friday_1645_wib);
  hub.publish({
      hub.event("2026-11-27T00:20:00.000Z", "attendance", attendance_json(nip_agus, "in")),   // 07:20
      hub.event(hub.now_iso(), "attendance", attendance_json(nip_agus, "out")),               // 16:45
      hub.event("2026-11-27T00:20:00.000Z", "attendance", attendance_json(nip_teguh, "in")),  // 07:20
      hub.event("2026-11-27T09:20:00.000Z", "attendance", attendance_json(nip_teguh, "out")),  // 16:20
  });
  ASSERT_TRUE(wait_until(
      [&] { return count_of(hub.attendance("pencatatan-sipil", "2026-11-27"), "early_leave", "PSW1") == 1; }, 30s));
  const auto agus = hub.attendance("pendaftaran", "2026-11-27");
  EXPECT_EQ(agus.at("on_time").as_int64(), 1);
  for (const char* band : {"PSW1", "PSW2", "PSW3", "PSW4"}) EXPECT_EQ(count_of(agus, "early_leave", band), 0) << band;
}

TEST(clock_integration, a_saturday_expects_nobody_and_raises_no_attendance_alert) {
  hub_at_instant hub(instants::saturday_1000_wib);
  hub.settle_alerts();
  EXPECT_EQ(hub.active("attendance_below_target"), 0);
  EXPECT_EQ(hub.attendance("pendaftaran", "2026-11-28").at("expected").as_int64(), 0);
}

TEST(clock_integration, a_holiday_expects_nobody_and_raises_no_attendance_alert) {
  // Friday 25 December 2026, 14:00 WIB: a weekday, and Christmas once the admin has entered it.
  hub_at_instant hub("2026-12-25T07:00:00Z");
  const std::string admin = hub.demo().hub.login();
  // No kiosk has sent anything yet: the admin says the office is watched from 1 December.
  for (const char* unit : {"pendaftaran", "pencatatan-sipil", "pengaduan"}) {
    const auto set = hub.demo().call("PUT", std::string("/api/v1/units/") + unit, admin, R"({"tracking_since":"2026-12-01"})");
    ASSERT_EQ(set.status, 200) << set.body;
  }
  ASSERT_TRUE(wait_until([&] { return hub.active("attendance_below_target") == 3; }, 60s))
      << "without the holiday the weekday is a working day";
  const auto put = hub.demo().call("PUT", "/api/v1/holidays/" + office + "/2026-12-25", admin,
                                   R"({"name":"Hari Raya Natal"})");
  ASSERT_TRUE(put.status == 200 || put.status == 201) << put.body;
  EXPECT_EQ(hub.attendance("pendaftaran", "2026-12-25").at("expected").as_int64(), 0);
  // The alerts follow the organisation after a restart at the latest.
  ASSERT_EQ(hub.demo().hub.stop(), 0);
  hub.demo().hub.start();
  hub.settle_alerts();
  EXPECT_EQ(hub.active("attendance_below_target"), 0);
}

// The issue's case through a real broker and hub: a check-in stamped in 1970 (the kiosk had no NTP
// yet; mono 1 000 000) waits for review until a synced check-out of the same boot 8.5 h later places
// it at 07:30 on the real day: present, on time, nothing to review, the 1970 day empty. A check-in of
// another boot that never synced stays in the queue until a supervisor accepts a time for it.
TEST(clock_integration, a_1970_check_in_is_rebased_by_a_synced_check_out_of_its_boot_and_the_rest_is_reviewed) {
  hub_at_instant hub(instants::friday_1645_wib);
  const wire_clock before_ntp{"b-rebase", 1'000'000, false};
  hub.publish({hub.event("1970-01-01T00:16:40.000Z", "attendance", attendance_json(nip_agus, "in"), before_ntp)});
  ASSERT_TRUE(wait_until([&] { return hub.pending_reviews() == 1; }, 30s)) << hub.demo().hub.proc().log();
  EXPECT_EQ(hub.reviews().size(), 1u);

  const wire_clock after_ntp{"b-rebase", 1'000'000 + 30'600'000, true};
  hub.publish({hub.event("2026-11-26T09:00:00.000Z", "attendance", attendance_json(nip_agus, "out"), after_ntp)});
  ASSERT_TRUE(wait_until([&] { return hub.attendance("pendaftaran", "2026-11-26").at("on_time").as_int64() == 1; },
                         30s))
      << hub.demo().hub.proc().log();
  const auto a = hub.attendance("pendaftaran", "2026-11-26");
  EXPECT_EQ(a.at("present").as_int64(), 1);
  EXPECT_EQ(a.at("needs_review").as_int64(), 0);
  for (const char* band : {"TL1", "TL2", "TL3", "TL4"}) EXPECT_EQ(count_of(a, "late", band), 0) << band;
  EXPECT_EQ(hub.pending_reviews(), 0);
  EXPECT_TRUE(hub.reviews().empty());

  // Teguh's check-in comes from a boot that never synced: not re-based by b-rebase's anchor.
  const wire_clock never{"b-never", 1'000'000, false};
  hub.publish({hub.event("1970-01-01T00:16:40.000Z", "attendance", attendance_json(nip_teguh, "in"), never)});
  ASSERT_TRUE(wait_until([&] { return hub.pending_reviews() == 1; }, 30s));
  const auto queue = hub.reviews();
  ASSERT_EQ(queue.size(), 1u);
  const std::string id(queue[0].as_object().at("event").as_string());
  EXPECT_EQ(queue[0].as_object().at("boot").as_string(), "b-never");
  const auto bad = hub.demo().call("POST", "/api/v1/reviews", hub.admin(),
                                   R"({"event":")" + id + R"(","time":"2026-11-26T00:25:00Z","reason":""})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  const auto ok = hub.demo().call("POST", "/api/v1/reviews", hub.admin(),
                                  R"({"event":")" + id + R"(","time":"2026-11-26T00:25:00Z","reason":"CCTV lobi"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(hub.pending_reviews(), 0);
  const auto teguh = hub.attendance("pencatatan-sipil", "2026-11-26");
  EXPECT_EQ(teguh.at("present").as_int64(), 1);
  EXPECT_EQ(teguh.at("on_time").as_int64(), 1);
  EXPECT_EQ(teguh.at("needs_review").as_int64(), 0);
}

TEST(clock_integration, the_last_seconds_of_the_year_count_on_31_december_and_the_next_ones_on_1_january) {
  hub_at_instant hub(instants::new_year_eve_235930_wib);
  hub.publish({hub.event(hub.now_iso(), "rating", rating_json("loket-1", std::nullopt, 4, std::nullopt))});
  ASSERT_TRUE(wait_until([&] { return hub.responses("pendaftaran", "2026-12-31") == 1; }, 20s));
  // Wait for midnight WIB (17:00Z) on the programs' clock, then rate again.
  const auto midnight = std::chrono::system_clock::time_point(std::chrono::milliseconds(parse_utc_ms("2026-12-31T17:00:00Z")));
  while (hub.clock().now() < midnight + 1s) std::this_thread::sleep_for(200ms);
  hub.publish({hub.event(hub.now_iso(), "rating", rating_json("loket-1", std::nullopt, 2, std::nullopt))});
  ASSERT_TRUE(wait_until([&] { return hub.responses("pendaftaran", "2027-01-01") == 1; }, 20s));
  EXPECT_EQ(hub.responses("pendaftaran", "2026-12-31"), 1);
}

// An office that goes live on Thursday 26 November is watched from that day: no absences before it,
// no appraisal from a day of data; an admin may set an earlier start, which then counts.
TEST(clock_integration, an_office_is_watched_from_its_first_event_and_an_admin_may_move_the_start) {
  hub_at_instant hub(instants::thursday_1400_wib);
  const std::string admin = hub.demo().hub.login();
  const auto unit_field = [&](const std::string& unit, const char* field) -> json::value {
    const auto r = hub.demo().call("GET", "/api/v1/org", admin);
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value org = json::parse(r.body);
    for (const auto& u : org.as_object().at("units").as_array())
      if (u.as_object().at("unit").as_string() == unit) return u.as_object().at(field);
    return json::value("missing");
  };
  EXPECT_TRUE(unit_field("pendaftaran", "tracking_since").is_null()) << "nothing watched before any event";
  EXPECT_EQ(hub.attendance("pendaftaran", "2026-11-25").at("expected").as_int64(), 0);

  hub.publish({hub.event("2026-11-26T00:45:00.000Z", "attendance", attendance_json(nip_agus, "in"))});
  ASSERT_TRUE(wait_until([&] { return unit_field("pengaduan", "tracking_since") == json::value("2026-11-26"); }, 30s))
      << hub.demo().hub.proc().log();
  EXPECT_EQ(unit_field("pendaftaran", "tracking_auto"), json::value(true));
  EXPECT_EQ(hub.attendance("pendaftaran", "2026-11-25").at("expected").as_int64(), 0) << "the day before go-live";
  EXPECT_EQ(hub.attendance("pendaftaran", "2026-11-26").at("expected").as_int64(), 3);

  // The semester's appraisal: one day of data rates nobody below expectation for attendance.
  const auto appraisal = hub.demo().call("GET", "/api/v1/appraisal?period=2026-S2&unit=pendaftaran", admin);
  ASSERT_EQ(appraisal.status, 200) << appraisal.body;
  EXPECT_EQ(appraisal.body.find("Di Bawah"), std::string::npos) << appraisal.body;
  EXPECT_NE(appraisal.body.find("data belum cukup"), std::string::npos) << appraisal.body;

  // The admin says the office was watched from Monday 2 November: 19 weekdays to today, 3 people.
  const auto set = hub.demo().call("PUT", "/api/v1/units/pendaftaran", admin, R"({"tracking_since":"2026-11-02"})");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(unit_field("pendaftaran", "tracking_auto"), json::value(false));
  const auto r = hub.demo().call("GET", "/api/v1/kpi?scope=unit&id=pendaftaran&from=2026-11-01&to=2026-11-30", admin);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("attendance").at("expected").as_int64(), 3 * 19);
  const auto bad = hub.demo().call("PUT", "/api/v1/units/pendaftaran", admin, R"({"tracking_since":"2026-02-30"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("tracking_since"), std::string::npos) << bad.body;
}

// Employees' dates and transfers through the admin API, with the refusals that name the field.
TEST(clock_integration, an_employee_transfer_and_active_dates_are_kept_and_bad_ones_refused) {
  hub_at_instant hub(instants::thursday_1400_wib);
  const std::string admin = hub.demo().hub.login();
  const auto post = [&](const std::string& body) { return hub.demo().call("POST", "/api/v1/employees", admin, body); };
  const std::string agus = R"("nip":")" + nip_agus + R"(","name":"Agus Setiawan")";
  auto r = post("{" + agus + R"(,"unit":"pengaduan","unit_from":"2026-11-16","active_from":"2020-01-02"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = hub.demo().call("GET", "/api/v1/employees/" + nip_agus, admin);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto e = json::parse(r.body).as_object();
  EXPECT_EQ(e.at("unit"), json::value("pengaduan"));
  EXPECT_EQ(e.at("active_from"), json::value("2020-01-02"));
  ASSERT_EQ(e.at("transfers").as_array().size(), 1u);
  EXPECT_EQ(e.at("transfers").as_array()[0].at("from_unit"), json::value("pendaftaran"));
  EXPECT_EQ(e.at("transfers").as_array()[0].at("date"), json::value("2026-11-16"));

  // A record written again without its dates keeps them.
  r = post("{" + agus + R"(,"unit":"pengaduan"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = hub.demo().call("GET", "/api/v1/employees/" + nip_agus, admin);
  EXPECT_EQ(json::parse(r.body).at("active_from"), json::value("2020-01-02"));

  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {"{" + agus + R"(,"unit":"pengaduan","active_from":"2026-12-01","active_to":"2026-11-01"})", "active_to"},
           {"{" + agus + R"(,"unit":"pendaftaran","unit_from":"2026-11-10"})", "unit_from"},  // before the last one
           {"{" + agus + R"(,"unit":"pengaduan","active_from":"26-11-01"})", "active_from"},
           {"{" + agus + R"(,"unit":"pengaduan","unit_from":"2026-11-20"})", "unit_from"}}) {  // no move
    const auto refused = post(body);
    EXPECT_EQ(refused.status, 400) << body;
    EXPECT_NE(refused.body.find(field), std::string::npos) << refused.body;
  }
  r = hub.demo().call("GET", "/api/v1/employees/" + nip_agus, admin);
  EXPECT_EQ(json::parse(r.body).at("transfers").as_array().size(), 1u) << "nothing refused was kept";
}

}  // namespace
}  // namespace pantau::test
