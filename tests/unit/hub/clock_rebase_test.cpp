// Re-basing unsynced check-ins against a synced event of the same boot (DESIGN §4 rule 5), on real
// store files: the hand-computed case of the issue, either arrival order, reopen, duplicates, rebuild,
// and what must stay untrusted (a boot that never synced; another boot's events).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hub_fakes.hpp"
#include "pantau/hub/core/clock_rebase.hpp"
#include "pantau/hub/core/kpi_query.hpp"
#include "pantau/hub/core/organisation.hpp"
#include "pantau/hub/store/sqlite_store.hpp"
#include "pantau/shared/codec.hpp"
#include "sql_text.hpp"
#include "test_dir.hpp"

namespace pantau::hub {
namespace {

namespace ind = indicators;

const std::string office = "binjai-dukcapil";
const std::string agus = "198909122019121001";  // unit pendaftaran: Mon–Thu 07:30–16:00
const ind::civil_date thursday{2026, 11, 26};
constexpr std::int64_t hour_ms = 3'600'000;

// Thursday 16:00 WIB = 09:00Z.
const std::int64_t checkout_ms = ind::to_utc_ms(thursday, 16 * 60, ind::zone::wib);

// The demo organisation, watched since 2025 so that the test's days count.
organisation watched() {
  auto org = demo_organisation();
  for (auto& u : org.units) u.tracking_since = ind::civil_date{2025, 1, 1};
  return org;
}

pantau::event attendance(std::int64_t seq, const std::string& boot, std::int64_t mono_ms, std::int64_t ts_ms,
                         clock_state clock, attendance_data::action_t action, const std::string& nip = agus) {
  auto e = test::make_event(office, "k-01", seq);
  e.boot = boot;
  e.mono_ms = mono_ms;
  e.ts_ms = ts_ms;
  e.clock = clock;
  attendance_data a;
  a.employee = nip;
  a.action = action;
  e.data = a;
  return e;
}

// The case: a check-in stamped in 1970 by a kiosk before NTP (mono 1 000 000), and a synced
// check-out 8.5 h later on the same boot at 16:00 WIB. The check-in belongs at 07:30 WIB.
pantau::event check_in_1970() {
  return attendance(1, "b1", 1'000'000, 1'000'000, clock_state::unsynced, attendance_data::action_t::in);
}
pantau::event synced_check_out() {
  return attendance(2, "b1", 1'000'000 + 8 * hour_ms + hour_ms / 2, checkout_ms, clock_state::synced,
                    attendance_data::action_t::out);
}

TEST(clock_rebase_test, counted_time_follows_the_boot_anchor) {
  const auto out = synced_check_out();
  const auto anchor = anchor_of(out);
  ASSERT_TRUE(anchor);
  EXPECT_EQ(anchor->event_id, out.id);
  EXPECT_EQ(anchor->offset_ms, checkout_ms - out.mono_ms);
  EXPECT_FALSE(anchor_of(check_in_1970()));

  const auto rebased = counted_time_of(check_in_1970(), &*anchor);
  EXPECT_EQ(rebased.ts_ms, ind::to_utc_ms(thursday, 7 * 60 + 30, ind::zone::wib));
  EXPECT_TRUE(rebased.trusted);
  EXPECT_EQ(rebased.source, time_source::rebased);

  const auto alone = counted_time_of(check_in_1970(), nullptr);
  EXPECT_EQ(alone, (counted_time{1'000'000, false, time_source::kiosk}));
  EXPECT_EQ(counted_time_of(out, nullptr), (counted_time{checkout_ms, true, time_source::kiosk}));
  for (auto s : {time_source::kiosk, time_source::rebased, time_source::reviewed})
    EXPECT_EQ(parse_time_source(to_string(s)), s);
}

class clock_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::fresh_test_dir("pantau-hub-clock");
    path_ = (dir_ / "hub.db").string();
    store_ = open();
    auto catalog = sqlite_catalog::open(path_);
    ASSERT_TRUE(catalog.ok()) << catalog.err().message;
    catalog_ = std::move(catalog).value();
    ASSERT_TRUE(catalog_->put_org(watched()).ok());
  }
  void TearDown() override {
    store_.reset();
    catalog_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<sqlite_store> open() {
    auto s = sqlite_store::open(path_);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.err().message);
    return s.ok() ? std::move(s).value() : nullptr;
  }

  void write(const std::vector<pantau::event>& events) {
    std::vector<std::string> payloads;
    for (const auto& e : events) payloads.push_back(encode_event(e));
    write_set w;
    for (std::size_t i = 0; i < events.size(); ++i) w.events.push_back({&events[i], payloads[i], 1, 0});
    auto r = store_->write(w);
    ASSERT_TRUE(r.ok()) << r.err().message;
  }

  // "day|first_in|first_in_synced|last_out|last_out_synced" per employee-day row of one employee.
  std::vector<std::string> rows(const std::string& nip = agus) {
    const std::string all = text("SELECT day, ifnull(first_in_ms, '-'), first_in_synced, ifnull(last_out_ms, '-'), "
                                 "last_out_synced FROM agg_employee_day WHERE employee = '" + nip + "' ORDER BY day");
    std::vector<std::string> out;
    for (std::size_t at = 0; at < all.size();) {
      const auto end = all.find('\n', at);
      out.push_back(all.substr(at, end - at - 1));  // without the last '|'
      at = end + 1;
    }
    return out;
  }

  std::string text(const std::string& sql) { return test::sql_text(path_, sql); }

  ind::attendance_totals thursday_of(const std::string& nip = agus) {
    const auto org = watched();
    kpi_request req{kpi_scope::employee, nip, std::nullopt, thursday, thursday};
    auto scope = resolve_scope(org, req);
    EXPECT_TRUE(scope.ok());
    // Friday noon: Thursday is finished, whatever the machine's clock says.
    auto t = compute_kpi_totals(org, *scope, req, *catalog_, ind::to_utc_ms({2026, 11, 27}, 12 * 60, ind::zone::wib));
    EXPECT_TRUE(t.ok()) << t.err().message;
    return t.ok() ? t->attendance : ind::attendance_totals{};
  }

  static std::string expected_thursday_row() {
    return std::to_string(ind::days_from_civil(thursday)) + "|" +
           std::to_string(ind::to_utc_ms(thursday, 7 * 60 + 30, ind::zone::wib)) + "|1|" +
           std::to_string(checkout_ms) + "|1";
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<sqlite_store> store_;
  std::unique_ptr<sqlite_catalog> catalog_;
};

TEST_F(clock_store_test, a_later_synced_check_out_moves_the_1970_check_in_to_0730_on_the_real_day) {
  write({check_in_1970()});
  // Until the boot syncs, the check-in is filed where its stamp says, untrusted.
  EXPECT_EQ(rows(), std::vector<std::string>{"0|1000000|0|-|1"});

  write({synced_check_out()});
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()}) << "the 1970 row is gone";
  EXPECT_EQ(text("SELECT stamped_ms, ts_ms, source, trusted, anchor_id, stamped_day FROM attendance_times "
                 "WHERE id = '" + check_in_1970().id + "'"),
            "1000000|" + std::to_string(ind::to_utc_ms(thursday, 7 * 60 + 30, ind::zone::wib)) + "|rebased|1|" +
                synced_check_out().id + "|0|\n");
  const auto a = thursday_of();
  EXPECT_EQ(a.expected, 1);
  EXPECT_EQ(a.present, 1);
  EXPECT_EQ(a.on_time, 1);
  EXPECT_EQ(a.needs_review, 0);
  EXPECT_EQ(a.absent, 0);
  EXPECT_EQ(a.late, (std::array<std::int64_t, 4>{}));
  EXPECT_EQ(a.deduction_pct, 0.0);

  // Survives a restart; re-delivery changes nothing; a rebuild from the events agrees.
  store_ = open();
  write({synced_check_out(), check_in_1970()});
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()});
  auto n = store_->rebuild_aggregates();
  ASSERT_TRUE(n.ok()) << n.err().message;
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()});
  EXPECT_EQ(thursday_of().on_time, 1);
}

TEST_F(clock_store_test, an_anchor_stored_first_places_a_later_unsynced_check_in_at_once) {
  write({synced_check_out()});
  write({check_in_1970()});
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()});
  store_.reset();
  std::filesystem::remove_all(dir_);
  SetUp();
  write({synced_check_out(), check_in_1970()});  // both in one batch
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()});
  store_.reset();
  std::filesystem::remove_all(dir_);
  SetUp();
  write({check_in_1970(), synced_check_out()});  // the anchor later in the same batch
  EXPECT_EQ(rows(), std::vector<std::string>{expected_thursday_row()});
}

TEST_F(clock_store_test, a_boot_that_never_synced_stays_untrusted_and_another_boot_is_not_rebased) {
  // 07:45 WIB by a clock nobody checked: boot b2 has no synced event.
  const auto in_b2 = attendance(1, "b2", 5'000, ind::to_utc_ms(thursday, 7 * 60 + 45, ind::zone::wib),
                                clock_state::unsynced, attendance_data::action_t::in);
  // Teguh's check-in of boot b3 stamped 1970; b1 syncs later, b3 never does.
  const std::string teguh = "198503252013021005";
  const auto in_b3 = attendance(3, "b3", 1'000'000, 1'000'000, clock_state::unsynced, attendance_data::action_t::in,
                                teguh);
  write({in_b2, in_b3});
  write({synced_check_out()});
  EXPECT_EQ(text("SELECT source, trusted FROM attendance_times WHERE trusted = 0 ORDER BY id"), "kiosk|0|\nkiosk|0|\n");
  const std::string day = std::to_string(ind::days_from_civil(thursday));
  EXPECT_EQ(rows(), std::vector<std::string>{day + "|" + std::to_string(in_b2.ts_ms) + "|0|" +
                                             std::to_string(checkout_ms) + "|1"});
  EXPECT_EQ(rows(teguh), std::vector<std::string>{"0|1000000|0|-|1"});
  const auto a = thursday_of();
  EXPECT_EQ(a.present, 1);
  EXPECT_EQ(a.needs_review, 1);
  EXPECT_EQ(a.on_time, 0);
  EXPECT_EQ(a.late, (std::array<std::int64_t, 4>{})) << "TL1 withheld until reviewed";
}

}  // namespace
}  // namespace pantau::hub
