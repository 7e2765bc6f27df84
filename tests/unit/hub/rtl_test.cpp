// Follow-up (RTL) items: the checks field by field, the proposal from the weakest elements, overdue,
// the SQLite store with its audit trail, and the HTTP API through the router on a real store file.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/alert_monitor.hpp"
#include "pantau/hub/core/rtl.hpp"
#include "pantau/hub/http/rtl_api.hpp"
#include "pantau/hub/store/sqlite_rtl_store.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;
namespace json = boost::json;
using test::admin;
using test::supervisor;
using verb = http::bhttp::verb;

const std::string nip_a = "198909122019121001";  // Agus, demo unit pendaftaran

rtl_fields good_fields() {
  rtl_fields f;
  f.unit = "pendaftaran";
  f.period = "2026-S2";
  f.element = "U3";
  f.problem = "Antrean lama";
  f.action = "Tambah loket pada jam sibuk";
  f.owner_kind = "account";
  f.owner = "sup";
  f.due = "2027-03-31";
  return f;
}

class rtl_core_test : public ::testing::Test {
 protected:
  organisation org_ = demo_organisation();
  rtl_checks checks_{&org_, [](std::string_view name, std::string_view unit) {
                       return name == "sup" && unit == "pendaftaran";
                     }};
};

TEST_F(rtl_core_test, a_good_item_is_planned_with_every_field) {
  auto i = make_rtl_item(good_fields(), checks_, 1000);
  ASSERT_TRUE(i.ok()) << i.err().message;
  EXPECT_EQ(i->unit, "pendaftaran");
  EXPECT_EQ(ind::to_string(i->of), "2026-S2");
  EXPECT_EQ(i->element, 2u);
  EXPECT_EQ(i->owner_kind, rtl_owner_kind::account);
  EXPECT_EQ(i->due, (ind::civil_date{2027, 3, 31}));
  EXPECT_EQ(i->status, rtl_status::planned);
  EXPECT_EQ(i->created_ms, 1000);
  EXPECT_FALSE(i->closed_ms);
}

// Each bad field is refused with its own name first in the message.
TEST_F(rtl_core_test, bad_fields_are_named) {
  const auto field_of = [&](rtl_fields f) {
    auto i = make_rtl_item(f, checks_, 1);
    EXPECT_FALSE(i.ok());
    if (i.ok()) return std::string("accepted");
    EXPECT_EQ(i.err().code, errc::bad_request);
    return i.err().message.substr(0, i.err().message.find(':'));
  };
  auto f = good_fields();
  f.element = "U10";
  EXPECT_EQ(field_of(f), "element");
  f = good_fields();
  f.unit = "nope";
  EXPECT_EQ(field_of(f), "unit");
  f = good_fields();
  f.due = "2026-06-30";  // before 2026-S2 starts
  EXPECT_EQ(field_of(f), "due");
  f = good_fields();
  f.owner = "stranger";
  EXPECT_EQ(field_of(f), "owner");
  f = good_fields();
  f.owner_kind = "employee";
  f.owner = nip_a;
  EXPECT_TRUE(make_rtl_item(f, checks_, 1).ok());
  f.owner = "sup";  // an account name where a NIP belongs
  EXPECT_EQ(field_of(f), "owner");
  f.unit = "pengaduan";  // Agus is not of this unit
  f.owner = nip_a;
  EXPECT_EQ(field_of(f), "owner");
  // Values swapped between fields: each fails in the field it was given in.
  f = good_fields();
  f.period = "2027-03-31";
  f.due = "2026-S2";
  EXPECT_EQ(field_of(f), "period");
  f = good_fields();
  f.due = "2026-S2";
  EXPECT_EQ(field_of(f), "due");
  f = good_fields();
  f.status = "U3";
  EXPECT_EQ(field_of(f), "status");
  f = good_fields();
  f.element = "Antrean lama";
  f.problem = "U3";
  EXPECT_EQ(field_of(f), "element");
  f = good_fields();
  f.problem.reset();
  EXPECT_EQ(field_of(f), "problem");
  f = good_fields();
  f.status = "done";  // done without evidence
  EXPECT_EQ(field_of(f), "evidence");
}

TEST_F(rtl_core_test, update_keeps_unit_and_period_and_close_needs_evidence) {
  auto i = make_rtl_item(good_fields(), checks_, 1);
  ASSERT_TRUE(i.ok());
  rtl_fields f;
  f.unit = "pengaduan";
  EXPECT_FALSE(update_rtl_item(*i, f, checks_, 2).ok());
  f = {};
  f.status = "in_progress";
  f.due = "2027-01-15";
  auto u = update_rtl_item(*i, f, checks_, 2);
  ASSERT_TRUE(u.ok()) << u.err().message;
  EXPECT_EQ(u->status, rtl_status::in_progress);
  EXPECT_EQ(u->updated_ms, 2);
  const auto changes = rtl_diff(*i, *u);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], (rtl_change{"due", "2027-03-31", "2027-01-15"}));
  EXPECT_EQ(changes[1], (rtl_change{"status", "planned", "in_progress"}));

  EXPECT_FALSE(close_rtl_item(*u, std::nullopt, 3).ok());
  auto c = close_rtl_item(*u, "SK Kepala Dinas 12/2027", 3);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->status, rtl_status::done);
  EXPECT_EQ(c->closed_ms, 3);
  // Reopening clears the closing time.
  f = {};
  f.status = "in_progress";
  auto reopened = update_rtl_item(*c, f, checks_, 4);
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE(reopened->closed_ms);
}

TEST(rtl_weakest, below_b_and_at_least_the_three_lowest) {
  std::array<std::optional<double>, 9> nrr{3.5, 3.6, 2.4, 3.9, std::nullopt, 2.9, 3.0, 3.8, 3.7};
  // Converted: 87.5, 90, 60 (D), 97.5, -, 72.5 (C), 75 (C), 95, 92.5.
  EXPECT_EQ(weakest_elements(nrr), (std::vector<std::size_t>{2, 5, 6}));
  nrr = {3.5, 3.6, 3.55, 3.9, 3.8, 3.6, 3.7, 3.8, 3.7};
  // All at least B: the three lowest, ties (3.6 at U2 and U6) in element order.
  EXPECT_EQ(weakest_elements(nrr), (std::vector<std::size_t>{0, 2, 1}));
  nrr = {2.0, 2.0, 2.0, 2.0, 2.0, 3.9, 3.9, 3.9, 3.9};
  EXPECT_EQ(weakest_elements(nrr).size(), 5u);
}

TEST(rtl_periods, previous_and_next) {
  const auto p = [](const char* s) { return ind::parse_period(s).value(); };
  EXPECT_EQ(previous_period(p("2026-01")), p("2025-12"));
  EXPECT_EQ(previous_period(p("2026-S1")), p("2025-S2"));
  EXPECT_EQ(previous_period(p("2026-S2")), p("2026-S1"));
  EXPECT_EQ(previous_period(p("2026")), p("2025"));
  EXPECT_EQ(next_period(p("2026-12")), p("2027-01"));
  EXPECT_EQ(next_period(p("2026-S2")), p("2027-S1"));
}

TEST_F(rtl_core_test, overdue_counts_open_items_past_their_due_date_per_unit) {
  auto a = make_rtl_item(good_fields(), checks_, 1).value();  // due 2027-03-31
  auto b = a;
  b.due = {2027, 1, 10};
  auto c = a;
  c.due = {2027, 1, 5};
  c.status = rtl_status::done;
  const std::vector<rtl_item> items{a, b, c};
  const auto today = [](std::string_view) { return ind::civil_date{2027, 2, 1}; };
  auto s = summarise_overdue(items, today);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s["pendaftaran"].items, 1);
  EXPECT_EQ(s["pendaftaran"].oldest_due, (ind::civil_date{2027, 1, 10}));
  // Due today is not overdue yet.
  EXPECT_TRUE(summarise_overdue(items, [](std::string_view) { return ind::civil_date{2027, 1, 10}; }).empty());
}

TEST(rtl_proposal, drafts_for_weak_elements_not_yet_planned) {
  ind::satisfaction_totals t;
  t.responses = 10;
  for (std::size_t i = 0; i < 9; ++i) {
    t.element_answers[i] = 10;
    t.element_sum[i] = 36;  // NRR 3.6
  }
  t.element_sum[2] = 24;  // U3 2.4 -> 60 (D)
  t.element_sum[8] = 30;  // U9 3.0 -> 75 (C)
  const auto unit = *demo_organisation().find_unit("pendaftaran");
  const auto of = ind::parse_period("2026-S2").value();
  rtl_item planned;
  planned.unit = "pendaftaran";
  planned.of = of;
  planned.element = 8;
  const std::vector<rtl_item> existing{planned};
  const auto drafts = propose_rtl(unit, of, t, supervisor, existing);
  ASSERT_EQ(drafts.size(), 2u);  // U3, then the lowest of the rest (U1); U9 already has an item
  EXPECT_EQ(drafts[0].element, 2u);
  EXPECT_EQ(drafts[0].owner, "sup");
  EXPECT_EQ(drafts[0].due, (ind::civil_date{2027, 6, 30}));
  EXPECT_NE(drafts[0].problem.find("2,40"), std::string::npos) << drafts[0].problem;
  EXPECT_NE(drafts[0].problem.find("mutu D"), std::string::npos) << drafts[0].problem;
  EXPECT_EQ(drafts[1].element, 0u);
  EXPECT_TRUE(propose_rtl(unit, of, ind::satisfaction_totals{}, admin, {}).empty());
}

// ---- store and API on a real file -------------------------------------------------------------

class rtl_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    test::demo_store_test::SetUp();
    items_ = std::move(sqlite_rtl_store::open((dir_ / "hub.db").string())).value();
    http::add_rtl_routes(api_.routes, http::rtl_api_sources{
                                          catalog_.get(), catalog_.get(), items_.get(),
                                          [](std::string_view name, std::string_view unit) {
                                            return (name == "sup" && unit == "pendaftaran") || name == "admin";
                                          },
                                          [] { return now_; }, {}});
  }
  void TearDown() override {
    items_.reset();
    test::demo_store_test::TearDown();
  }

  static std::string body(const rtl_fields& f) {
    json::object o;
    const std::pair<const char*, const std::optional<std::string>*> all[] = {
        {"unit", &f.unit}, {"period", &f.period}, {"element", &f.element}, {"problem", &f.problem},
        {"action", &f.action}, {"owner_kind", &f.owner_kind}, {"owner", &f.owner}, {"due", &f.due},
        {"status", &f.status}, {"evidence", &f.evidence}};
    for (const auto& [k, v] : all)
      if (*v) o[k] = **v;
    return json::serialize(o);
  }
  std::size_t stored() {
    return items_->list_rtl(rtl_filter{{"pendaftaran", "pengaduan", "pencatatan-sipil"}, std::nullopt, false})->size();
  }

  // 2027-02-01 12:00 WIB.
  static inline std::int64_t now_ = ind::to_utc_ms({2027, 2, 1}, ind::hm(12, 0), ind::zone::wib);
  std::unique_ptr<sqlite_rtl_store> items_;
  test::api_router api_;
};

TEST_F(rtl_api_test, create_update_close_with_audit_trail) {
  auto r = api_.send(verb::post, "/api/v1/rtl", supervisor, body(good_fields()));
  ASSERT_EQ(r.result_int(), 201) << r.body();
  const auto created = json::parse(r.body()).at("items").as_array().at(0).as_object();
  const auto id = created.at("id").as_int64();
  EXPECT_EQ(created.at("status").as_string(), "planned");
  EXPECT_EQ(created.at("element_name").as_string(), "Waktu Penyelesaian");
  EXPECT_FALSE(created.at("overdue").as_bool());
  const std::string path = "/api/v1/rtl/" + std::to_string(id);

  r = api_.send(verb::put, path, supervisor, R"({"status":"in_progress","due":"2027-01-15"})");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(json::parse(r.body()).at("overdue").as_bool());  // 15 January is before 1 February

  r = api_.send(verb::post, path + "/close", supervisor, R"({})");
  EXPECT_EQ(r.result_int(), 400);
  EXPECT_NE(r.body().find("evidence"), std::string::npos) << r.body();
  r = api_.send(verb::post, path + "/close", supervisor, R"({"evidence":"Loket 4 dibuka 10 Januari"})");
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_EQ(json::parse(r.body()).at("status").as_string(), "done");

  r = api_.get(path, admin);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto item = json::parse(r.body()).as_object();
  const auto& audit = item.at("audit").as_array();
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].at("action").as_string(), "create");
  EXPECT_EQ(audit[0].at("user").as_string(), "sup");
  EXPECT_EQ(audit[1].at("action").as_string(), "update");
  EXPECT_EQ(audit[1].at("changes").as_array().size(), 2u);
  EXPECT_EQ(audit[2].at("action").as_string(), "close");
  EXPECT_EQ(audit[2].at("at_ms").as_int64(), now_);
  EXPECT_FALSE(item.at("closed_ms").is_null());

  r = api_.get("/api/v1/rtl?unit=pendaftaran&period=2026-S2&open=1", supervisor);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(json::parse(r.body()).at("items").as_array().empty());
  r = api_.get("/api/v1/rtl?period=2026-S2", supervisor);
  EXPECT_EQ(json::parse(r.body()).at("items").as_array().size(), 1u);
}

TEST_F(rtl_api_test, bad_input_is_400_naming_the_field_and_saves_nothing) {
  const auto refused = [&](const std::string& b, const std::string& field) {
    auto r = api_.send(verb::post, "/api/v1/rtl", admin, b);
    EXPECT_EQ(r.result_int(), 400) << b;
    const auto msg = std::string(json::parse(r.body()).at("error").as_string());
    EXPECT_NE(msg.find(field + ":"), std::string::npos) << msg;
  };
  auto f = good_fields();
  f.element = "U0";
  refused(body(f), "element");
  f = good_fields();
  f.due = "2026-01-01";
  refused(body(f), "due");
  f = good_fields();
  f.owner = "nobody";
  refused(body(f), "owner");
  f = good_fields();
  f.unit = "ghost";
  refused(body(f), "unit");
  refused(R"({"unit":"pendaftaran","period":2026})", "period");
  refused(R"({"colour":"red"})", "colour");
  // A proposal accepted with one bad item stores none of them.
  auto bad = good_fields();
  bad.due = "2026-01-01";
  refused("{\"items\":[" + body(good_fields()) + "," + body(bad) + "]}", "items[1].due");
  EXPECT_EQ(stored(), 0u);
  auto r = api_.send(verb::post, "/api/v1/rtl", admin, "{\"items\":[" + body(good_fields()) + "," + body(good_fields()) + "]}");
  EXPECT_EQ(r.result_int(), 201) << r.body();
  EXPECT_EQ(stored(), 2u);
}

TEST_F(rtl_api_test, supervisors_write_only_their_units_and_viewers_read) {
  auto f = good_fields();
  f.unit = "pengaduan";
  f.owner = "admin";
  auto r = api_.send(verb::post, "/api/v1/rtl", supervisor, body(f));
  EXPECT_EQ(r.result_int(), 403) << r.body();
  r = api_.send(verb::post, "/api/v1/rtl", admin, body(f));
  ASSERT_EQ(r.result_int(), 201) << r.body();
  const auto id = json::parse(r.body()).at("items").as_array().at(0).at("id").as_int64();
  // Another unit's item is not found for the supervisor, neither to read nor to change.
  EXPECT_EQ(api_.get("/api/v1/rtl/" + std::to_string(id), supervisor).result_int(), 404);
  EXPECT_EQ(api_.send(verb::put, "/api/v1/rtl/" + std::to_string(id), supervisor, R"({"status":"done"})").result_int(), 404);
  const principal viewer{"v", role::viewer, {"pengaduan"}};
  EXPECT_EQ(api_.get("/api/v1/rtl/" + std::to_string(id), viewer).result_int(), 200);
  EXPECT_EQ(api_.send(verb::put, "/api/v1/rtl/" + std::to_string(id), viewer, R"({"status":"in_progress"})").result_int(), 403);
  EXPECT_EQ(api_.get("/api/v1/rtl", std::nullopt).result_int(), 401);
  EXPECT_EQ(api_.get("/api/v1/rtl/abc", admin).result_int(), 404);
}

TEST_F(rtl_api_test, proposal_from_the_periods_ratings) {
  // Six ratings at loket-1 (pendaftaran) in November 2026: U3 scored 2 every time, the rest 4.
  std::vector<pantau::event> events;
  for (int i = 0; i < 6; ++i) {
    auto r = test::rating("loket-1", nip_a, 4);
    r.elements = std::array<std::optional<int>, 9>{};
    r.elements->fill(4);
    (*r.elements)[2] = 2;
    events.push_back(at({2026, 11, 10}, ind::hm(9, i), r));
  }
  store_events(std::move(events));
  auto r = api_.get("/api/v1/rtl/proposal?unit=pendaftaran&period=2026-S2", supervisor);
  ASSERT_EQ(r.result_int(), 200) << r.body();
  const auto p = json::parse(r.body()).as_object();
  EXPECT_EQ(p.at("responses").as_int64(), 6);
  EXPECT_EQ(p.at("nrr").as_array().at(2).as_double(), 2.0);
  const auto& items = p.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);  // U3 below B, then the lowest two of the rest (U1, U2: all tie at 4)
  EXPECT_EQ(items[0].at("element").as_string(), "U3");
  EXPECT_EQ(items[0].at("owner").as_string(), "sup");
  EXPECT_EQ(items[0].at("due").as_string(), "2027-06-30");
  EXPECT_EQ(api_.get("/api/v1/rtl/proposal?unit=pendaftaran", supervisor).result_int(), 400);
  EXPECT_EQ(api_.get("/api/v1/rtl/proposal?unit=pengaduan&period=2026-S2", supervisor).result_int(), 403);
}

}  // namespace
}  // namespace pantau::hub

namespace pantau::hub {
namespace {

// The overdue alert through the alert monitor: raised once per unit, cleared when the last overdue
// item is closed, its unit's supervisors may see it.
TEST(rtl_overdue_alert, raised_per_unit_and_cleared_when_closed) {
  alert_monitor m;
  m.set_organisation(demo_organisation());
  rtl_item a;
  a.unit = "pendaftaran";
  a.of = indicators::parse_period("2026-S2").value();
  a.due = {2027, 1, 10};
  auto b = a;
  b.due = {2027, 1, 20};
  const std::int64_t feb = indicators::to_utc_ms({2027, 2, 1}, indicators::hm(9, 0), indicators::zone::wib);
  auto changes = m.rtl_open_items(std::vector<rtl_item>{a, b}, feb);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, alert_change_kind::raised);
  EXPECT_EQ(changes[0].alert.kind, indicators::alert_kind::rtl_overdue);
  EXPECT_EQ(changes[0].alert.unit, "pendaftaran");
  EXPECT_EQ(changes[0].alert.office, "binjai-dukcapil");
  EXPECT_NE(changes[0].alert.message.find("2 butir"), std::string::npos) << changes[0].alert.message;
  EXPECT_NE(changes[0].alert.message.find("2027-01-10"), std::string::npos) << changes[0].alert.message;
  EXPECT_TRUE(may_see(test::supervisor, changes[0].alert));
  EXPECT_FALSE(may_see(principal{"x", role::supervisor, {"pengaduan"}}, changes[0].alert));
  // Still overdue: nothing new.
  EXPECT_TRUE(m.rtl_open_items(std::vector<rtl_item>{b}, feb + 1000).empty());
  // Nothing open any more: cleared.
  changes = m.rtl_open_items({}, feb + 2000);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, alert_change_kind::cleared);
  // 20 January in WIB is not overdue on the 20th itself.
  EXPECT_TRUE(m.rtl_open_items(std::vector<rtl_item>{b},
                               indicators::to_utc_ms({2027, 1, 20}, indicators::hm(23, 59), indicators::zone::wib))
                  .empty());
}

}  // namespace
}  // namespace pantau::hub
