#include "pantau/kiosk/attendance_day.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pantau::kiosk {
namespace {

using action = attendance_data::action_t;
constexpr int wib = 7 * 60;
constexpr int wit = 9 * 60;
// 2026-11-22T00:00:00Z
constexpr std::int64_t day0_utc = 1'795'305'600'000;
constexpr std::int64_t hour = 3'600'000;

TEST(attendance_day, first_scan_of_the_local_day_is_in_then_out) {
  EXPECT_EQ(attendance_action_for(std::nullopt, day0_utc, wib), action::in);
  // 07:10 and 16:05 WIB on the same local day.
  EXPECT_EQ(attendance_action_for(day0_utc + 10 * 60'000, day0_utc + 9 * hour + 5 * 60'000, wib), action::out);
  // The next morning is a new day.
  EXPECT_EQ(attendance_action_for(day0_utc + 9 * hour, day0_utc + 24 * hour, wib), action::in);
}

TEST(attendance_day, days_are_counted_in_the_site_zone_not_utc) {
  // 16:30Z and 17:30Z are the same UTC day, but 23:30 and 00:30 WIB: two local days.
  EXPECT_EQ(attendance_action_for(day0_utc + 16 * hour + hour / 2, day0_utc + 17 * hour + hour / 2, wib), action::in);
  // 16:30Z is 01:30 WIT of the next day already; 17:30Z the same WIT day.
  EXPECT_EQ(attendance_action_for(day0_utc + 16 * hour + hour / 2, day0_utc + 17 * hour + hour / 2, wit), action::out);
  EXPECT_EQ(local_day_number(-1, 0), -1);
  EXPECT_EQ(local_day_number(0, 0), 0);
  EXPECT_EQ(local_day_number(-7 * hour, wib), 0);
}

TEST(attendance_day, book_tracks_each_employee_separately) {
  attendance_day_book book(wib);
  const std::string a = "198503152010011001", b = "199001012015022002";
  EXPECT_EQ(book.action_for(a, day0_utc), action::in);
  EXPECT_EQ(book.action_for(a, day0_utc), action::in) << "action_for records nothing";
  EXPECT_EQ(book.record(a, day0_utc), action::in);
  EXPECT_EQ(book.action_for(a, day0_utc + 1000), action::out);
  EXPECT_EQ(book.record(b, day0_utc + 1000), action::in);
  EXPECT_EQ(book.record(a, day0_utc + 8 * hour), action::out);
  EXPECT_EQ(book.record(a, day0_utc + 9 * hour), action::out);
  EXPECT_EQ(book.record(a, day0_utc + 24 * hour), action::in);
  EXPECT_EQ(book.record(b, day0_utc + 24 * hour), action::in);
}

TEST(attendance_day, book_survives_a_restart_through_its_text) {
  const std::string a = "198503152010011001", b = "199001012015022002";
  attendance_day_book before(wib);
  before.record(a, day0_utc + hour / 2);               // 07:30 WIB
  before.record(b, day0_utc - 20 * hour);              // yesterday
  const std::string kept = before.encode(day0_utc + hour);
  EXPECT_EQ(kept, "v1\n" + a + " " + std::to_string(day0_utc + hour / 2) + "\n") << "yesterday is left out";

  attendance_day_book after(wib);
  ASSERT_TRUE(after.restore(kept));
  EXPECT_EQ(after.action_for(a, day0_utc + 9 * hour), action::out);  // 16:00 WIB: a check-out
  EXPECT_EQ(after.action_for(b, day0_utc + 9 * hour), action::in);
  EXPECT_EQ(after.encode(day0_utc + hour), kept);
}

TEST(attendance_day, garbage_changes_nothing) {
  const std::string a = "198503152010011001";
  attendance_day_book book(wib);
  book.record(a, day0_utc);
  for (const std::string& bad : std::vector<std::string>{"", "v2\n", "v1\nno-time\n", "v1\n" + a + " 12x\n", "v1\n 123\n", "hello"})
    EXPECT_FALSE(book.restore(bad)) << bad;
  EXPECT_EQ(book.action_for(a, day0_utc + hour), action::out);
  EXPECT_TRUE(book.restore("v1\n"));  // an empty day is a valid book
  EXPECT_EQ(book.action_for(a, day0_utc + hour), action::in);
}

}  // namespace
}  // namespace pantau::kiosk
