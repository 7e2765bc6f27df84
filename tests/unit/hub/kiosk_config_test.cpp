// The kiosks' retained config: what it holds for one office, and that the publisher sends it once per
// change, again after a reconnect, and retries what the broker did not take.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hub_fakes.hpp"
#include "pantau/hub/core/kiosk_config.hpp"
#include "pantau/hub/mqtt/config_publisher.hpp"
#include "pantau/hub/service/organisation_service.hpp"
#include "pantau/shared/codec.hpp"
#include "pantau/shared/topics.hpp"

namespace pantau::hub {
namespace {

organisation two_offices() {
  organisation org = demo_organisation();
  org.offices.push_back({"palangkaraya-dpmptsp", "DPMPTSP Palangka Raya", indicators::zone::wib});
  org.units.push_back({"perizinan", "palangkaraya-dpmptsp", "Perizinan", 10, 95.0, 76.61, std::nullopt});
  org.counters.push_back({"palangkaraya-dpmptsp", "loket-1", "perizinan"});
  org.employees.push_back({"199203042019031004", "Dayang Mariani", "perizinan"});
  org.holidays.push_back({"binjai-dukcapil", {2026, 12, 25}, "Natal"});
  return org;
}

TEST(kiosk_config, holds_the_office_roster_counters_hours_and_holidays_only) {
  const auto org = two_offices();
  const auto s = settings_for_kiosk(org, "binjai-dukcapil", "k-01", {"id", "skm"}, 1795307462123);
  EXPECT_EQ(s.office, "binjai-dukcapil");
  EXPECT_EQ(s.kiosk, "k-01");
  EXPECT_EQ(s.zone, "WIB");
  EXPECT_EQ(s.rating_mode, "skm");
  EXPECT_EQ(s.issued, "2026-11-22T00:31:02.123Z");
  EXPECT_EQ(s.roster.size(), demo_organisation().employees.size());
  EXPECT_EQ(s.find_employee("199203042019031004"), nullptr) << "another office's employee";
  EXPECT_EQ(s.counters.size(), 3U);
  ASSERT_EQ(s.holidays, std::vector<std::string>{"2026-12-25"});
  ASSERT_EQ(s.hours.size(), 3U);
  const auto* h = s.hours_of("pendaftaran");
  ASSERT_NE(h, nullptr);
  // Perpres 21/2023: Monday 07:30-16:00, Friday until 16:30, no Saturday.
  ASSERT_TRUE(h->weekly[0].has_value());
  EXPECT_EQ(h->weekly[0]->start_min, 7 * 60 + 30);
  EXPECT_EQ(h->weekly[0]->end_min, 16 * 60);
  ASSERT_TRUE(h->weekly[4].has_value());
  EXPECT_EQ(h->weekly[4]->end_min, 16 * 60 + 30);
  EXPECT_FALSE(h->weekly[5].has_value());
  EXPECT_TRUE(decode_settings(encode_settings(s)).ok());

  const auto other = settings_for_kiosk(org, "palangkaraya-dpmptsp", "k-01", {}, 0);
  ASSERT_EQ(other.roster.size(), 1U);
  EXPECT_EQ(other.hours_of("perizinan")->grace_minutes, 10);
  EXPECT_TRUE(other.holidays.empty());
}

struct sent {
  std::string topic;
  std::string payload;
};

TEST(config_publisher, publishes_once_per_change_again_after_a_reconnect_and_retries_failures) {
  test::memory_org store;
  auto org = organisation_service::open(store).value();
  manual_clock clk(1795307462123);
  std::vector<sent> log;
  bool broker_takes_it = true;
  std::uint64_t epoch = 0;
  config_publisher pub(
      *org,
      [&](const std::string& t, const std::string& p) {
        if (!broker_takes_it) return false;
        log.push_back({t, p});
        return true;
      },
      [&] { return epoch; }, clk);
  pub.add_kiosk("binjai-dukcapil", "k-01");
  EXPECT_EQ(pub.refresh(), 0) << "not connected yet";

  epoch = 1;
  EXPECT_EQ(pub.refresh(), 1);
  ASSERT_EQ(log.size(), 1U);
  EXPECT_EQ(log[0].topic, topics::make("binjai-dukcapil", "k-01", topics::kind::config));
  ASSERT_TRUE(decode_settings(log[0].payload).ok());

  clk.advance(60'000);  // only "issued" would differ: nothing new for the kiosk
  EXPECT_EQ(pub.refresh(), 0);

  organisation added;
  added.employees.push_back({"199203042019031004", "Dayang Mariani", "pendaftaran"});
  ASSERT_TRUE(org->put_org(added).ok());
  EXPECT_EQ(pub.refresh(), 1);
  ASSERT_EQ(log.size(), 2U);
  EXPECT_NE(decode_settings(log[1].payload)->find_employee("199203042019031004"), nullptr);

  epoch = 2;  // reconnected: the broker may have lost its retained messages
  EXPECT_EQ(pub.refresh(), 1);

  pub.add_kiosk("binjai-dukcapil", "k-02");
  broker_takes_it = false;
  EXPECT_EQ(pub.refresh(), 0);
  broker_takes_it = true;
  EXPECT_EQ(pub.refresh(), 1) << "the one the broker refused is sent on the next pass";
  EXPECT_EQ(log.back().topic, topics::make("binjai-dukcapil", "k-02", topics::kind::config));
}

}  // namespace
}  // namespace pantau::hub
