#include "pantau/hub/indicators/alerts.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pantau::hub::indicators {
namespace {

constexpr civil_date kFriday{2026, 11, 27};
constexpr civil_date kSaturday{2026, 11, 28};
constexpr civil_date kMonday{2026, 11, 30};

std::int64_t wib(civil_date d, int h, int m, int s = 0) { return to_utc_ms(d, hm(h, m), zone::wib) + s * 1000; }

TEST(Alerts, LowSatisfactionNeedsHalfLowAndFourResponses) {
  const std::int64_t now = wib(kMonday, 10, 0);
  std::vector<rating_sample> r{{wib(kMonday, 9, 46), 2, false},
                               {wib(kMonday, 9, 50), 1, false},
                               {wib(kMonday, 9, 55), 4, false},
                               {wib(kMonday, 9, 59), 3, false}};
  const auto a = low_satisfaction_alert("loket-3", r, now, zone::wib);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, alert_kind::low_satisfaction);
  EXPECT_EQ(a->subject, "loket-3");
  EXPECT_EQ(a->message,
            "Kepuasan rendah di loket-3: 2 dari 4 penilaian bernilai 2 atau kurang dalam 15 menit terakhir "
            "(sampai 10:00 WIB)");

  // Three responses are not enough.
  EXPECT_FALSE(low_satisfaction_alert("loket-3", std::span(r).subspan(1), now, zone::wib));
  // One low of four is 25 %.
  r[0].overall = 3;
  EXPECT_FALSE(low_satisfaction_alert("loket-3", r, now, zone::wib));
  r[0].overall = 2;

  // The window is (now - 15 min, now].
  std::vector<rating_sample> edge = r;
  edge[0].ts_ms = now - 15 * ms_per_minute;
  EXPECT_FALSE(low_satisfaction_alert("loket-3", edge, now, zone::wib));
  edge[0].ts_ms = now - 15 * ms_per_minute + 1;
  EXPECT_TRUE(low_satisfaction_alert("loket-3", edge, now, zone::wib));
  edge[0].ts_ms = now + 1;
  EXPECT_FALSE(low_satisfaction_alert("loket-3", edge, now, zone::wib));

  // Misuse-flagged lows are left out unless the policy includes them.
  std::vector<rating_sample> misuse = r;
  misuse.push_back({wib(kMonday, 9, 58), 1, true});
  misuse[0].misuse = true;
  EXPECT_FALSE(low_satisfaction_alert("loket-3", misuse, now, zone::wib));
  alert_policy include;
  include.include_misuse = true;
  EXPECT_TRUE(low_satisfaction_alert("loket-3", misuse, now, zone::wib, include));

  // Element-only ratings (no overall) do not count.
  std::vector<rating_sample> no_overall = r;
  no_overall[2].overall = std::nullopt;
  EXPECT_FALSE(low_satisfaction_alert("loket-3", no_overall, now, zone::wib));
}

TEST(Alerts, KioskOfflineMoreThanFiveMinutesOfWorkingHours) {
  const unit_schedule hours;
  // Off since 07:00; working hours start 07:30, so at 07:35 only 5 minutes count.
  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kMonday, 7, 0), wib(kMonday, 7, 35), hours));
  const auto a = kiosk_offline_alert("k-01", false, wib(kMonday, 7, 0), wib(kMonday, 7, 35) + 1, hours);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, alert_kind::kiosk_offline);
  EXPECT_EQ(a->message, "Kiosk k-01 luring sejak 2026-11-30 07:00 WIB, lebih dari 5 menit dalam jam kerja");

  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kMonday, 10, 0), wib(kMonday, 10, 5), hours));
  EXPECT_TRUE(kiosk_offline_alert("k-01", false, wib(kMonday, 10, 0), wib(kMonday, 10, 6), hours));
  EXPECT_FALSE(kiosk_offline_alert("k-01", true, wib(kMonday, 10, 0), wib(kMonday, 12, 0), hours));
  // After hours and on Saturday nothing counts.
  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kMonday, 16, 10), wib(kMonday, 22, 0), hours));
  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kSaturday, 8, 0), wib(kSaturday, 12, 0), hours));
  // Friday closes at 16:30: off since 16:20 is 10 minutes of working hours, still true on Saturday.
  EXPECT_TRUE(kiosk_offline_alert("k-01", false, wib(kFriday, 16, 20), wib(kSaturday, 9, 0), hours));
  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kFriday, 16, 26), wib(kSaturday, 9, 0), hours));
  // A holiday is not working hours.
  unit_schedule holiday = hours;
  holiday.holidays.insert(kMonday);
  EXPECT_FALSE(kiosk_offline_alert("k-01", false, wib(kMonday, 7, 0), wib(kMonday, 12, 0), holiday));
}

TEST(Alerts, BacklogGrowingOverConsecutiveReports) {
  const std::vector<status_sample> growing{{1, 0}, {2, 5}, {3, 12}, {4, 30}};
  const auto a = backlog_growing_alert("k-02", growing);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, alert_kind::backlog_growing);
  EXPECT_EQ(a->at_ms, 4);
  EXPECT_EQ(a->message,
            "Antrean kirim kiosk k-02 terus bertambah dalam 4 laporan status berturut-turut: 0 → 5 → 12 → 30 "
            "peristiwa belum terkirim");

  EXPECT_FALSE(backlog_growing_alert("k-02", std::vector<status_sample>{{1, 5}, {2, 12}, {3, 12}, {4, 30}}));
  EXPECT_FALSE(backlog_growing_alert("k-02", std::vector<status_sample>{{1, 1}, {2, 2}, {3, 3}, {4, 4}}));
  EXPECT_FALSE(backlog_growing_alert("k-02", std::vector<status_sample>{{2, 5}, {3, 12}, {4, 30}}));
  // Only the last four reports matter.
  EXPECT_TRUE(backlog_growing_alert("k-02", std::vector<status_sample>{{0, 50}, {1, 0}, {2, 5}, {3, 12}, {4, 30}}));
  EXPECT_FALSE(backlog_growing_alert("k-02", std::vector<status_sample>{{1, 0}, {2, 5}, {3, 12}, {4, 30}, {5, 29}}));
  alert_policy two;
  two.backlog_increases = 2;
  two.backlog_min = 0;
  EXPECT_TRUE(backlog_growing_alert("k-02", std::vector<status_sample>{{1, 1}, {2, 2}, {3, 3}}, two));
}

TEST(Alerts, UnitAttendanceBelowTargetByLocalTime) {
  const auto a = attendance_below_target_alert("dukcapil-pelayanan", zone::wib, wib(kMonday, 8, 0), 10, 8);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, alert_kind::attendance_below_target);
  EXPECT_EQ(a->message,
            "Kehadiran dukcapil-pelayanan pukul 08:00 WIB: 8 dari 10 pegawai (80,00 %), di bawah target 90,00 % "
            "yang berlaku sejak pukul 08:00");
  EXPECT_FALSE(attendance_below_target_alert("u", zone::wib, wib(kMonday, 7, 59, 59), 10, 8));
  EXPECT_FALSE(attendance_below_target_alert("u", zone::wib, wib(kMonday, 8, 0), 10, 9));  // exactly 90 %
  EXPECT_FALSE(attendance_below_target_alert("u", zone::wib, wib(kMonday, 8, 0), 0, 0));
  // 00:00Z on Monday is 08:00 WITA but 07:00 WIB.
  const std::int64_t instant = to_utc_ms(kMonday, hm(8, 0), zone::wita);
  EXPECT_TRUE(attendance_below_target_alert("u", zone::wita, instant, 10, 8));
  EXPECT_FALSE(attendance_below_target_alert("u", zone::wib, instant, 10, 8));
}

TEST(Alerts, PolicyValidation) {
  EXPECT_TRUE(validate(alert_policy{}).ok());
  alert_policy p;
  p.low_share_pct = 0;
  auto r = validate(p);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, errc::invalid_policy);
  p = {};
  p.attendance_check_min = hm(24, 0);
  EXPECT_FALSE(validate(p).ok());
  p = {};
  p.backlog_increases = 0;
  EXPECT_FALSE(validate(p).ok());
  EXPECT_EQ(to_string(alert_kind::kiosk_offline), "kiosk_offline");
}

}  // namespace
}  // namespace pantau::hub::indicators
