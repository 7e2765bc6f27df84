// Who is at the counter and how the greeting bands their check-in: the discipline rule shared with the
// hub, in the zone, holidays and band bounds of the hub's config. Pure logic, no I/O.
#include <gtest/gtest.h>

#include <string>

#include "pantau/kiosk/attendance_day.hpp"
#include "pantau/kiosk/counter_presence.hpp"

namespace pantau::kiosk {
namespace {

const std::string nip = "198503152010011001";
constexpr int wib = 7 * 60;
// Monday 23 November 2026, 07:28 WIB.
constexpr std::int64_t monday_0728_wib = 1'795'393'680'000;
constexpr std::int64_t minute = 60'000;

TEST(lateness, bands_drop_the_seconds_as_design_says) {
  const work_schedule s{};  // 07:30
  // Local midnight of 2026-11-23 in WIB, as UTC ms.
  const std::int64_t midnight = monday_0728_wib - (7 * 60 + 28) * minute;
  auto at = [&](int h, int m, int sec) { return midnight + (h * 60 + m) * minute + sec * 1000; };
  EXPECT_EQ(lateness_of(at(7, 30, 59), wib, s), lateness::on_time);
  EXPECT_EQ(lateness_of(at(7, 31, 0), wib, s), lateness::tl1);
  EXPECT_EQ(lateness_of(at(8, 0, 59), wib, s), lateness::tl1);
  EXPECT_EQ(lateness_of(at(8, 1, 0), wib, s), lateness::tl2);
  EXPECT_EQ(lateness_of(at(8, 30, 59), wib, s), lateness::tl2);
  EXPECT_EQ(lateness_of(at(8, 31, 0), wib, s), lateness::tl3);
  EXPECT_EQ(lateness_of(at(9, 0, 59), wib, s), lateness::tl3);
  EXPECT_EQ(lateness_of(at(9, 1, 0), wib, s), lateness::tl4);
  EXPECT_EQ(lateness_of(at(6, 0, 0), wib, s), lateness::on_time);
  EXPECT_EQ(lateness_of(at(7, 35, 0), wib, work_schedule{.grace_minutes = 5}), lateness::on_time);
  EXPECT_EQ(lateness_of(at(7, 36, 0), wib, work_schedule{.grace_minutes = 5}), lateness::tl1);
  EXPECT_EQ(local_hh_mm(at(7, 28, 59), wib), "07:28");
  // 06:58 WIB is 07:58 WITA: TL1 for a WITA site.
  EXPECT_EQ(lateness_of(at(6, 58, 0), 8 * 60, s), lateness::tl1);
  EXPECT_STREQ(to_string(lateness::on_time), "tepat waktu");
  EXPECT_STREQ(to_string(lateness::tl3), "TL3");
}

TEST(lateness, the_hubs_band_bounds_decide_as_they_do_in_the_indicators) {
  const work_schedule s{};  // 07:30
  const std::int64_t midnight = monday_0728_wib - (7 * 60 + 28) * minute;
  auto at = [&](int h, int m) { return midnight + (h * 60 + m) * minute; };
  // Two bands as some regions have them: up to 60 minutes, then beyond.
  const band_bounds two{60, 61 * 60, 62 * 60};
  EXPECT_EQ(lateness_of(at(8, 30), wib, s, two), lateness::tl1);
  EXPECT_EQ(lateness_of(at(8, 31), wib, s, two), lateness::tl2);
  for (int m = -5; m <= 200; ++m)
    EXPECT_EQ(static_cast<int>(lateness_of(at(7, 30) + m * minute, wib, s)), discipline_band(m, 0, default_band_bounds))
        << m << " minutes";
}

TEST(counter_presence, the_hubs_zone_holidays_and_bands_apply_from_its_config) {
  kiosk_settings hub;
  hub.zone = "WITA";
  hub.holidays = {"2026-11-24", "not-a-date"};
  hub.bands = {10, 20, 30};
  const site_rules rules = site_rules_of(hub, wib);
  EXPECT_EQ(rules.utc_offset_minutes, 8 * 60);
  EXPECT_EQ(rules.bands, (band_bounds{10, 20, 30}));
  ASSERT_EQ(rules.holidays.size(), 1u);
  EXPECT_EQ(*rules.holidays.begin(), local_day_number(monday_0728_wib + 24 * 60 * minute, wib));
  hub.zone = "XYZ";
  EXPECT_EQ(site_rules_of(hub, wib).utc_offset_minutes, wib) << "an unknown zone keeps the kiosk's own";

  counter_presence p(wib, work_schedule{});
  p.set_rules(site_rules_of(kiosk_settings{.zone = "WITA", .holidays = {"2026-11-24"}, .bands = {10, 20, 30}}, wib));
  // Monday 07:28 WIB is 08:28 WITA: 58 minutes late, TL4 under bounds 10/20/30.
  p.record_scan(nip, attendance_data::action_t::in, monday_0728_wib);
  auto e = p.current(monday_0728_wib);
  ASSERT_TRUE(e && e->band);
  EXPECT_EQ(*e->band, lateness::tl4);
  EXPECT_EQ(e->minutes_late, 58);
  EXPECT_EQ(e->time, "08:28");
  // Tuesday 24 November is a holiday at this site: no band at all.
  p.record_scan(nip, attendance_data::action_t::in, monday_0728_wib + 24 * 60 * minute);
  e = p.current(monday_0728_wib + 24 * 60 * minute);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->band.has_value());
}

TEST(counter_presence, a_later_scan_the_same_day_keeps_the_first_check_in_band) {
  counter_presence p(wib, work_schedule{});
  p.record_scan(nip, attendance_data::action_t::in, monday_0728_wib + 45 * minute);  // 08:13 TL1
  p.record_scan(nip, attendance_data::action_t::out, monday_0728_wib + 9 * 60 * minute);
  auto e = p.current(monday_0728_wib + 9 * 60 * minute);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->action, attendance_data::action_t::out);
  EXPECT_FALSE(e->band.has_value());
  EXPECT_FALSE(e->minutes_late.has_value()) << "a check-out says no lateness";
  EXPECT_EQ(e->time, "16:28");
  EXPECT_FALSE(p.current(monday_0728_wib + 24 * 60 * minute).has_value());
}

TEST(counter_presence, the_units_own_hours_decide_the_band_and_a_day_off_has_none) {
  counter_presence p(wib, work_schedule{});
  weekly_schedule shift{};
  shift[0] = work_schedule{.start_minutes = 7 * 60, .grace_minutes = 15};  // Monday 07:00, 15 min grace
  p.set_schedule(nip, shift);
  p.record_scan(nip, attendance_data::action_t::in, monday_0728_wib);  // 28 min after 07:00
  EXPECT_EQ(p.current(monday_0728_wib)->band, lateness::tl1);
  // The minutes count from the start, not from the end of the grace.
  EXPECT_EQ(p.current(monday_0728_wib)->minutes_late, 28);
  const std::int64_t tuesday = monday_0728_wib + 24 * 60 * minute;
  p.record_scan(nip, attendance_data::action_t::in, tuesday);  // Tuesday: not a working day here
  EXPECT_FALSE(p.current(tuesday)->band.has_value());
  EXPECT_EQ(local_weekday(monday_0728_wib, wib), 0);
  EXPECT_EQ(local_weekday(tuesday, wib), 1);
}

TEST(counter_presence, minutes_late_come_with_a_late_band_only_and_stay_with_the_first_check_in) {
  counter_presence p(wib, work_schedule{});
  p.record_scan(nip, attendance_data::action_t::in, monday_0728_wib);  // 07:28: on time
  EXPECT_EQ(p.current(monday_0728_wib)->band, lateness::on_time);
  EXPECT_FALSE(p.current(monday_0728_wib)->minutes_late.has_value());

  const std::string other = "199001012015022002";
  p.record_scan(other, attendance_data::action_t::in, monday_0728_wib + 14 * minute + 59'000);  // 07:42:59
  EXPECT_EQ(p.current(monday_0728_wib + 15 * minute)->minutes_late, 12);
  p.record_scan(other, attendance_data::action_t::in, monday_0728_wib + 90 * minute);  // again at 08:58
  EXPECT_EQ(p.current(monday_0728_wib + 90 * minute)->minutes_late, 12);

  // An unsynced clock gives no band, so no minutes either.
  counter_presence q(wib, work_schedule{});
  q.record_scan(nip, attendance_data::action_t::in, monday_0728_wib + 60 * minute, clock_state::unsynced);
  EXPECT_EQ(q.current(monday_0728_wib + 60 * minute)->band, lateness::needs_review);
  EXPECT_FALSE(q.current(monday_0728_wib + 60 * minute)->minutes_late.has_value());
}

}  // namespace
}  // namespace pantau::kiosk
