// The alert monitor: each alert raised once while its condition holds and cleared when it ends, with
// units resolved through the demo organisation and time passed in by the test.
#include "pantau/hub/core/alert_monitor.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "hub_fakes.hpp"
#include "pantau/hub/core/change_fanout.hpp"

namespace pantau::hub {
namespace {

using indicators::alert_kind;
using indicators::civil_date;
using indicators::hm;
using indicators::ms_per_minute;
using test::rating_event;

constexpr civil_date monday{2026, 11, 30};
constexpr civil_date tuesday{2026, 12, 1};
constexpr civil_date saturday{2026, 11, 28};
const std::string office = "binjai-dukcapil";

std::int64_t wib(civil_date d, int h, int m, int s = 0) {
  return indicators::to_utc_ms(d, hm(h, m), indicators::zone::wib) + s * 1000;
}

// Feeds events as one committed batch.
std::vector<alert_change> feed(alert_monitor& m, const std::vector<pantau::event>& events, std::int64_t now_ms) {
  std::vector<const pantau::event*> ptrs;
  for (const auto& e : events) ptrs.push_back(&e);
  return m.committed(committed_batch{{}, ptrs}, now_ms);
}

kiosk_info kiosk(const std::string& state, std::int64_t backlog, std::int64_t last_seen_ms) {
  kiosk_info k;
  k.office = office;
  k.kiosk = "k-01";
  k.state = state;
  k.backlog = backlog;
  k.last_seen_ms = last_seen_ms;
  return k;
}

alert_monitor demo_monitor(alert_monitor_options options = {}) {
  alert_monitor m(std::move(options));
  m.set_organisation(demo_organisation());
  return m;
}

TEST(alert_monitor, four_low_ratings_raise_once_and_the_sliding_window_clears_it) {
  auto m = demo_monitor();
  const std::int64_t t0 = wib(monday, 10, 0);
  EXPECT_TRUE(
      feed(m, {rating_event(1, t0, 1), rating_event(2, t0 + 1000, 2), rating_event(3, t0 + 2000, 1)}, t0 + 3000)
          .empty());

  const auto raised = feed(m, {rating_event(4, t0 + 60'000, 2)}, t0 + 61'000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].change, alert_change_kind::raised);
  const alert_record& a = raised[0].alert;
  EXPECT_EQ(a.kind, alert_kind::low_satisfaction);
  EXPECT_EQ(a.subject, "loket-1");
  EXPECT_EQ(a.unit, std::optional<std::string>("pendaftaran"));
  EXPECT_EQ(a.office, office);
  EXPECT_EQ(a.state, alert_state::active);
  EXPECT_EQ(a.raised_ms, t0 + 61'000);
  EXPECT_FALSE(a.cleared_ms);
  EXPECT_EQ(a.message.rfind("Kepuasan rendah di loket-1: 4 dari 4", 0), 0u) << a.message;

  // Still true with a fifth low score: nothing new to tell.
  EXPECT_TRUE(feed(m, {rating_event(5, t0 + 120'000, 1)}, t0 + 121'000).empty());
  EXPECT_TRUE(m.tick(t0 + 10 * ms_per_minute).empty());
  ASSERT_EQ(m.list(alert_filter::active).size(), 1u);
  EXPECT_EQ(m.list(alert_filter::active)[0].id, a.id);

  // The first three age out of the 15-minute window: two of two is below the four responses needed.
  const std::int64_t later = t0 + 15 * ms_per_minute + 2000;
  const auto cleared = m.tick(later);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].change, alert_change_kind::cleared);
  EXPECT_EQ(cleared[0].alert.id, a.id);
  EXPECT_EQ(cleared[0].alert.state, alert_state::cleared);
  EXPECT_EQ(cleared[0].alert.cleared_ms, std::optional<std::int64_t>(later));

  EXPECT_TRUE(m.list(alert_filter::active).empty());
  const auto all = m.list(alert_filter::all);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], cleared[0].alert);
}

// hub.toml's [alerts] reaches the monitor: an office that wants to hear of two low scores in five
// minutes does, and the defaults are the design's.
TEST(alert_monitor, thresholds_from_the_hub_config) {
  const auto defaults = alert_policy_from(alert_settings{});
  const indicators::alert_policy design;
  EXPECT_EQ(defaults.rating_window_ms, design.rating_window_ms);
  EXPECT_EQ(defaults.min_responses, design.min_responses);
  EXPECT_EQ(defaults.offline_after_ms, design.offline_after_ms);
  EXPECT_EQ(defaults.attendance_check_min, design.attendance_check_min);

  alert_settings eager;
  eager.rating_window_minutes = 5;
  eager.min_responses = 2;
  eager.attendance_check = "08:30";
  const auto policy = indicators::validate(alert_policy_from(eager));
  ASSERT_TRUE(policy.ok()) << policy.err().message;
  EXPECT_EQ(policy->attendance_check_min, hm(8, 30));
  alert_monitor_options o;
  o.policy = *policy;
  auto m = demo_monitor(o);
  const std::int64_t t0 = wib(monday, 10, 0);
  EXPECT_TRUE(feed(m, {rating_event(1, t0, 1)}, t0 + 1000).empty());
  const auto raised = feed(m, {rating_event(2, t0 + 1000, 2)}, t0 + 2000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alert.kind, alert_kind::low_satisfaction);
  // Five minutes on, both have left the window.
  ASSERT_EQ(m.tick(t0 + 5 * ms_per_minute + 2000).size(), 1u);
  EXPECT_TRUE(m.list(alert_filter::active).empty());
}

// After a restart the alerts active before it are closed at the start and join the history with
// their ids; the monitor lists them under `all`, newest raised first.
TEST(alert_monitor, a_restart_closes_the_active_alerts_it_kept) {
  alert_record open;
  open.id = "a";
  open.raised_ms = 2000;
  open.message = "Kepuasan rendah di loket-1";
  alert_record done = open;
  done.id = "b";
  done.raised_ms = 1000;
  done.state = alert_state::cleared;
  done.cleared_ms = 1500;
  std::vector<alert_record> kept{open, done};
  const auto closed = close_at_restart(kept, 9000);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].id, "a");
  EXPECT_EQ(closed[0].state, alert_state::cleared);
  EXPECT_EQ(closed[0].cleared_ms, std::optional<std::int64_t>(9000));
  EXPECT_NE(closed[0].message.find("dimulai ulang"), std::string::npos);
  EXPECT_EQ(kept[0], closed[0]);
  EXPECT_EQ(kept[1], done);

  alert_monitor_options o;
  o.history_limit = 1;
  auto m = demo_monitor(o);
  m.restore_history(kept);
  EXPECT_TRUE(m.list(alert_filter::active).empty());
  const auto all = m.list(alert_filter::all);
  ASSERT_EQ(all.size(), 1u) << "the history limit holds";
  EXPECT_EQ(all[0].id, "a") << "the most recently cleared is kept";
}

TEST(alert_monitor, good_scores_old_ratings_and_misuse_do_not_raise) {
  auto m = demo_monitor();
  const std::int64_t now = wib(monday, 10, 0);
  // Half low is enough, less is not.
  EXPECT_TRUE(feed(m,
                   {rating_event(1, now - 4000, 1), rating_event(2, now - 3000, 4), rating_event(3, now - 2000, 3),
                    rating_event(4, now - 1000, 4)},
                   now)
                  .empty());
  // Low scores from yesterday, delivered late by a kiosk that was offline, are not about now.
  auto other = demo_monitor();
  const std::int64_t yesterday = now - indicators::ms_per_day;
  EXPECT_TRUE(feed(other,
                   {rating_event(1, yesterday, 1), rating_event(2, yesterday, 1), rating_event(3, yesterday, 1),
                    rating_event(4, yesterday, 1)},
                   now)
                  .empty());
  // Misuse-flagged taps and ratings without an overall score are left out.
  auto third = demo_monitor();
  EXPECT_TRUE(feed(third,
                   {rating_event(1, now, 1, "loket-1", true), rating_event(2, now, 1), rating_event(3, now, 1),
                    rating_event(4, now, 1), rating_event(5, now, std::nullopt)},
                   now)
                  .empty());
  EXPECT_EQ(m.active_count() + other.active_count() + third.active_count(), 0u);
}

TEST(alert_monitor, counters_resolve_to_their_unit_or_to_none) {
  auto m = demo_monitor();
  const std::int64_t now = wib(monday, 10, 0);
  std::vector<pantau::event> lows;
  for (int i = 1; i <= 4; ++i) lows.push_back(rating_event(i, now, 1, "loket-3"));
  for (int i = 5; i <= 8; ++i) lows.push_back(rating_event(i, now, 2, "loket-9"));
  const auto changes = feed(m, lows, now);
  ASSERT_EQ(changes.size(), 2u);
  std::map<std::string, std::optional<std::string>> unit_by_counter;
  for (const auto& c : changes) unit_by_counter[c.alert.subject] = c.alert.unit;
  EXPECT_EQ(unit_by_counter.at("loket-3"), std::optional<std::string>("pengaduan"));
  EXPECT_EQ(unit_by_counter.at("loket-9"), std::nullopt);
}

TEST(alert_monitor, kiosk_offline_counts_only_working_hours_and_clears_when_back) {
  auto m = demo_monitor();
  const std::int64_t seen = wib(monday, 9, 58);
  m.kiosk_state(kiosk("online", 0, seen), seen);
  EXPECT_TRUE(m.kiosk_state(kiosk("offline", 0, seen), wib(monday, 9, 59)).empty());
  EXPECT_TRUE(m.tick(wib(monday, 10, 3)).empty());  // exactly 5 minutes is not more than 5
  const auto raised = m.tick(wib(monday, 10, 3, 1));
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alert.kind, alert_kind::kiosk_offline);
  EXPECT_EQ(raised[0].alert.subject, "k-01");
  EXPECT_EQ(raised[0].alert.unit, std::nullopt);
  EXPECT_EQ(raised[0].alert.office, office);
  EXPECT_TRUE(m.tick(wib(monday, 11, 0)).empty());

  const auto back = m.kiosk_state(kiosk("online", 0, wib(monday, 11, 1)), wib(monday, 11, 1));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].change, alert_change_kind::cleared);
  EXPECT_EQ(back[0].alert.id, raised[0].alert.id);

  // Switched off on Saturday: no working hours, no alert.
  auto weekend = demo_monitor();
  weekend.kiosk_state(kiosk("offline", 0, wib(saturday, 8, 0)), wib(saturday, 8, 0));
  EXPECT_TRUE(weekend.tick(wib(saturday, 15, 0)).empty());
  // A kiosk never heard from counts from the offline notice.
  auto never = demo_monitor();
  never.kiosk_state(kiosk("offline", 0, 0), wib(monday, 9, 0));
  EXPECT_TRUE(never.tick(wib(monday, 9, 4)).empty());
  EXPECT_EQ(never.tick(wib(monday, 9, 6)).size(), 1u);
}

TEST(alert_monitor, backlog_growing_over_reports_ignores_repeats_and_clears_when_it_drains) {
  auto m = demo_monitor();
  std::int64_t t = wib(monday, 10, 0);
  EXPECT_TRUE(m.kiosk_state(kiosk("online", 5, t), t).empty());
  EXPECT_TRUE(m.kiosk_state(kiosk("online", 12, t + 1000), t + 1000).empty());
  // An event batch touching the kiosk repeats the last report: it neither counts nor breaks the run.
  EXPECT_TRUE(m.kiosk_state(kiosk("online", 12, t + 1500), t + 1500).empty());
  EXPECT_TRUE(m.kiosk_state(kiosk("online", 20, t + 2000), t + 2000).empty());
  const auto raised = m.kiosk_state(kiosk("online", 31, t + 3000), t + 3000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alert.kind, alert_kind::backlog_growing);
  EXPECT_EQ(raised[0].alert.subject, "k-01");
  EXPECT_NE(raised[0].alert.message.find("5 → 12 → 20 → 31"), std::string::npos) << raised[0].alert.message;
  EXPECT_TRUE(m.kiosk_state(kiosk("online", 40, t + 4000), t + 4000).empty());

  const auto cleared = m.kiosk_state(kiosk("online", 3, t + 5000), t + 5000);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].change, alert_change_kind::cleared);
}

TEST(alert_monitor, a_recorded_gap_raises_an_alert_that_stays_until_nothing_is_missing) {
  auto m = demo_monitor();
  std::int64_t t = wib(monday, 10, 0);
  auto k = kiosk("online", 0, t);
  EXPECT_TRUE(m.kiosk_state(k, t).empty());
  k.gaps = {{3, 5, 3, t + 500}, {9, 9, 1, t + 900}};
  const auto raised = m.kiosk_state(k, t + 1000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alert.kind, alert_kind::seq_gap);
  EXPECT_EQ(raised[0].alert.subject, "k-01");
  EXPECT_EQ(raised[0].alert.raised_ms, t + 1000);
  EXPECT_NE(raised[0].alert.message.find("4 peristiwa"), std::string::npos) << raised[0].alert.message;
  EXPECT_NE(raised[0].alert.message.find("seq 3"), std::string::npos) << raised[0].alert.message;
  k.gaps = {{9, 9, 1, t + 900}};
  EXPECT_TRUE(m.kiosk_state(k, t + 2000).empty()) << "still a gap open: the alert stays";
  k.gaps.clear();
  const auto cleared = m.kiosk_state(k, t + 3000);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].change, alert_change_kind::cleared);
  EXPECT_EQ(cleared[0].alert.kind, alert_kind::seq_gap);
}

TEST(alert_monitor, attendance_below_the_unit_target_after_the_check_time) {
  auto m = demo_monitor();
  // Before 08:00 the count is still growing: no alert yet.
  EXPECT_TRUE(m.attendance("pendaftaran", 3, 2, wib(monday, 7, 50)).empty());
  const auto raised = m.tick(wib(monday, 8, 0));
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alert.kind, alert_kind::attendance_below_target);
  EXPECT_EQ(raised[0].alert.subject, "pendaftaran");
  EXPECT_EQ(raised[0].alert.unit, std::optional<std::string>("pendaftaran"));
  EXPECT_EQ(raised[0].alert.office, office);
  // The demo unit's own target (95 %) applies, not the policy default (90 %).
  EXPECT_NE(raised[0].alert.message.find("di bawah target 95"), std::string::npos) << raised[0].alert.message;
  EXPECT_TRUE(m.attendance("pendaftaran", 3, 2, wib(monday, 8, 30)).empty());
  const auto cleared = m.attendance("pendaftaran", 3, 3, wib(monday, 8, 40));
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].change, alert_change_kind::cleared);

  // A count from yesterday says nothing about today.
  EXPECT_EQ(m.attendance("pendaftaran", 3, 0, wib(monday, 15, 0)).size(), 1u);
  const auto next_day = m.tick(wib(tuesday, 9, 0));
  ASSERT_EQ(next_day.size(), 1u);
  EXPECT_EQ(next_day[0].change, alert_change_kind::cleared);
  // No one expected (a day off): never below target.
  EXPECT_TRUE(m.attendance("pengaduan", 0, 0, wib(saturday, 9, 0)).empty());
}

TEST(alert_monitor, history_is_bounded_newest_first_with_stable_ids) {
  alert_monitor_options options;
  options.history_limit = 2;
  auto m = demo_monitor(options);
  std::vector<std::string> ids;
  for (int round = 0; round < 3; ++round) {
    const std::int64_t t = wib(monday, 10 + round, 0);
    const auto up = m.kiosk_state(kiosk("offline", 0, t), t);
    EXPECT_TRUE(up.empty());
    const auto raised = m.tick(t + 6 * ms_per_minute);
    ASSERT_EQ(raised.size(), 1u);
    ids.push_back(raised[0].alert.id);
    EXPECT_EQ(m.kiosk_state(kiosk("online", 0, t + 7 * ms_per_minute), t + 7 * ms_per_minute).size(), 1u);
  }
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_NE(ids[1], ids[2]);
  const auto all = m.list(alert_filter::all);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, ids[2]);
  EXPECT_EQ(all[1].id, ids[1]);
  EXPECT_TRUE(m.list(alert_filter::active).empty());
}

TEST(alert_monitor, who_may_see_an_alert) {
  alert_record unit_alert;
  unit_alert.unit = "pendaftaran";
  alert_record kiosk_alert;  // no unit
  const principal admin{"admin", role::admin, {}};
  const principal sup_a{"sup-a", role::supervisor, {"pendaftaran"}};
  const principal sup_b{"sup-b", role::supervisor, {"pengaduan"}};
  const principal nobody{"viewer", role::viewer, {}};
  EXPECT_TRUE(may_see(admin, unit_alert));
  EXPECT_TRUE(may_see(sup_a, unit_alert));
  EXPECT_FALSE(may_see(sup_b, unit_alert));
  EXPECT_TRUE(may_see(admin, kiosk_alert));
  EXPECT_TRUE(may_see(sup_b, kiosk_alert));
  EXPECT_FALSE(may_see(nobody, kiosk_alert));
}

class recording_listener : public change_listener {
 public:
  explicit recording_listener(bool fail) : fail_(fail) {}
  void committed(const committed_batch& batch) override {
    events += batch.events.size();
    if (fail_) throw std::runtime_error("listener failed");
  }
  std::size_t events = 0;

 private:
  bool fail_;
};

TEST(change_fanout, every_listener_hears_the_batch_even_when_one_fails) {
  recording_listener failing(true);
  recording_listener fine(false);
  change_fanout fan;
  fan.add(&failing);
  fan.add(nullptr);
  fan.add(&fine);
  const auto e = rating_event(1, 0, 4);
  const pantau::event* events[] = {&e};
  EXPECT_THROW(fan.committed(committed_batch{{}, events}), std::runtime_error);
  EXPECT_EQ(failing.events, 1u);
  EXPECT_EQ(fine.events, 1u);
}

// PP 94/2021: one alert per employee while their count names a measure, visible to their unit's
// supervisors; a heavier measure closes the old alert and raises a new one; a lighter count (leave
// recorded afterwards) or a new year with nothing yet clears it.
TEST(absence_alert, raised_escalated_and_cleared_per_employee) {
  alert_monitor m;
  m.set_organisation(demo_organisation());
  const std::string budi = "199708132024011002";
  absence_standing_of s{budi, "Budi Santoso", "pendaftaran", 2026, {3, 3, indicators::absence_measure::teguran_lisan}};
  const auto now = wib(monday, 9, 0);
  auto changes = m.absence_standing(std::vector{s}, now);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, alert_change_kind::raised);
  EXPECT_EQ(changes[0].alert.kind, alert_kind::absence_discipline);
  EXPECT_EQ(changes[0].alert.subject, budi);
  EXPECT_EQ(changes[0].alert.unit, "pendaftaran");
  EXPECT_EQ(changes[0].alert.office, office);
  EXPECT_EQ(changes[0].alert.message,
            "Tidak masuk kerja tanpa keterangan Budi Santoso (199708132024011002): 3 hari kerja pada 2026, terpanjang "
            "3 hari berturut-turut. Ambang PP 94/2021: Teguran lisan (ringan), setelah pemeriksaan oleh atasan; "
            "bukan hukuman otomatis");
  EXPECT_TRUE(may_see(principal{"s", role::supervisor, {"pendaftaran"}}, changes[0].alert));
  EXPECT_FALSE(may_see(principal{"x", role::supervisor, {"pengaduan"}}, changes[0].alert));

  // A fourth day reaches the next measure: the old alert closes, a new one names it.
  s.record = {4, 3, indicators::absence_measure::teguran_tertulis};
  changes = m.absence_standing(std::vector{s}, now + 1000);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].change, alert_change_kind::cleared);
  EXPECT_EQ(changes[1].change, alert_change_kind::raised);
  EXPECT_NE(changes[1].alert.message.find("Teguran tertulis"), std::string::npos) << changes[1].alert.message;
  // A fifth day within the same measure: nothing new.
  s.record = {5, 3, indicators::absence_measure::teguran_tertulis};
  EXPECT_TRUE(m.absence_standing(std::vector{s}, now + 2000).empty());
  EXPECT_EQ(m.active_count(), 1u);

  // Leave recorded for two of the days: 3 again, a lighter measure, which is also news.
  s.record = {3, 3, indicators::absence_measure::teguran_lisan};
  changes = m.absence_standing(std::vector{s}, now + 3000);
  ASSERT_EQ(changes.size(), 2u);
  // No longer listed (below every threshold): cleared.
  changes = m.absence_standing({}, now + 4000);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].change, alert_change_kind::cleared);
  EXPECT_EQ(m.active_count(), 0u);
}

}  // namespace
}  // namespace pantau::hub
