// The review queue through the router on a real store file: who sees which item, every refusal names
// its field, an accepted time is audited, counts as trusted (on time, no review) and survives a
// rebuild of the aggregates.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "hub_fixtures.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/http/review_api.hpp"
#include "pantau/hub/store/sqlite_review_store.hpp"
#include "sql_text.hpp"

namespace pantau::hub {
namespace {

namespace json = boost::json;
namespace ind = indicators;
using test::admin;
using test::supervisor;

const std::string agus = "198909122019121001";  // pendaftaran
const ind::civil_date thursday{2026, 11, 26};
const principal other_unit{"sup-pengaduan", role::supervisor, {"pengaduan"}};
const principal viewer{"viewer", role::viewer, {"pendaftaran"}};

class review_api_test : public test::demo_store_test {
 protected:
  void SetUp() override {
    test::demo_store_test::SetUp();
    path_ = (dir_ / "hub.db").string();
    // A kiosk that never synced on this boot: its check-in says 1970, its monotonic clock 1 000 000.
    auto in = at(thursday, 0, test::attendance(agus, attendance_data::action_t::in));
    in.boot = "never-synced";
    in.mono_ms = 1'000'000;
    in.ts_ms = 1'000'000;
    in.clock = clock_state::unsynced;
    std::get<attendance_data>(in.data).photo = "sha256:" + std::string(64, 'a');
    event_ = in.id;
    store_events({in, at(thursday, 16 * 60, test::attendance(agus, attendance_data::action_t::out))});
    auto reviews = sqlite_review_store::open(path_);
    ASSERT_TRUE(reviews.ok()) << reviews.err().message;
    reviews_ = std::move(reviews).value();
    http::add_review_routes(api_.routes, http::review_api_sources{catalog_.get(), reviews_.get(), [] {
                                                                    return ind::to_utc_ms({2026, 11, 27}, 9 * 60,
                                                                                          ind::zone::wib);
                                                                  },
                                                                  [this](const review_record& r, std::string_view) {
                                                                    accepted_.push_back(r);
                                                                  }});
  }

  http::response post(const std::string& body, std::optional<principal> who = supervisor) {
    return api_.send(http::bhttp::verb::post, "/api/v1/reviews", std::move(who), body);
  }
  std::string decision(const std::string& time, const std::string& reason) {
    return R"({"event":")" + event_ + R"(","time":")" + time + R"(","reason":")" + reason + R"("})";
  }
  json::array list(const principal& who, const std::string& query = "") {
    const auto r = api_.get("/api/v1/reviews" + query, who);
    EXPECT_EQ(r.result_int(), 200) << r.body();
    return r.result_int() == 200 ? json::parse(r.body()).as_array() : json::array{};
  }
  ind::attendance_totals thursday_totals() {
    const auto org = test::watched_demo_organisation();
    kpi_request req{kpi_scope::employee, agus, std::nullopt, thursday, thursday};
    auto t = compute_kpi_totals(org, *resolve_scope(org, req), req, *catalog_,
                                ind::to_utc_ms({2026, 11, 27}, 12 * 60, ind::zone::wib));
    EXPECT_TRUE(t.ok());
    return t.ok() ? t->attendance : ind::attendance_totals{};
  }

  test::api_router api_;
  std::string path_;
  std::string event_;
  std::unique_ptr<sqlite_review_store> reviews_;
  std::vector<review_record> accepted_;
};

TEST_F(review_api_test, lists_each_pending_item_with_its_evidence_to_those_who_may_see_it) {
  const auto all = list(admin);
  ASSERT_EQ(all.size(), 1u);
  const auto& item = all[0].as_object();
  EXPECT_EQ(item.at("event").as_string(), event_);
  EXPECT_EQ(item.at("kiosk").as_string(), "k-01");
  EXPECT_EQ(item.at("boot").as_string(), "never-synced");
  EXPECT_EQ(item.at("mono_ms").as_int64(), 1'000'000);
  EXPECT_EQ(item.at("stamped").as_string(), "1970-01-01T00:16:40.000Z");
  EXPECT_EQ(item.at("filed_under").as_string(), "1970-01-01");
  EXPECT_EQ(item.at("action").as_string(), "in");
  EXPECT_EQ(item.at("unit").as_string(), "pendaftaran");
  EXPECT_EQ(item.at("photo").as_string(), "sha256:" + std::string(64, 'a'));
  EXPECT_EQ(list(supervisor).size(), 1u);
  EXPECT_EQ(list(viewer).size(), 1u);
  EXPECT_TRUE(list(other_unit).empty());
  EXPECT_EQ(api_.get("/api/v1/reviews", std::nullopt).result_int(), 401);
  EXPECT_EQ(api_.get("/api/v1/reviews?state=maybe", admin).result_int(), 400);
  // Until someone decides, the check-in stays filed under its stamp's day, untrusted.
  EXPECT_EQ(test::sql_text(path_, "SELECT first_in_synced FROM agg_employee_day WHERE day = 0"), "0|\n");
}

TEST_F(review_api_test, refusals_name_the_field_and_change_nothing) {
  struct bad {
    std::string body;
    std::string names;
  };
  for (const auto& b : std::vector<bad>{
           {"not json", "JSON"},
           {R"({"event":")" + event_ + R"(","time":"2026-11-26T00:30:00Z","reason":"x","extra":1})", "extra"},
           {R"({"time":"2026-11-26T00:30:00Z","reason":"x"})", "event"},
           {R"({"event":"00000000-0000-4000-8000-000000000000","time":"2026-11-26T00:30:00Z","reason":"x"})", "event"},
           {decision("26/11/2026 07:30", "x"), "time"},
           {decision("2026-11-26T00:30:00Z", "  "), "reason"},
           {R"({"event":")" + event_ + R"(","time":5,"reason":"x"})", "time"},
           {decision("2026-11-28T00:30:00Z", "x"), "time"},  // after the hub's now
       }) {
    const auto r = post(b.body);
    EXPECT_EQ(r.result_int(), 400) << b.body << " -> " << r.body();
    EXPECT_NE(r.body().find(b.names), std::string::npos) << r.body();
  }
  EXPECT_EQ(post(decision("2026-11-26T00:30:00Z", "x"), other_unit).result_int(), 403);
  EXPECT_EQ(post(decision("2026-11-26T00:30:00Z", "x"), viewer).result_int(), 403);
  EXPECT_EQ(list(admin).size(), 1u);
  EXPECT_TRUE(list(admin, "?state=done").empty());
  EXPECT_TRUE(accepted_.empty());
}

TEST_F(review_api_test, an_accepted_time_is_audited_counts_as_trusted_and_survives_a_rebuild) {
  // 07:30 WIB on Thursday, as the guard's log book says.
  const auto r = post(decision("2026-11-26T00:30:00Z", "buku jaga satpam / guard's log book"));
  ASSERT_EQ(r.result_int(), 200) << r.body();
  EXPECT_TRUE(list(admin).empty());
  const auto done = list(admin, "?state=done");
  ASSERT_EQ(done.size(), 1u);
  const auto& rec = done[0].as_object();
  EXPECT_EQ(rec.at("reviewer").as_string(), "sup");
  EXPECT_EQ(rec.at("old").as_string(), "1970-01-01T00:16:40.000Z");
  EXPECT_EQ(rec.at("new").as_string(), "2026-11-26T00:30:00.000Z");
  EXPECT_EQ(rec.at("reason").as_string(), "buku jaga satpam / guard's log book");
  EXPECT_EQ(rec.at("reviewed_at").as_string(), "2026-11-27T02:00:00.000Z");
  EXPECT_TRUE(list(other_unit, "?state=done").empty());
  ASSERT_EQ(accepted_.size(), 1u);
  EXPECT_EQ(accepted_[0].new_ms, ind::to_utc_ms(thursday, 7 * 60 + 30, ind::zone::wib));

  const auto check = [&] {
    const auto t = thursday_totals();
    EXPECT_EQ(t.present, 1);
    EXPECT_EQ(t.on_time, 1);
    EXPECT_EQ(t.needs_review, 0);
    EXPECT_EQ(t.deduction_pct, 0.0);
    EXPECT_EQ(test::sql_text(path_, "SELECT count(*) FROM agg_employee_day WHERE day = 0"), "0|\n") << "1970 row gone";
  };
  check();
  EXPECT_EQ(post(decision("2026-11-26T00:40:00Z", "lagi / again")).result_int(), 400) << "already reviewed";
  auto n = store_->rebuild_aggregates();
  ASSERT_TRUE(n.ok()) << n.err().message;
  check();
}

}  // namespace
}  // namespace pantau::hub
